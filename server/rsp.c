/*
 * rsp — session, dispatch and the reply path (see rsp.h for the contract).
 */
#include "rsp.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "arch/arch.h"
#include "debug.h"
#include "gdb_signals.h"
#include "hex.h"
#include "tdesc.h"

void rsp_session_init(struct rsp_session *s, int in_fd, int out_fd,
		      const struct target_ops *kind, const struct target_config *cfg,
		      struct target *t, const struct target_stop *first)
{
	memset(s, 0, sizeof(*s));
	s->in_fd = in_fd;
	s->out_fd = out_fd;
	rsp_decoder_init(&s->dec, RSP_PACKET_SIZE);
	strbuf_init(&s->last_frame, 0);
	strbuf_init(&s->reply, 0);
	strbuf_init(&s->mem, 0);
	strbuf_init(&s->scratch, 0);
	s->kind = kind;
	s->tdesc = cfg->tdesc;
	s->arch = cfg->arch;
	s->xml_registers = true; /* until qSupported says otherwise */
	strbuf_init(&s->xfer_obj, 0);
	strbuf_init(&s->xfer_key, 0);
	s->target = t;
	s->last_stop = *first;
	s->g_thread = first->tid;
	s->end = RSP_CONTINUE;
	s->output_fd = -1;
	memset(s->vfile_fds, -1, sizeof(s->vfile_fds));
}

void rsp_session_release(struct rsp_session *s)
{
	for (int i = 0; i < RSP_VFILE_MAX_FDS; i++)
		if (s->vfile_fds[i] >= 0)
			close(s->vfile_fds[i]);
	rsp_decoder_release(&s->dec);
	strbuf_release(&s->last_frame);
	strbuf_release(&s->reply);
	strbuf_release(&s->mem);
	strbuf_release(&s->scratch);
	strbuf_release(&s->xfer_obj);
	strbuf_release(&s->xfer_key);
}

int rsp_parse_disable(const char *list, unsigned *mask, const char **bad)
{
	static const struct {
		const char *name;
		unsigned bits;
	} names[] = {
		{ "vCont", RSP_DISABLE_VCONT },
		{ "Tthread", RSP_DISABLE_TTHREAD },
		{ "qC", RSP_DISABLE_QC },
		{ "qfThreadInfo", RSP_DISABLE_QFTHREADINFO },
		{ "T", RSP_DISABLE_T },
		{ "vConts", RSP_DISABLE_VCONT_STEP },
		{ "threads", RSP_DISABLE_VCONT | RSP_DISABLE_TTHREAD | RSP_DISABLE_QC |
				     RSP_DISABLE_QFTHREADINFO },
	};
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, ","), i;

		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i].name) == n && !strncmp(p, names[i].name, n))
				break;
		if (i == sizeof(names) / sizeof(names[0])) {
			*bad = p;
			return -EINVAL;
		}
		*mask |= names[i].bits;
		p += n + (p[n] == ',');
	}
	return 0;
}

/* True when --disable-packet hides the packet behind `r`. */
static bool disabled(const struct rsp_session *s, const struct rsp_request *r)
{
	switch (r->kind) {
	case REQ_VCONT_QUERY:
		return s->disabled & RSP_DISABLE_VCONT;
	case REQ_RESUME:
		return (s->disabled & RSP_DISABLE_VCONT) && !r->u.resume.legacy;
	case REQ_CURRENT_THREAD:
		return s->disabled & RSP_DISABLE_QC;
	case REQ_THREAD_LIST_FIRST:
	case REQ_THREAD_LIST_NEXT:
		return s->disabled & RSP_DISABLE_QFTHREADINFO;
	default:
		return false;
	}
}

static void write_all(struct rsp_session *s, const char *data, size_t len)
{
	while (len && s->end != RSP_END_HANGUP) {
		ssize_t n = write(s->out_fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			debug(DBG_RSP, "client write failed: %s", strerror(errno));
			s->end = RSP_END_HANGUP;
			return;
		}
		data += n;
		len -= (size_t)n;
	}
}

/* A long reply goes out in pieces of about this many frame bytes, each
 * written as soon as it is encoded: gdb reads one while the next is made. */
enum { SEND_PIECE = 32768 };

/* Write what is encoded and not sent yet. Without acks the frame is never
 * retransmitted, so the buffer restarts empty (and stays cache-sized). */
static void send_pending(struct rsp_session *s)
{
	struct strbuf *f = &s->last_frame;

	write_all(s, f->buf + s->frame_sent, f->len - s->frame_sent);
	s->frame_sent = f->len;
	if (s->noack) {
		strbuf_reset(f);
		s->frame_sent = 0;
	}
}

