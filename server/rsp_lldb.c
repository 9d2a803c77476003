/*
 * rsp_lldb — lldb's packets: QThreadSuffixSupported QListThreadsInStopReply
 * qHostInfo qProcessInfo qRegisterInfo jThreadsInfo qThreadStopInfo
 * qMemoryRegionInfo, and the keys lldb reads in stop replies (hexname:,
 * threads:, thread-pcs:). lldb's docs/lldb-gdb-remote.txt describes them.
 *
 * Contract: gdb sends none of these packets, so nothing here changes what
 * gdb sees. QThreadSuffixSupported, which lldb sends right after
 * qSupported, marks the session as lldb's (s->lldb): from then on
 *  - registers are described by qRegisterInfo, generated from the target
 *    description gdb reads as target.xml, and target.xml is not served
 *    (rsp_xfer.c): lldb 14 prefers it when offered but cannot read some of
 *    gdb's register types (AVX-512's v2ui128) nor sort registers into sets;
 *  - g G p P may name their thread with a `;thread:ID;` suffix;
 *  - stop replies carry the thread's name (and, after
 *    QListThreadsInStopReply, every thread and its PC).
 * Process data (ids, memory map, thread names) comes from the target.
 */
#include "rsp_lldb.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "gdb_signals.h"
#include "rsp.h"

enum { LLDB_THREADS_MAX = 4096, LLDB_REG_MAX_BYTES = 64 };

/* ---- reply texts (pure) ---- */

static void add_arch_keys(struct strbuf *out, const struct arch *arch)
{
	strbuf_adds(out, "triple:");
	strbuf_addhex(out, arch->triple, strlen(arch->triple));
	strbuf_addf(out, ";ptrsize:%zu;endian:little;ostype:linux;", arch->ptr_size);
}

void lldb_host_info(struct strbuf *out, const struct arch *arch)
{
	add_arch_keys(out, arch);
	strbuf_adds(out, "vendor:pc;");
}

void lldb_process_info(struct strbuf *out, const struct target_process_info *pi,
                       const struct arch *arch)
{
	strbuf_addf(out,
	            "pid:%x;parent-pid:%x;real-uid:%x;real-gid:%x;effective-uid:%x;"
	            "effective-gid:%x;",
	            (unsigned)pi->pid, (unsigned)pi->ppid, (unsigned)pi->uid,
	            (unsigned)pi->gid, (unsigned)pi->euid, (unsigned)pi->egid);
	add_arch_keys(out, arch);
}

static bool has_group(const struct tdesc_reg *reg, const char *group)
{
	return reg->group && !strcmp(reg->group, group);
}

/* x87 and IEEE registers, and those gdb groups as "float". */
static bool is_float(const struct tdesc_reg *reg)
{
	return has_group(reg, "float") || !strcmp(reg->type, "i387_ext") ||
	       !strncmp(reg->type, "ieee_", 5);
}

/* Wider than an integer lldb can show, or grouped "vector" by gdb. */
static bool is_vector(const struct tdesc_reg *reg)
{
	return !is_float(reg) && (has_group(reg, "vector") || reg->bitsize > 64);
}

/* Does reg's feature hold vector registers (AVX-512's k0-k7 then go with
 * them, not with the general registers)? */
static bool in_vector_feature(const struct tdesc *td, const struct tdesc_reg *reg)
{
	for (size_t i = 0; i < td->nregs; i++)
		if (!strcmp(td->regs[i].feature, reg->feature) && is_vector(&td->regs[i]))
			return true;
	return false;
}

static const char *reg_set(const struct tdesc *td, const struct tdesc_reg *reg)
{
	if (is_float(reg))
		return "Floating Point Registers";
	if (is_vector(reg) || in_vector_feature(td, reg))
		return "Vector Registers";
	return "General Purpose Registers";
}

