/*
 * rsp_parse — packet text to typed request (see rsp_request.h).
 *
 * One table row per packet: prefix, whether arguments may follow, parser.
 * Rows are tried in order and the first match wins, so a longer prefix must
 * come before any shorter prefix of it (unit-tested).
 */
#include "rsp_request.h"

#include <errno.h>
#include <string.h>

#include "hex.h"

struct cursor {
	const char *p;
	const char *end;
};

static bool at_end(const struct cursor *c)
{
	return c->p == c->end;
}

static int expect(struct cursor *c, char ch)
{
	if (at_end(c) || *c->p != ch)
		return -EINVAL;
	c->p++;
	return 0;
}

static int number(struct cursor *c, uint64_t *v)
{
	return hex_parse_u64(&c->p, c->end, v);
}

static int small_number(struct cursor *c, int *v, uint64_t max)
{
	uint64_t n;

	if (number(c, &n) || n > max)
		return -EINVAL;
	*v = (int)n;
	return 0;
}

static int id_number(const char **p, const char *end, int64_t *v)
{
	uint64_t n;

	if (*p < end && **p == '-') {
		if (*p + 1 >= end || (*p)[1] != '1')
			return -EINVAL;
		*p += 2;
		*v = RSP_ID_ALL;
		return 0;
	}
	if (hex_parse_u64(p, end, &n) || n > INT32_MAX)
		return -EINVAL;
	*v = (int64_t)n;
	return 0;
}

int rsp_parse_ptid(const char **p, const char *end, struct rsp_ptid *out)
{
	const char *s = *p;

	if (s < end && *s == 'p') {
		s++;
		if (id_number(&s, end, &out->pid))
			return -EINVAL;
		out->tid = RSP_ID_ALL;
		if (s < end && *s == '.') {
			s++;
			if (id_number(&s, end, &out->tid))
				return -EINVAL;
		}
	} else {
		out->pid = RSP_ID_ANY;
		if (id_number(&s, end, &out->tid))
			return -EINVAL;
	}
	*p = s;
	return 0;
}

static int ptid(struct cursor *c, struct rsp_ptid *out)
{
	return rsp_parse_ptid(&c->p, c->end, out);
}

/* ---- one parser per packet family; the cursor starts after the prefix ---- */

static int parse_none(struct cursor *c, struct rsp_request *r)
{
	(void)r;
	return at_end(c) ? 0 : -EINVAL;
}

/* The end of a register packet's data: before lldb's `;thread:` suffix. */
static const char *before_suffix(const struct cursor *c)
{
	const char *semi = memchr(c->p, ';', (size_t)(c->end - c->p));

	return semi ? semi : c->end;
}

/* Nothing more, or lldb's `;thread:ID` with an optional final ';'. */
static int thread_suffix(struct cursor *c, struct rsp_request *r)
{
	static const char key[] = ";thread:";

	if (at_end(c))
		return 0;
	if ((size_t)(c->end - c->p) < sizeof(key) - 1 || memcmp(c->p, key, sizeof(key) - 1))
		return -EINVAL;
	c->p += sizeof(key) - 1;
	if (ptid(c, &r->thread) || r->thread.tid == RSP_ID_ALL)
		return -EINVAL;
	if (!at_end(c))
		expect(c, ';');
	return parse_none(c, r);
}

/* `g;thread:ID;` (lldb): the cursor is after the prefix, back to its ';'. */
static int parse_read_regs(struct cursor *c, struct rsp_request *r)
{
	c->p -= sizeof(";thread:") - 1;
	return thread_suffix(c, r);
}

static int parse_write_regs(struct cursor *c, struct rsp_request *r)
{
	r->u.regs.hex = c->p;
	c->p = before_suffix(c);
	r->u.regs.hexlen = (size_t)(c->p - r->u.regs.hex);
	return r->u.regs.hexlen % 2 ? -EINVAL : thread_suffix(c, r);
}