void rsp_send_begin(struct rsp_session *s)
{
	debug_packet_open("->");
	strbuf_reset(&s->last_frame);
	strbuf_addc(&s->last_frame, '$');
	s->frame_sent = 0;
	s->frame_sum = 0;
}

void rsp_send_part(struct rsp_session *s, const void *part, size_t len)
{
	const uint8_t *p = part;

	debug_packet_bytes(part, len);
	while (len) {
		size_t n = len < SEND_PIECE ? len : SEND_PIECE;

		rsp_encode_part(&s->last_frame, p, n, &s->frame_sum, s->rle);
		p += n;
		len -= n;
		if (s->last_frame.len - s->frame_sent >= SEND_PIECE)
			send_pending(s);
	}
}

/* With runs, the digits go through the run-length encoder. */
static void send_part_hex_rle(struct rsp_session *s, const uint8_t *d, size_t len)
{
	while (len) {
		size_t n = len < SEND_PIECE / 2 ? len : SEND_PIECE / 2;

		strbuf_reset(&s->scratch);
		strbuf_grow(&s->scratch, 2 * n);
		hex_encode(s->scratch.buf, d, n);
		strbuf_setlen(&s->scratch, 2 * n);
		rsp_send_part(s, s->scratch.buf, 2 * n);
		d += n;
		len -= n;
	}
}

void rsp_send_part_hex(struct rsp_session *s, const void *data, size_t len)
{
	const uint8_t *d = data;
	struct strbuf *f = &s->last_frame;

	if (s->rle) {
		send_part_hex_rle(s, d, len);
		return;
	}
	while (len) {
		size_t n = len < SEND_PIECE / 2 ? len : SEND_PIECE / 2;
		char *digits;

		strbuf_grow(f, 2 * n);
		digits = f->buf + f->len;
		hex_encode(digits, d, n);
		debug_packet_bytes(digits, 2 * n);
		s->frame_sum += rsp_checksum(digits, 2 * n);
		strbuf_setlen(f, f->len + 2 * n);
		d += n;
		len -= n;
		if (f->len - s->frame_sent >= SEND_PIECE)
			send_pending(s);
	}
}

void rsp_send_end(struct rsp_session *s)
{
	debug_packet_close();
	rsp_encode_end(&s->last_frame, s->frame_sum);
	send_pending(s);
}

void rsp_send(struct rsp_session *s, const void *payload, size_t len)
{
	rsp_send_begin(s);
	rsp_send_part(s, payload, len);
	rsp_send_end(s);
}

void rsp_send_str(struct rsp_session *s, const char *payload)
{
	rsp_send(s, payload, strlen(payload));
}

void rsp_send_ok(struct rsp_session *s)
{
	rsp_send_str(s, "OK");
}

void rsp_send_error(struct rsp_session *s, int err)
{
	char buf[8];

	snprintf(buf, sizeof(buf), "E%02x", (err < 0 ? -err : err) & 0xff);
	rsp_send_str(s, buf);
}

void rsp_send_console(struct rsp_session *s, const char *text)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addc(&sb, 'O');
	strbuf_addhex(&sb, text, strlen(text));
	rsp_send(s, sb.buf, sb.len);
	strbuf_release(&sb);
}

void rsp_add_thread_id(struct rsp_session *s, struct strbuf *sb, pid_t tid)
{
	if (s->multiprocess)
		strbuf_addf(sb, "p%x.%x", (unsigned)s->target->ops->pid(s->target),
			    (unsigned)tid);
	else
		strbuf_addf(sb, "%x", (unsigned)tid);
}

pid_t rsp_resolve_thread(struct rsp_session *s, const struct rsp_ptid *id)
{
	struct target *t = s->target;

	if (!t)
		return 0;
	if (id->tid == RSP_ID_ALL || id->tid == RSP_ID_ANY) {
		if (s->g_thread && t->ops->thread_alive(t, s->g_thread))
			return s->g_thread;
		pid_t first;

		return t->ops->threads(t, &first, 1) ? first : 0;
	}
	return t->ops->thread_alive(t, (pid_t)id->tid) ? (pid_t)id->tid : 0;
}

static void add_expedited(struct rsp_session *s, struct strbuf *sb, pid_t tid,
			  const char *name)
{
	const struct tdesc_reg *reg = tdesc_find_reg(s->target->tdesc, name);
	uint8_t buf[64];

	if (!reg || reg->bitsize / 8 > (int)sizeof(buf))
		return;
	if (s->target->ops->reg_read(s->target, tid, reg->regnum, buf))
		return;
	strbuf_addf(sb, "%x:", reg->regnum);
	strbuf_addhex(sb, buf, (size_t)reg->bitsize / 8);
	strbuf_addc(sb, ';');
}