static const char *reg_encoding(const struct tdesc_reg *reg)
{
	if (!strncmp(reg->type, "ieee_", 5) && reg->bitsize <= 64)
		return "encoding:ieee754;format:float;";
	if (reg->bitsize > 64)
		return "encoding:vector;format:vector-uint8;";
	return "encoding:uint;format:hex;";
}

static const char *reg_generic(const struct tdesc_reg *reg, const struct arch *arch)
{
	if (!strcmp(reg->name, arch->pc_reg))
		return "generic:pc;";
	if (!strcmp(reg->name, arch->sp_reg))
		return "generic:sp;";
	if (!strcmp(reg->name, arch->fp_reg))
		return "generic:fp;";
	return "";
}

void lldb_register_info(struct strbuf *out, const struct tdesc *td,
                        const struct tdesc_reg *reg, const struct arch *arch)
{
	strbuf_addf(out, "name:%s;bitsize:%d;offset:%zu;%sset:%s;%s", reg->name,
	            reg->bitsize, reg->offset, reg_encoding(reg), reg_set(td, reg),
	            reg_generic(reg, arch));
}

void lldb_region_info(struct strbuf *out, const struct target_region *r)
{
	strbuf_addf(out, "start:%llx;size:%llx;", (unsigned long long)r->start,
	            (unsigned long long)(r->end - r->start));
	if (!r->mapped)
		return;
	strbuf_addf(out, "permissions:%s%s%s;", r->read ? "r" : "", r->write ? "w" : "",
	            r->exec ? "x" : "");
	if (r->name.len) {
		strbuf_adds(out, "name:");
		strbuf_addhex(out, r->name.buf, r->name.len);
		strbuf_addc(out, ';');
	}
}

void lldb_json_string(struct strbuf *out, const char *s)
{
	strbuf_addc(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			strbuf_addf(out, "\\%c", c);
		else if (c < 0x20)
			strbuf_addf(out, "\\u%04x", c);
		else
			strbuf_addc(out, (char)c);
	}
	strbuf_addc(out, '"');
}

/* ---- session ---- */

/* The threads of the target, malloc'ed; *n their count (0 on failure). */
static pid_t *thread_ids(struct rsp_session *s, size_t *n)
{
	pid_t *tids = calloc(LLDB_THREADS_MAX, sizeof(*tids));

	*n = 0;
	if (!tids)
		return NULL;
	*n = s->target->ops->threads(s->target, tids, LLDB_THREADS_MAX);
	if (*n > LLDB_THREADS_MAX)
		*n = LLDB_THREADS_MAX;
	return tids;
}

/* A register of thread tid as a number (little-endian targets). */
static int reg_value(struct rsp_session *s, pid_t tid, const char *name, uint64_t *val)
{
	const struct tdesc_reg *reg = tdesc_find_reg(s->target->tdesc, name);
	uint8_t buf[8] = {0};
	int err;

	if (!reg || reg->bitsize > 64)
		return -ENOENT;
	err = s->target->ops->reg_read(s->target, tid, reg->regnum, buf);
	*val = 0;
	for (int i = reg->bitsize / 8 - 1; i >= 0; i--)
		*val = *val << 8 | buf[i];
	return err;
}

/* hexname:NAME; for thread tid, when the target knows its name. */
static void add_hexname(struct rsp_session *s, struct strbuf *sb, pid_t tid)
{
	struct strbuf name = STRBUF_INIT;

	if (!s->target->ops->thread_name(s->target, tid, &name)) {
		strbuf_adds(sb, "hexname:");
		strbuf_addhex(sb, name.buf, name.len);
		strbuf_addc(sb, ';');
	}
	strbuf_release(&name);
}