static int parse_read_reg(struct cursor *c, struct rsp_request *r)
{
	if (number(c, &r->u.reg.regno))
		return -EINVAL;
	return thread_suffix(c, r);
}

static int parse_write_reg(struct cursor *c, struct rsp_request *r)
{
	if (number(c, &r->u.reg.regno) || expect(c, '='))
		return -EINVAL;
	r->u.reg.hex = c->p;
	c->p = before_suffix(c);
	r->u.reg.hexlen = (size_t)(c->p - r->u.reg.hex);
	return r->u.reg.hexlen % 2 || !r->u.reg.hexlen ? -EINVAL : thread_suffix(c, r);
}

/* qRegisterInfo<hex> (lldb) */
static int parse_register_info(struct cursor *c, struct rsp_request *r)
{
	if (number(c, &r->u.reg.regno))
		return -EINVAL;
	return parse_none(c, r);
}

/* qMemoryRegionInfo:<hex addr> (lldb) */
static int parse_memory_region(struct cursor *c, struct rsp_request *r)
{
	if (number(c, &r->u.mem.addr))
		return -EINVAL;
	return parse_none(c, r);
}

static int addr_len(struct cursor *c, struct rsp_request *r)
{
	if (number(c, &r->u.mem.addr) || expect(c, ',') || number(c, &r->u.mem.len))
		return -EINVAL;
	return 0;
}

static int parse_read_mem(struct cursor *c, struct rsp_request *r)
{
	if (addr_len(c, r))
		return -EINVAL;
	return parse_none(c, r);
}

static int parse_write_mem_hex(struct cursor *c, struct rsp_request *r)
{
	if (addr_len(c, r) || expect(c, ':'))
		return -EINVAL;
	r->u.mem.data = c->p;
	r->u.mem.binary = false;
	/* 2 * len would wrap for a len of 2^63 and more */
	return (c->end - c->p) % 2 == 0 && (uint64_t)(c->end - c->p) / 2 == r->u.mem.len
	               ? 0
	               : -EINVAL;
}

static int parse_write_mem_binary(struct cursor *c, struct rsp_request *r)
{
	if (addr_len(c, r) || expect(c, ':'))
		return -EINVAL;
	r->u.mem.data = c->p;
	r->u.mem.binary = true;
	return (uint64_t)(c->end - c->p) == r->u.mem.len ? 0 : -EINVAL;
}

static int parse_bp(struct cursor *c, struct rsp_request *r)
{
	if (small_number(c, &r->u.bp.type, 4) || expect(c, ',') ||
	    number(c, &r->u.bp.addr) || expect(c, ',') ||
	    small_number(c, &r->u.bp.kind, 64))
		return -EINVAL;
	return 0;
}

static int parse_remove_bp(struct cursor *c, struct rsp_request *r)
{
	if (parse_bp(c, r))
		return -EINVAL;
	return parse_none(c, r);
}

/* One `Xlen,hex` agent expression, decoded into the request's code buffer. */
static int bp_expr(struct cursor *c, struct rsp_request *r, struct rsp_bp_expr *e)
{
	uint64_t len;

	if (expect(c, 'X') || number(c, &len) || expect(c, ','))
		return -EINVAL;
	if (len == 0 || len > RSP_BP_EXPR_MAX || len > RSP_BP_CODE_MAX - r->u.bp.code_len ||
	    (uint64_t)(c->end - c->p) < 2 * len)
		return -EINVAL;
	if (hex_decode(r->u.bp.code + r->u.bp.code_len, c->p, len))
		return -EINVAL;
	e->off = r->u.bp.code_len;
	e->len = len;
	r->u.bp.code_len += len;
	c->p += 2 * len;
	return 0;
}

/* `cmds:persist,` then command expressions. */
static int bp_commands(struct cursor *c, struct rsp_request *r)
{
	uint64_t persist;

	if (number(c, &persist) || persist > 1 || expect(c, ','))
		return -EINVAL;
	r->u.bp.cmds_persist = persist;
	do {
		if (r->u.bp.ncmds == RSP_BP_MAX_EXPRS ||
		    bp_expr(c, r, &r->u.bp.cmds[r->u.bp.ncmds++]))
			return -EINVAL;
	} while (!at_end(c) && *c->p == 'X');
	return 0;
}