/* exec:HEXPATH; the new program's path */
static void add_exec_path(struct rsp_session *s, struct strbuf *sb, pid_t pid)
{
	struct strbuf path = STRBUF_INIT;

	if (!s->target->ops->xfer->exec_file(s->target, pid, &path)) {
		strbuf_adds(sb, "exec:");
		strbuf_addhex(sb, path.buf, path.len);
		strbuf_addc(sb, ';');
	}
	strbuf_release(&path);
}

/* Why the thread stopped, in the stop reply's words (gdb manual, "Stop Reply
 * Packets"); swbreak/hwbreak only when gdb said it understands them. */
static void add_reason(struct rsp_session *s, struct strbuf *sb, const struct target_stop *st)
{
	static const char *const watch[] = {
		[TARGET_REASON_WATCH] = "watch",
		[TARGET_REASON_RWATCH] = "rwatch",
		[TARGET_REASON_AWATCH] = "awatch",
	};

	switch (st->reason) {
	case TARGET_REASON_SWBREAK:
		if (s->swbreak)
			strbuf_adds(sb, "swbreak:;");
		break;
	case TARGET_REASON_HWBREAK:
		if (s->hwbreak)
			strbuf_adds(sb, "hwbreak:;");
		break;
	case TARGET_REASON_WATCH:
	case TARGET_REASON_RWATCH:
	case TARGET_REASON_AWATCH:
		strbuf_addf(sb, "%s:%llx;", watch[st->reason], (unsigned long long)st->addr);
		break;
	case TARGET_REASON_EXEC:
		if (s->exec_events)
			add_exec_path(s, sb, st->pid);
		break;
	default:
		break;
	}
}

void rsp_send_stop(struct rsp_session *s, const struct target_stop *st)
{
	struct strbuf *sb = &s->reply;
	struct target_stop t00;

	if (st->kind == TARGET_STOP_NO_RESUMED && !s->no_resumed) {
		t00 = *st; /* an old gdb: a plain stop of some thread */
		t00.kind = TARGET_STOP_SIGNAL;
		st = &t00;
	}
	strbuf_reset(sb);
	switch (st->kind) {
	case TARGET_STOP_NO_RESUMED:
		strbuf_addc(sb, 'N');
		break;
	case TARGET_STOP_EXITED:
		strbuf_addf(sb, "W%02x", st->status & 0xff);
		break;
	case TARGET_STOP_KILLED:
		strbuf_addf(sb, "X%02x", gdb_signal_from_host(st->sig));
		break;
	case TARGET_STOP_SIGNAL:
		if (s->disabled & RSP_DISABLE_T) {
			strbuf_addf(sb, "S%02x", gdb_signal_from_host(st->sig));
			break;
		}
		strbuf_addf(sb, "T%02x", gdb_signal_from_host(st->sig));
		add_expedited(s, sb, st->tid, s->target->arch->pc_reg);
		add_expedited(s, sb, st->tid, s->target->arch->sp_reg);
		add_expedited(s, sb, st->tid, s->target->arch->fp_reg);
		if (!(s->disabled & RSP_DISABLE_TTHREAD)) {
			strbuf_adds(sb, "thread:");
			rsp_add_thread_id(s, sb, st->tid);
			strbuf_addc(sb, ';');
		}
		add_reason(s, sb, st);
		if (s->lldb)
			rsp_lldb_add_stop_keys(s, sb, st);
		break;
	}
	if ((st->kind == TARGET_STOP_EXITED || st->kind == TARGET_STOP_KILLED) &&
	    s->multiprocess)
		strbuf_addf(sb, ";process:%x", (unsigned)st->pid);
	rsp_send(s, sb->buf, sb->len);
}

