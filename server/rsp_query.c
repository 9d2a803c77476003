/*
 * rsp_query — capability and thread queries and settings: qSupported
 * QStartNoAckMode H T qC qfThreadInfo qsThreadInfo qAttached QPassSignals
 * QProgramSignals qSymbol QNonStop.
 *
 * Contract: qSupported is built from the same checks that decide dispatch
 * (target groups present, codec packet size), so what we advertise is what
 * we serve.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "gdb_signals.h"
#include "rsp.h"

enum { THREAD_LIST_MAX = 4096, THREAD_IDS_PER_REPLY = 256 };

static bool has_feature(const struct rsp_request *r, const char *name)
{
	const char *p = r->u.supported.features;
	const char *end = p + r->u.supported.len;
	size_t n = strlen(name);

	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *stop = semi ? semi : end;

		if ((size_t)(stop - p) == n && !memcmp(p, name, n))
			return true;
		p = stop + 1;
	}
	return false;
}

/* Does gdb take our register layout from target.xml? Only when its
 * xmlRegisters= list names our family (gdbserver's rule). */
static bool xml_registers(const struct rsp_session *s, const struct rsp_request *r)
{
	const char *f = r->u.supported.features;
	const char *end = f + r->u.supported.len;
	const char *key = memmem(f, r->u.supported.len, "xmlRegisters=", 13);
	size_t n = strlen(s->arch->xml_family);

	if (!key)
		return false;
	for (const char *p = key + 13; p < end && *p != ';';) {
		const char *stop = p;

		while (stop < end && *stop != ',' && *stop != ';')
			stop++;
		if ((size_t)(stop - p) == n && !memcmp(p, s->arch->xml_family, n))
			return true;
		p = stop + (stop < end && *stop == ',');
	}
	return false;
}

static int supported(struct rsp_session *s, const struct rsp_request *r)
{
	const struct target_ops *ops = s->kind;
	struct strbuf *sb = &s->reply;

	s->multiprocess = has_feature(r, "multiprocess+");
	s->swbreak = has_feature(r, "swbreak+");
	s->hwbreak = has_feature(r, "hwbreak+");
	s->xml_registers = xml_registers(s, r);
	s->exec_events = has_feature(r, "exec-events+") && ops && ops->xfer;
	s->no_resumed = has_feature(r, "no-resumed+");
	strbuf_reset(sb);
	strbuf_addf(sb, "PacketSize=%x;%sQPassSignals+;QProgramSignals+;", RSP_PACKET_SIZE,
		    s->serial_line ? "" : "QStartNoAckMode+;");
	strbuf_adds(sb, "qXfer:features:read+;qXfer:threads:read+;multiprocess+;"
			"vContSupported+;binary-upload+;no-resumed+");
	if (ops && ops->xfer)
		strbuf_adds(sb, ";qXfer:auxv:read+;qXfer:exec-file:read+;"
				"qXfer:libraries-svr4:read+;qXfer:siginfo:read+;"
				"qXfer:siginfo:write+;qXfer:osdata:read+;exec-events+");
	if (ops && ops->bp && ops->bp->supports(NULL, TARGET_BP_SW))
		strbuf_adds(sb, ";swbreak+");
	if (ops && ops->bp && ops->bp->supports(NULL, TARGET_BP_HW))
		strbuf_adds(sb, ";hwbreak+");
	if (ops && ops->bp && ops->bp_cond)
		strbuf_adds(sb, ";ConditionalBreakpoints+;BreakpointCommands+");
	if (s->launch) /* rsp_launch.c */
		strbuf_adds(sb, ";QEnvironmentHexEncoded+;QEnvironmentUnset+;"
				"QEnvironmentReset+;QSetWorkingDir+;QStartupWithShell+;"
				"QDisableRandomization+");
	rsp_send(s, sb->buf, sb->len);
	return 0;
}

static int start_noack(struct rsp_session *s)
{
	if (s->serial_line)
		return -ENOSYS;
	rsp_send_ok(s); /* acknowledged in the old mode, as the manual says */
	s->noack = true;
	return 0;
}