/*
 * Z: type,addr,kind then options, each after a ';': conditions `Xlen,hex`
 * (gdb writes them back to back after one ';'), then at most one
 * `cmds:persist,Xlen,hex...`.
 */
static int parse_insert_bp(struct cursor *c, struct rsp_request *r)
{
	static const char cmds[] = "cmds:";

	if (parse_bp(c, r))
		return -EINVAL;
	while (!at_end(c)) {
		/* a ';' starts an option; a condition may follow another one */
		if (*c->p == ';')
			c->p++;
		else if (*c->p != 'X' || !r->u.bp.nconds || r->u.bp.ncmds)
			return -EINVAL;
		if (!at_end(c) && *c->p == 'X' && !r->u.bp.ncmds) {
			if (r->u.bp.nconds == RSP_BP_MAX_EXPRS ||
			    bp_expr(c, r, &r->u.bp.conds[r->u.bp.nconds++]))
				return -EINVAL;
		} else if ((size_t)(c->end - c->p) > sizeof(cmds) - 1 &&
		           !memcmp(c->p, cmds, sizeof(cmds) - 1) && !r->u.bp.ncmds) {
			c->p += sizeof(cmds) - 1;
			if (bp_commands(c, r))
				return -EINVAL;
		} else {
			return -EINVAL;
		}
	}
	return 0;
}

static int resume_action(struct cursor *c, struct rsp_resume_action *a)
{
	if (at_end(c))
		return -EINVAL;
	a->action = *c->p++;
	a->gdb_signal = 0;
	a->start = a->end = 0;
	a->ptid.pid = RSP_ID_ALL;
	a->ptid.tid = RSP_ID_ALL;
	switch (a->action) {
	case 'C':
	case 'S':
		if (small_number(c, &a->gdb_signal, RSP_MAX_SIGNALS - 1))
			return -EINVAL;
		a->action = a->action == 'C' ? 'c' : 's';
		break;
	case 'r': /* rSTART,END: range step */
		if (number(c, &a->start) || expect(c, ',') || number(c, &a->end) ||
		    a->end < a->start)
			return -EINVAL;
		break;
	case 'c':
	case 's':
	case 't':
		break;
	default:
		return -EINVAL;
	}
	if (!at_end(c) && *c->p == ':') {
		c->p++;
		return ptid(c, &a->ptid);
	}
	return 0;
}

static int parse_vcont(struct cursor *c, struct rsp_request *r)
{
	r->u.resume.nact = 0;
	do {
		if (r->u.resume.nact == RSP_MAX_VCONT_ACTIONS)
			return -EINVAL;
		if (resume_action(c, &r->u.resume.act[r->u.resume.nact++]))
			return -EINVAL;
	} while (!expect(c, ';'));
	return parse_none(c, r);
}

/* c [addr], s [addr], C sig[;addr], S sig[;addr]: one action for all threads */
static int parse_legacy_resume(struct cursor *c, struct rsp_request *r, char action,
			       bool with_signal)
{
	struct rsp_resume_action *a = &r->u.resume.act[0];

	r->u.resume.nact = 1;
	r->u.resume.legacy = true;
	a->action = action;
	a->gdb_signal = 0;
	a->ptid.pid = RSP_ID_ALL;
	a->ptid.tid = RSP_ID_ALL;
	if (with_signal) {
		if (small_number(c, &a->gdb_signal, RSP_MAX_SIGNALS - 1))
			return -EINVAL;
		if (at_end(c))
			return 0;
		if (expect(c, ';') || at_end(c))
			return -EINVAL;
	}
	if (at_end(c))
		return 0;
	r->u.resume.has_addr = true;
	if (number(c, &r->u.resume.addr))
		return -EINVAL;
	return parse_none(c, r);
}