static int dispatch(struct rsp_session *s, const struct rsp_request *r)
{
	switch (r->kind) {
	case REQ_READ_REGS:
	case REQ_WRITE_REGS:
	case REQ_READ_REG:
	case REQ_WRITE_REG:
	case REQ_READ_MEM:
	case REQ_READ_MEM_BINARY:
	case REQ_WRITE_MEM:
	case REQ_INSERT_BP:
	case REQ_REMOVE_BP:
		return rsp_handle_data(s, r);
	case REQ_HALT_REASON:
	case REQ_EXTENDED:
	case REQ_RUN:
	case REQ_ATTACH:
	case REQ_RESTART:
	case REQ_VCONT_QUERY:
	case REQ_RESUME:
	case REQ_KILL:
	case REQ_DETACH:
		return rsp_handle_exec(s, r);
	case REQ_XFER_READ:
	case REQ_XFER_WRITE:
		return rsp_handle_xfer(s, r);
	case REQ_MONITOR:
		return rsp_handle_monitor(s, r);
	case REQ_VFILE:
		return rsp_handle_vfile(s, r);
	case REQ_LLDB_THREAD_SUFFIX:
	case REQ_LLDB_LIST_THREADS:
	case REQ_LLDB_HOST_INFO:
	case REQ_LLDB_PROCESS_INFO:
	case REQ_LLDB_REGISTER_INFO:
	case REQ_LLDB_THREADS_INFO:
	case REQ_LLDB_THREAD_STOP_INFO:
	case REQ_LLDB_MEMORY_REGION:
		return rsp_handle_lldb(s, r);
	case REQ_ENV_SET:
	case REQ_ENV_UNSET:
	case REQ_ENV_RESET:
	case REQ_SET_CWD:
	case REQ_STARTUP_WITH_SHELL:
	case REQ_DISABLE_RANDOMIZATION:
		return rsp_handle_launch(s, r);
	default:
		return rsp_handle_query(s, r);
	}
}

/* Map a handler's -errno to a reply (see the contract in rsp.h). */
static void serve_packet(struct rsp_session *s, const char *pkt, size_t len)
{
	struct rsp_request req;
	int err = rsp_parse(pkt, len, &req);

	if (!err && disabled(s, &req))
		err = -ENOSYS;
	if (!err)
		err = dispatch(s, &req);
	if (err == -ENOSYS)
		rsp_send(s, "", 0);
	else if (err < 0 && err != -ESHUTDOWN)
		rsp_send_error(s, err);
}

static void on_frame(struct rsp_session *s, enum rsp_input in)
{
	switch (in) {
	case RSP_IN_PACKET:
		debug_packet("<-", s->dec.payload.buf, s->dec.payload.len);
		if (!s->noack)
			write_all(s, "+", 1);
		serve_packet(s, s->dec.payload.buf, s->dec.payload.len);
		break;
	case RSP_IN_BAD_CHECKSUM:
		debug(DBG_REMOTE, "<- bad checksum, asking for a retransmit");
		if (!s->noack)
			write_all(s, "-", 1);
		break;
	case RSP_IN_TOO_LONG:
		debug(DBG_REMOTE, "<- packet over %d bytes dropped", RSP_PACKET_SIZE);
		if (!s->noack)
			write_all(s, "+", 1);
		rsp_send_error(s, -E2BIG);
		break;
	case RSP_IN_NAK:
		if (!s->noack && s->last_frame.len)
			write_all(s, s->last_frame.buf, s->last_frame.len);
		break;
	case RSP_IN_INTERRUPT:
		/* Even between two steps of gdb's (a software watchpoint, `next`):
		 * the SIGINT then stops the next resume, as with gdbserver. */
		debug(DBG_REMOTE, "<- interrupt");
		if (s->target)
			s->target->ops->interrupt(s->target);
		break;
	case RSP_IN_ACK:
	case RSP_IN_NONE:
		break;
	}
}

void rsp_input(struct rsp_session *s, const void *data, size_t len)
{
	const uint8_t *p = data;

	for (size_t i = 0; i < len && s->end == RSP_CONTINUE; i++) {
		enum rsp_input in = rsp_decoder_feed(&s->dec, p[i]);

		if (in != RSP_IN_NONE)
			on_frame(s, in);
	}
}

void rsp_program_output(struct rsp_session *s)
{
	char buf[4096];
	ssize_t n;

	while (s->output_fd >= 0 && s->end == RSP_CONTINUE &&
	       (n = read(s->output_fd, buf, sizeof(buf))) > 0) {
		rsp_send_begin(s);
		rsp_send_part(s, "O", 1);
		rsp_send_part_hex(s, buf, (size_t)n);
		rsp_send_end(s);
	}
}

void rsp_target_event(struct rsp_session *s)
{
	struct target_stop st;
	int rc;

	if (!s->running || !s->target)
		return;
	rc = s->target->ops->wait(s->target, &st, false);
	if (rc <= 0) {
		if (rc < 0)
			debug(DBG_RSP, "wait failed: %s", strerror(-rc));
		return;
	}
	rsp_program_output(s); /* what it wrote before it stopped comes first */
	s->running = false;
	if (st.kind == TARGET_STOP_NO_RESUMED) { /* not a stop `?` could repeat */
		rsp_send_stop(s, &st);
		return;
	}
	s->last_stop = st;
	if (st.kind == TARGET_STOP_SIGNAL)
		s->g_thread = st.tid;
	rsp_send_stop(s, &st);
	if (st.kind != TARGET_STOP_SIGNAL) {
		s->target->ops->destroy(s->target);
		s->target = NULL;
	}
}