/* threads:T1,T2...;thread-pcs:PC1,PC2...; */
static void add_thread_list(struct rsp_session *s, struct strbuf *sb)
{
	size_t n;
	pid_t *tids = thread_ids(s, &n);
	uint64_t pc;

	strbuf_adds(sb, "threads:");
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s%x", i ? "," : "", (unsigned)tids[i]);
	strbuf_adds(sb, ";thread-pcs:");
	for (size_t i = 0; i < n; i++) {
		if (reg_value(s, tids[i], s->target->arch->pc_reg, &pc))
			pc = 0;
		strbuf_addf(sb, "%s%llx", i ? "," : "", (unsigned long long)pc);
	}
	strbuf_addc(sb, ';');
	free(tids);
}

void rsp_lldb_add_stop_keys(struct rsp_session *s, struct strbuf *sb,
                            const struct target_stop *st)
{
	add_hexname(s, sb, st->tid);
	if (s->lldb_threads_in_stop)
		add_thread_list(s, sb);
}

/*
 * lldb 14 takes main-lm (gdb's: the main program's link_map) for the
 * address of the pointer to r_debug, reads the program's load address
 * there and looks for the dynamic linker's state at its ELF header; without
 * main-lm it finds r_debug through the program's DT_DEBUG, as with
 * lldb-server, which sends none.
 */
void rsp_lldb_svr4(struct strbuf *xml)
{
	static const char key[] = " main-lm=\"";
	char *at = strstr(xml->buf, key);
	char *end = at ? strchr(at + sizeof(key) - 1, '"') : NULL;

	if (!end)
		return;
	end++;
	memmove(at, end, xml->len - (size_t)(end - xml->buf) + 1);
	strbuf_setlen(xml, xml->len - (size_t)(end - at));
}

/* "NUM":"HEX" of one expedited register in jThreadsInfo. */
static void add_json_reg(struct rsp_session *s, struct strbuf *sb, pid_t tid,
                         const char *name, bool *first)
{
	const struct tdesc_reg *reg = tdesc_find_reg(s->target->tdesc, name);
	uint8_t buf[LLDB_REG_MAX_BYTES];

	if (!reg || reg->bitsize / 8 > (int)sizeof(buf) ||
	    s->target->ops->reg_read(s->target, tid, reg->regnum, buf))
		return;
	strbuf_addf(sb, "%s\"%d\":\"", *first ? "" : ",", reg->regnum);
	strbuf_addhex(sb, buf, (size_t)reg->bitsize / 8);
	strbuf_addc(sb, '"');
	*first = false;
}

/* Why the reported thread stopped, in jThreadsInfo's words; lldb works
 * out breakpoints and steps from the signal itself, as for a T reply. */
static void add_json_reason(struct strbuf *sb, const struct target_stop *st)
{
	strbuf_addf(sb, ",\"signal\":%d", gdb_signal_from_host(st->sig));
	if (st->reason == TARGET_REASON_WATCH || st->reason == TARGET_REASON_RWATCH ||
	    st->reason == TARGET_REASON_AWATCH)
		strbuf_addf(sb, ",\"reason\":\"watchpoint\",\"description\":\"%llu\"",
		            (unsigned long long)st->addr);
}

static void add_json_thread(struct rsp_session *s, struct strbuf *sb, pid_t tid)
{
	const struct arch *arch = s->target->arch;
	struct strbuf name = STRBUF_INIT;
	bool first = true;

	strbuf_addf(sb, "{\"tid\":%d", (int)tid);
	if (!s->target->ops->thread_name(s->target, tid, &name)) {
		strbuf_adds(sb, ",\"name\":");
		lldb_json_string(sb, name.buf);
	}
	strbuf_release(&name);
	if (s->last_stop.kind == TARGET_STOP_SIGNAL && s->last_stop.tid == tid)
		add_json_reason(sb, &s->last_stop);
	else
		strbuf_adds(sb, ",\"signal\":0");
	strbuf_adds(sb, ",\"registers\":{");
	add_json_reg(s, sb, tid, arch->pc_reg, &first);
	add_json_reg(s, sb, tid, arch->sp_reg, &first);
	add_json_reg(s, sb, tid, arch->fp_reg, &first);
	strbuf_adds(sb, "}}");
}