static int parse_c(struct cursor *c, struct rsp_request *r)
{
	return parse_legacy_resume(c, r, 'c', false);
}

static int parse_s(struct cursor *c, struct rsp_request *r)
{
	return parse_legacy_resume(c, r, 's', false);
}

static int parse_C(struct cursor *c, struct rsp_request *r)
{
	return parse_legacy_resume(c, r, 'c', true);
}

static int parse_S(struct cursor *c, struct rsp_request *r)
{
	return parse_legacy_resume(c, r, 's', true);
}

static int parse_set_thread(struct cursor *c, struct rsp_request *r)
{
	if (at_end(c) || (*c->p != 'g' && *c->p != 'c'))
		return -EINVAL;
	r->u.set_thread.op = *c->p++;
	if (ptid(c, &r->u.set_thread.ptid))
		return -EINVAL;
	return parse_none(c, r);
}

static int parse_thread_alive(struct cursor *c, struct rsp_request *r)
{
	if (ptid(c, &r->u.ptid))
		return -EINVAL;
	return parse_none(c, r);
}

static int parse_no_pid(struct cursor *c, struct rsp_request *r)
{
	r->u.pid = -1;
	return parse_none(c, r);
}

static int parse_pid(struct cursor *c, struct rsp_request *r)
{
	uint64_t pid;

	if (number(c, &pid) || pid > INT32_MAX)
		return -EINVAL;
	r->u.pid = (int64_t)pid;
	return parse_none(c, r);
}

static int parse_signals(struct cursor *c, struct rsp_request *r)
{
	memset(r->u.signals.set, 0, sizeof(r->u.signals.set));
	while (!at_end(c)) {
		int sig;

		if (small_number(c, &sig, RSP_MAX_SIGNALS - 1))
			return -EINVAL;
		r->u.signals.set[sig] = true;
		if (!at_end(c) && expect(c, ';'))
			return -EINVAL;
	}
	return 0;
}

static int parse_supported(struct cursor *c, struct rsp_request *r)
{
	r->u.supported.features = c->p;
	r->u.supported.len = (size_t)(c->end - c->p);
	return 0;
}

/* Copy text up to `stop` into a bounded field. */
static int field(struct cursor *c, char stop, char *dst, size_t size)
{
	const char *q = memchr(c->p, stop, (size_t)(c->end - c->p));
	size_t n;

	if (!q || (size_t)(q - c->p) >= size)
		return -EINVAL;
	n = (size_t)(q - c->p);
	memcpy(dst, c->p, n);
	dst[n] = '\0';
	c->p = q + 1;
	return memchr(dst, '\0', n) ? -EINVAL : 0;
}

static int parse_xfer(struct cursor *c, struct rsp_request *r)
{
	char op[8];

	if (field(c, ':', r->u.xfer.object, sizeof(r->u.xfer.object)) ||
	    field(c, ':', op, sizeof(op)))
		return -EINVAL;
	if (strcmp(op, "read") && strcmp(op, "write"))
		return -ENOSYS;
	if (field(c, ':', r->u.xfer.annex, sizeof(r->u.xfer.annex)) ||
	    number(c, &r->u.xfer.offset))
		return -EINVAL;
	if (!strcmp(op, "write")) {
		r->kind = REQ_XFER_WRITE;
		if (expect(c, ':'))
			return -EINVAL;
		r->u.xfer.data = c->p;
		r->u.xfer.length = (uint64_t)(c->end - c->p);
		c->p = c->end;
		return 0;
	}
	if (expect(c, ',') || number(c, &r->u.xfer.length))
		return -EINVAL;
	return parse_none(c, r);
}

static int parse_monitor(struct cursor *c, struct rsp_request *r)
{
	size_t n = (size_t)(c->end - c->p);

	if (n % 2 || n / 2 >= sizeof(r->u.monitor.text))
		return -EINVAL;
	if (hex_decode(r->u.monitor.text, c->p, n / 2))
		return -EINVAL;
	r->u.monitor.text[n / 2] = '\0';
	return strlen(r->u.monitor.text) == n / 2 ? 0 : -EINVAL;
}