static int set_thread(struct rsp_session *s, const struct rsp_request *r)
{
	const struct rsp_ptid *id = &r->u.set_thread.ptid;
	pid_t tid = rsp_resolve_thread(s, id);

	if (!tid)
		return -ESRCH;
	if (id->tid != RSP_ID_ALL && id->tid != RSP_ID_ANY) {
		if (r->u.set_thread.op == 'g')
			s->g_thread = tid;
		else
			s->c_thread = tid;
	} else if (r->u.set_thread.op == 'c') {
		s->c_thread = 0;
	}
	rsp_send_ok(s);
	return 0;
}

static int thread_alive(struct rsp_session *s, const struct rsp_request *r)
{
	if (r->u.ptid.tid <= 0 || !rsp_resolve_thread(s, &r->u.ptid))
		return -ESRCH;
	rsp_send_ok(s);
	return 0;
}

static int current_thread(struct rsp_session *s)
{
	struct rsp_ptid any = { RSP_ID_ANY, RSP_ID_ANY };
	pid_t tid = rsp_resolve_thread(s, &any);

	if (!tid)
		return -ESRCH;
	strbuf_reset(&s->reply);
	strbuf_adds(&s->reply, "QC");
	rsp_add_thread_id(s, &s->reply, tid);
	rsp_send(s, s->reply.buf, s->reply.len);
	return 0;
}

/* qfThreadInfo / qsThreadInfo: many ids per reply, `l` when done. */
static int thread_list(struct rsp_session *s, bool first)
{
	pid_t *tids = calloc(THREAD_LIST_MAX, sizeof(*tids));
	size_t n = 0;

	if (!tids)
		return -ENOMEM;

	if (first)
		s->thread_list_pos = 0;
	if (s->target) {
		n = s->target->ops->threads(s->target, tids, THREAD_LIST_MAX);
		if (n > THREAD_LIST_MAX)
			n = THREAD_LIST_MAX;
	}
	strbuf_reset(&s->reply);
	strbuf_addc(&s->reply, s->thread_list_pos >= n ? 'l' : 'm');
	for (size_t i = 0; i < THREAD_IDS_PER_REPLY && s->thread_list_pos < n; i++) {
		if (i)
			strbuf_addc(&s->reply, ',');
		rsp_add_thread_id(s, &s->reply, tids[s->thread_list_pos++]);
	}
	free(tids);
	rsp_send(s, s->reply.buf, s->reply.len);
	return 0;
}

static int attached(struct rsp_session *s)
{
	if (!s->target)
		return -ESRCH;
	rsp_send_str(s, s->target->ops->attached(s->target) ? "1" : "0");
	return 0;
}

static int pass_signals(struct rsp_session *s, const struct rsp_request *r)
{
	memset(s->pass, 0, sizeof(s->pass));
	for (int g = 1; g < RSP_MAX_SIGNALS; g++) {
		int host = r->u.signals.set[g] ? gdb_signal_to_host(g) : 0;

		/* gdb's SIGPOLL is host SIGIO, which gdb calls SIGIO: passing
		 * SIGPOLL must not hide SIGIO (gdbserver tests in gdb's numbers) */
		if (gdb_signal_from_host(host) != g)
			continue;
		if (host > 0 && host < (int)(sizeof(s->pass) / sizeof(s->pass[0])))
			s->pass[host] = true;
	}
	if (s->target)
		s->target->ops->set_pass_signals(s->target, s->pass);
	rsp_send_ok(s);
	return 0;
}

int rsp_handle_query(struct rsp_session *s, const struct rsp_request *r)
{
	switch (r->kind) {
	case REQ_SUPPORTED:
		return supported(s, r);
	case REQ_START_NOACK:
		return start_noack(s);
	case REQ_SET_THREAD:
		return set_thread(s, r);
	case REQ_THREAD_ALIVE:
		return thread_alive(s, r);
	case REQ_CURRENT_THREAD:
		return current_thread(s);
	case REQ_THREAD_LIST_FIRST:
	case REQ_THREAD_LIST_NEXT:
		return thread_list(s, r->kind == REQ_THREAD_LIST_FIRST);
	case REQ_ATTACHED:
		return attached(s);
	case REQ_PASS_SIGNALS:
		return pass_signals(s, r);
	case REQ_PROGRAM_SIGNALS: /* every signal may be delivered: nothing to keep */
	case REQ_SYMBOL:
		rsp_send_ok(s);
		return 0;
	case REQ_NON_STOP:
		if (r->u.flag)
			return -EOPNOTSUPP;
		rsp_send_ok(s);
		return 0;
	default:
		return -ENOSYS;
	}
}