/* jThreadsInfo: every thread, its name, stop reason and expedited registers. */
static int threads_info(struct rsp_session *s)
{
	struct strbuf *sb = &s->reply;
	size_t n;
	pid_t *tids;

	if (!s->target)
		return -ESRCH;
	tids = thread_ids(s, &n);
	if (!tids)
		return -ENOMEM;
	strbuf_reset(sb);
	strbuf_addc(sb, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addc(sb, ',');
		add_json_thread(s, sb, tids[i]);
	}
	strbuf_addc(sb, ']');
	free(tids);
	rsp_send(s, sb->buf, sb->len);
	return 0;
}

/* qThreadStopInfo: the stop reply of that thread (no signal if another
 * thread's stop was the one reported). */
static int thread_stop_info(struct rsp_session *s, const struct rsp_request *r)
{
	pid_t tid = r->u.ptid.tid > 0 ? rsp_resolve_thread(s, &r->u.ptid) : 0;
	struct target_stop st = {.kind = TARGET_STOP_SIGNAL};

	if (!tid)
		return -ESRCH;
	if (s->last_stop.kind == TARGET_STOP_SIGNAL && s->last_stop.tid == tid) {
		st = s->last_stop;
	} else {
		st.pid = s->target->ops->pid(s->target);
		st.tid = tid;
	}
	rsp_send_stop(s, &st);
	return 0;
}

static int register_info(struct rsp_session *s, const struct rsp_request *r)
{
	const struct tdesc_reg *reg = r->u.reg.regno > INT32_MAX
	                                      ? NULL
	                                      : tdesc_reg(s->tdesc, (int)r->u.reg.regno);

	if (!reg)
		return -ENOENT; /* past the last one: lldb's list ends here */
	strbuf_reset(&s->reply);
	lldb_register_info(&s->reply, s->tdesc, reg, s->arch);
	rsp_send(s, s->reply.buf, s->reply.len);
	return 0;
}

static int process_info(struct rsp_session *s)
{
	struct target_process_info pi;
	int err;

	if (!s->target)
		return -ESRCH;
	err = s->target->ops->process_info(s->target, &pi);
	if (err)
		return err;
	strbuf_reset(&s->reply);
	lldb_process_info(&s->reply, &pi, s->arch);
	rsp_send(s, s->reply.buf, s->reply.len);
	return 0;
}

static int memory_region(struct rsp_session *s, const struct rsp_request *r)
{
	struct target_region region = {.name = STRBUF_INIT};
	int err;

	if (!s->target)
		return -ESRCH;
	err = s->target->ops->memory_region(s->target, r->u.mem.addr, &region);
	if (!err) {
		strbuf_reset(&s->reply);
		lldb_region_info(&s->reply, &region);
		rsp_send(s, s->reply.buf, s->reply.len);
	}
	strbuf_release(&region.name);
	return err;
}

int rsp_handle_lldb(struct rsp_session *s, const struct rsp_request *r)
{
	switch (r->kind) {
	case REQ_LLDB_THREAD_SUFFIX:
		s->lldb = true;
		rsp_send_ok(s);
		return 0;
	case REQ_LLDB_LIST_THREADS:
		s->lldb_threads_in_stop = true;
		rsp_send_ok(s);
		return 0;
	case REQ_LLDB_HOST_INFO:
		strbuf_reset(&s->reply);
		lldb_host_info(&s->reply, s->arch);
		rsp_send(s, s->reply.buf, s->reply.len);
		return 0;
	case REQ_LLDB_PROCESS_INFO:
		return process_info(s);
	case REQ_LLDB_REGISTER_INFO:
		return register_info(s, r);
	case REQ_LLDB_THREADS_INFO:
		return threads_info(s);
	case REQ_LLDB_THREAD_STOP_INFO:
		return thread_stop_info(s, r);
	case REQ_LLDB_MEMORY_REGION:
		return memory_region(s, r);
	default:
		return -ENOSYS;
	}
}