static int parse_symbol(struct cursor *c, struct rsp_request *r)
{
	(void)r;
	c->p = c->end; /* any qSymbol answer: we have nothing more to ask */
	return 0;
}

/* A hex-encoded path up to the next ',' or the end. */
static int hex_path(struct cursor *c, char *dst, size_t size)
{
	const char *q = memchr(c->p, ',', (size_t)(c->end - c->p));
	size_t n = (size_t)((q ? q : c->end) - c->p);

	if (n % 2 || !n || n / 2 >= size || hex_decode(dst, c->p, n / 2))
		return -EINVAL;
	dst[n / 2] = '\0';
	c->p += n;
	return strlen(dst) == n / 2 ? 0 : -EINVAL;
}

static int vfile_numbers(struct cursor *c, uint64_t *a, uint64_t *b, uint64_t *d)
{
	if (number(c, a))
		return -EINVAL;
	if (b && (expect(c, ',') || number(c, b)))
		return -EINVAL;
	if (d && (expect(c, ',') || number(c, d)))
		return -EINVAL;
	return 0;
}

static int parse_vfile_args(struct cursor *c, struct rsp_request *r)
{
	typeof(r->u.vfile) *v = &r->u.vfile;

	switch (v->op) {
	case VFILE_SETFS:
		return vfile_numbers(c, &v->pid, NULL, NULL);
	case VFILE_OPEN:
		if (hex_path(c, v->path, sizeof(v->path)) || expect(c, ','))
			return -EINVAL;
		return vfile_numbers(c, &v->flags, &v->mode, NULL);
	case VFILE_CLOSE:
	case VFILE_FSTAT:
		return vfile_numbers(c, &v->fd, NULL, NULL);
	case VFILE_PREAD:
		return vfile_numbers(c, &v->fd, &v->count, &v->offset);
	case VFILE_PWRITE:
		if (vfile_numbers(c, &v->fd, &v->offset, NULL) || expect(c, ','))
			return -EINVAL;
		v->data = c->p;
		v->len = (size_t)(c->end - c->p);
		c->p = c->end;
		return 0;
	default:
		return hex_path(c, v->path, sizeof(v->path));
	}
}

static int parse_vfile(struct cursor *c, struct rsp_request *r)
{
	static const char *const ops[] = {
		[VFILE_SETFS] = "setfs:", [VFILE_OPEN] = "open:",     [VFILE_CLOSE] = "close:",
		[VFILE_PREAD] = "pread:", [VFILE_PWRITE] = "pwrite:", [VFILE_FSTAT] = "fstat:",
		[VFILE_UNLINK] = "unlink:", [VFILE_READLINK] = "readlink:",
	};
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if ((size_t)(c->end - c->p) >= strlen(ops[i]) &&
		    !memcmp(c->p, ops[i], strlen(ops[i])))
			break;
	if (i == sizeof(ops) / sizeof(ops[0]))
		return -ENOSYS;
	r->u.vfile.op = (enum rsp_vfile_op)i;
	c->p += strlen(ops[i]);
	if (parse_vfile_args(c, r))
		return -EINVAL;
	return parse_none(c, r);
}

static int parse_flag(struct cursor *c, struct rsp_request *r)
{
	if (at_end(c) || (*c->p != '0' && *c->p != '1'))
		return -EINVAL;
	r->u.flag = *c->p++ == '1';
	return parse_none(c, r);
}

/* A hex-encoded string to the end (may be empty), into u.setting. */
static int parse_hex_text(struct cursor *c, struct rsp_request *r)
{
	size_t n = (size_t)(c->end - c->p);
	char *text = r->u.setting.text;

	if (n % 2 || n / 2 >= sizeof(r->u.setting.text) || hex_decode(text, c->p, n / 2))
		return -EINVAL;
	text[n / 2] = '\0';
	c->p = c->end;
	return strlen(text) == n / 2 ? 0 : -EINVAL;
}

/* QEnvironmentHexEncoded: NAME=VALUE with a NAME */
static int parse_env_set(struct cursor *c, struct rsp_request *r)
{
	const char *eq;

	if (parse_hex_text(c, r))
		return -EINVAL;
	eq = strchr(r->u.setting.text, '=');
	return eq && eq != r->u.setting.text ? 0 : -EINVAL;
}

/* QEnvironmentUnset: a NAME */
static int parse_env_unset(struct cursor *c, struct rsp_request *r)
{
	if (parse_hex_text(c, r) || !r->u.setting.text[0])
		return -EINVAL;
	return 0;
}

/* vRun;PROG;ARG...: each hex-encoded, PROG may be empty */
static int parse_run(struct cursor *c, struct rsp_request *r)
{
	typeof(r->u.run) *run = &r->u.run;

	run->len = 0;
	run->argc = 0;
	for (;;) {
		const char *semi = memchr(c->p, ';', (size_t)(c->end - c->p));
		size_t n = (size_t)((semi ? semi : c->end) - c->p);

		if (n % 2 || run->len + n / 2 + 1 > sizeof(run->args) ||
		    hex_decode(run->args + run->len, c->p, n / 2) ||
		    memchr(run->args + run->len, '\0', n / 2))
			return -EINVAL;
		run->len += n / 2;
		run->args[run->len++] = '\0';
		run->argc++;
		c->p += n;
		if (!semi)
			return 0;
		c->p++;
	}
}

static int parse_restart(struct cursor *c, struct rsp_request *r)
{
	(void)r;
	c->p = c->end; /* R XX: the argument means nothing */
	return 0;
}

enum args { EXACT, ARGS };

static const struct command {
	const char *prefix;
	enum args args;
	enum rsp_req_kind kind;
	int (*parse)(struct cursor *c, struct rsp_request *r);
} commands[] = {
	{ "?", EXACT, REQ_HALT_REASON, parse_none },
	{ "g;thread:", ARGS, REQ_READ_REGS, parse_read_regs },
	{ "g", EXACT, REQ_READ_REGS, parse_none },
	{ "G", ARGS, REQ_WRITE_REGS, parse_write_regs },
	{ "p", ARGS, REQ_READ_REG, parse_read_reg },
	{ "P", ARGS, REQ_WRITE_REG, parse_write_reg },
	{ "m", ARGS, REQ_READ_MEM, parse_read_mem },
	{ "x", ARGS, REQ_READ_MEM_BINARY, parse_read_mem },
	{ "M", ARGS, REQ_WRITE_MEM, parse_write_mem_hex },
	{ "X", ARGS, REQ_WRITE_MEM, parse_write_mem_binary },
	{ "Z", ARGS, REQ_INSERT_BP, parse_insert_bp },
	{ "z", ARGS, REQ_REMOVE_BP, parse_remove_bp },
	{ "vCont?", EXACT, REQ_VCONT_QUERY, parse_none },
	{ "vCont;", ARGS, REQ_RESUME, parse_vcont },
	{ "vKill;", ARGS, REQ_KILL, parse_pid },
	{ "c", ARGS, REQ_RESUME, parse_c },
	{ "C", ARGS, REQ_RESUME, parse_C },
	{ "s", ARGS, REQ_RESUME, parse_s },
	{ "S", ARGS, REQ_RESUME, parse_S },
	{ "H", ARGS, REQ_SET_THREAD, parse_set_thread },
	{ "T", ARGS, REQ_THREAD_ALIVE, parse_thread_alive },
	{ "k", EXACT, REQ_KILL, parse_no_pid },
	{ "D;", ARGS, REQ_DETACH, parse_pid },
	{ "D", EXACT, REQ_DETACH, parse_no_pid },
	{ "qC", EXACT, REQ_CURRENT_THREAD, parse_none },
	{ "qfThreadInfo", EXACT, REQ_THREAD_LIST_FIRST, parse_none },
	{ "qsThreadInfo", EXACT, REQ_THREAD_LIST_NEXT, parse_none },
	{ "qAttached:", ARGS, REQ_ATTACHED, parse_pid },
	{ "qAttached", EXACT, REQ_ATTACHED, parse_no_pid },
	{ "qSupported:", ARGS, REQ_SUPPORTED, parse_supported },
	{ "qSupported", EXACT, REQ_SUPPORTED, parse_supported },
	{ "QStartNoAckMode", EXACT, REQ_START_NOACK, parse_none },
	{ "QPassSignals:", ARGS, REQ_PASS_SIGNALS, parse_signals },
	{ "QProgramSignals:", ARGS, REQ_PROGRAM_SIGNALS, parse_signals },
	{ "qXfer:", ARGS, REQ_XFER_READ, parse_xfer },
	{ "qRcmd,", ARGS, REQ_MONITOR, parse_monitor },
	{ "qSymbol:", ARGS, REQ_SYMBOL, parse_symbol },
	{ "QNonStop:", ARGS, REQ_NON_STOP, parse_flag },
	{ "vFile:", ARGS, REQ_VFILE, parse_vfile },
	{ "!", EXACT, REQ_EXTENDED, parse_none },
	{ "vRun;", ARGS, REQ_RUN, parse_run },
	{ "vAttach;", ARGS, REQ_ATTACH, parse_pid },
	{ "R", ARGS, REQ_RESTART, parse_restart },
	{ "QThreadSuffixSupported", EXACT, REQ_LLDB_THREAD_SUFFIX, parse_none },
	{ "QListThreadsInStopReply", EXACT, REQ_LLDB_LIST_THREADS, parse_none },
	{ "qHostInfo", EXACT, REQ_LLDB_HOST_INFO, parse_none },
	{ "qProcessInfo", EXACT, REQ_LLDB_PROCESS_INFO, parse_none },
	{ "qRegisterInfo", ARGS, REQ_LLDB_REGISTER_INFO, parse_register_info },
	{ "jThreadsInfo", EXACT, REQ_LLDB_THREADS_INFO, parse_none },
	{ "qThreadStopInfo", ARGS, REQ_LLDB_THREAD_STOP_INFO, parse_thread_alive },
	{ "qMemoryRegionInfo:", ARGS, REQ_LLDB_MEMORY_REGION, parse_memory_region },
	{ "QDisableRandomization:", ARGS, REQ_DISABLE_RANDOMIZATION, parse_flag },
	{ "QStartupWithShell:", ARGS, REQ_STARTUP_WITH_SHELL, parse_flag },
	{ "QEnvironmentHexEncoded:", ARGS, REQ_ENV_SET, parse_env_set },
	{ "QEnvironmentUnset:", ARGS, REQ_ENV_UNSET, parse_env_unset },
	{ "QEnvironmentReset", EXACT, REQ_ENV_RESET, parse_none },
	{ "QSetWorkingDir:", ARGS, REQ_SET_CWD, parse_hex_text },
};

static const struct command *lookup(const char *pkt, size_t len)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const struct command *cmd = &commands[i];
		size_t n = strlen(cmd->prefix);

		if (len < n || memcmp(pkt, cmd->prefix, n))
			continue;
		if (cmd->args == EXACT && len != n)
			continue;
		return cmd;
	}
	return NULL;
}

const char *rsp_command_prefix(const char *pkt, size_t len)
{
	const struct command *cmd = lookup(pkt, len);

	return cmd ? cmd->prefix : NULL;
}

int rsp_parse(const char *pkt, size_t len, struct rsp_request *req)
{
	const struct command *cmd = lookup(pkt, len);
	struct cursor c;

	if (!cmd)
		return -ENOSYS;
	memset(req, 0, sizeof(*req));
	req->kind = cmd->kind;
	c.p = pkt + strlen(cmd->prefix);
	c.end = pkt + len;
	return cmd->parse(&c, req);
}
