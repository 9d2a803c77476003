/*
 * rsp_data — registers, memory and breakpoints: g G p P m x M X Z z.
 *
 * Contract: every handler needs a live, stopped target (else -ESRCH);
 * registers are read from the thread an lldb `;thread:` suffix names, else
 * the one chosen with Hg (else the last stopped one). Memory reads answer
 * with as many bytes as could be read; none is an error. Breakpoint types
 * the target cannot plant give the empty reply.
 */
#include <errno.h>
#include <string.h>

#include "arch/arch.h"
#include "hex.h"
#include "rsp.h"
#include "tdesc.h"

enum { REG_MAX_BYTES = 64 };

/* Without a suffix r->thread is `any`: the Hg thread. */
static pid_t reg_thread(struct rsp_session *s, const struct rsp_request *r)
{
	return rsp_resolve_thread(s, &r->thread);
}

/* The 'x's of an unavailable register of `size` bytes. */
static void add_unavailable(struct strbuf *sb, size_t size)
{
	strbuf_grow(sb, 2 * size);
	memset(sb->buf + sb->len, 'x', 2 * size);
	strbuf_setlen(sb, sb->len + 2 * size);
}

/* Append one register's bytes, or 'x's when it is unavailable. */
static int add_reg(struct rsp_session *s, struct strbuf *sb, pid_t tid,
		   const struct tdesc_reg *reg)
{
	uint8_t buf[REG_MAX_BYTES];
	size_t size = (size_t)reg->bitsize / 8;
	int err = s->target->ops->reg_read(s->target, tid, reg->regnum, buf);

	if (err == -ENOENT) {
		add_unavailable(sb, size);
		return 0;
	}
	if (err)
		return err;
	strbuf_addhex(sb, buf, size);
	return 0;
}

/*
 * The g frame: registers read into s->mem in tdesc order, then hex-encoded
 * into s->reply a run of available ones at a time (an unavailable one is
 * 'x's).
 */
static int read_regs(struct rsp_session *s, const struct rsp_request *r)
{
	const struct tdesc *td = s->target->tdesc;
	struct strbuf *bin = &s->mem;
	pid_t tid = reg_thread(s, r);
	size_t run = 0; /* start of the registers in bin not encoded yet */

	/* a gdb without target descriptions knows only the legacy layout */
	size_t limit = s->xml_registers || !s->arch->legacy_g_size ? td->g_size
								  : s->arch->legacy_g_size;

	strbuf_reset(&s->reply);
	strbuf_reset(bin);
	for (size_t i = 0; i < td->nregs; i++) {
		const struct tdesc_reg *reg = &td->regs[i];
		size_t size = (size_t)reg->bitsize / 8;
		int err;

		if (reg->offset + size > limit)
			break;
		strbuf_grow(bin, size > REG_MAX_BYTES ? size : REG_MAX_BYTES);
		err = s->target->ops->reg_read(s->target, tid, reg->regnum,
					       (uint8_t *)bin->buf + bin->len);
		if (err == -ENOENT) {
			strbuf_addhex(&s->reply, bin->buf + run, bin->len - run);
			run = bin->len;
			add_unavailable(&s->reply, size);
			continue;
		}
		if (err)
			return err;
		strbuf_setlen(bin, bin->len + size);
	}
	strbuf_addhex(&s->reply, bin->buf + run, bin->len - run);
	rsp_send(s, s->reply.buf, s->reply.len);
	return 0;
}

static int write_one_reg(struct rsp_session *s, pid_t tid, const struct tdesc_reg *reg,
			 const char *hex)
{
	uint8_t buf[REG_MAX_BYTES];
	size_t size = (size_t)reg->bitsize / 8;

	if (hex[0] == 'x')
		return 0; /* gdb leaves unavailable registers alone */
	if (hex_decode(buf, hex, size))
		return -EINVAL;
	return s->target->ops->reg_write(s->target, tid, reg->regnum, buf);
}

static int write_regs(struct rsp_session *s, const struct rsp_request *r)
{
	const struct tdesc *td = s->target->tdesc;
	pid_t tid = reg_thread(s, r);

	if (r->u.regs.hexlen > 2 * td->g_size)
		return -EINVAL;
	for (size_t i = 0; i < td->nregs; i++) {
		const struct tdesc_reg *reg = &td->regs[i];
		size_t end = 2 * (reg->offset + (size_t)reg->bitsize / 8);
		int err;

		if (end > r->u.regs.hexlen)
			break; /* a short G packet leaves the rest alone */
		err = write_one_reg(s, tid, reg, r->u.regs.hex + 2 * reg->offset);
		if (err)
			return err;
	}
	rsp_send_ok(s);
	return 0;
}

static int read_reg(struct rsp_session *s, const struct rsp_request *r)
{
	const struct tdesc_reg *reg;
	int err;

	if (r->u.reg.regno > INT32_MAX)
		return -EINVAL;
	reg = tdesc_reg(s->target->tdesc, (int)r->u.reg.regno);
	if (!reg)
		return -EINVAL;
	strbuf_reset(&s->reply);
	err = add_reg(s, &s->reply, reg_thread(s, r), reg);
	if (err)
		return err;
	rsp_send(s, s->reply.buf, s->reply.len);
	return 0;
}

static int write_reg(struct rsp_session *s, const struct rsp_request *r)
{
	const struct tdesc_reg *reg;
	int err;

	if (r->u.reg.regno > INT32_MAX)
		return -EINVAL;
	reg = tdesc_reg(s->target->tdesc, (int)r->u.reg.regno);
	if (!reg || r->u.reg.hexlen != (size_t)reg->bitsize / 4)
		return -EINVAL;
	err = write_one_reg(s, reg_thread(s, r), reg, r->u.reg.hex);
	if (err)
		return err;
	rsp_send_ok(s);
	return 0;
}

/* Memory for m and x is read, encoded and sent this many bytes at a time,
 * so that reading the program, encoding and gdb's decoding overlap and the
 * buffers stay in cache. */
enum { MEM_CHUNK = 32768 };

/* Up to MEM_CHUNK of the `left` bytes at addr into s->mem; bytes read or -errno. */
static ssize_t read_chunk(struct rsp_session *s, uint64_t addr, size_t left)
{
	size_t len = left < MEM_CHUNK ? left : MEM_CHUNK;
	ssize_t n;

	strbuf_reset(&s->mem);
	strbuf_grow(&s->mem, len);
	n = s->target->ops->mem_read(s->target, addr, s->mem.buf, len);
	if (n > 0)
		strbuf_setlen(&s->mem, (size_t)n);
	return n;
}

/* Send s->mem as part of an m (hex) or x (binary) reply. */
static void send_chunk(struct rsp_session *s, bool binary)
{
	if (binary)
		rsp_send_part(s, s->mem.buf, s->mem.len);
	else
		rsp_send_part_hex(s, s->mem.buf, s->mem.len);
}

/*
 * m and x: the bytes readable from the start of the range (an error when
 * none is), read and sent a chunk at a time. The first chunk is read before
 * the reply starts, so that an unreadable address still gets `Exx`.
 */
static int read_memory(struct rsp_session *s, const struct rsp_request *r)
{
	bool binary = r->kind == REQ_READ_MEM_BINARY;
	size_t max = binary ? RSP_PACKET_SIZE - 1 : RSP_PACKET_SIZE / 2;
	size_t len = r->u.mem.len < max ? (size_t)r->u.mem.len : max;
	uint64_t addr = r->u.mem.addr;
	size_t done = 0;
	ssize_t n = len ? read_chunk(s, addr, len) : 0;

	if (n < 0 || (n == 0 && len))
		return n < 0 ? (int)n : -EIO;
	rsp_send_begin(s);
	if (binary)
		rsp_send_part(s, "b", 1);
	while (n > 0) {
		send_chunk(s, binary);
		done += (size_t)n;
		if (done == len || (size_t)n < MEM_CHUNK)
			break;
		n = read_chunk(s, addr + done, len - done);
	}
	rsp_send_end(s);
	return 0;
}

static int write_memory(struct rsp_session *s, const struct rsp_request *r)
{
	struct strbuf raw = STRBUF_INIT;
	const void *data = r->u.mem.data;
	size_t len = (size_t)r->u.mem.len;
	ssize_t n = 0;

	if (!r->u.mem.binary) {
		strbuf_grow(&raw, len);
		if (hex_decode(raw.buf, r->u.mem.data, len)) {
			strbuf_release(&raw);
			return -EINVAL;
		}
		data = raw.buf;
	}
	if (len)
		n = s->target->ops->mem_write(s->target, r->u.mem.addr, data, len);
	strbuf_release(&raw);
	if (n < 0)
		return (int)n;
	if ((size_t)n != len)
		return -EIO;
	rsp_send_ok(s);
	return 0;
}

static void agent_exprs(const struct rsp_request *r, const struct rsp_bp_expr *in, size_t n,
                        struct target_agent_expr *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[i].code = r->u.bp.code + in[i].off;
		out[i].len = in[i].len;
	}
}

/*
 * A Z0 (re)sets the breakpoint's target-side conditions and commands, all
 * of them: gdb sends the whole list again at an address that already has a
 * breakpoint when they change. Other types take none (qSupported's
 * ConditionalBreakpoints+ covers Z0 here); gdb evaluates their conditions.
 */
static int breakpoint_agent(struct rsp_session *s, const struct rsp_request *r)
{
	const struct target_bp_cond_ops *cond = s->target->ops->bp_cond;
	struct target_agent_expr conds[RSP_BP_MAX_EXPRS], cmds[RSP_BP_MAX_EXPRS];

	if (!cond || r->u.bp.type != TARGET_BP_SW)
		return 0;
	agent_exprs(r, r->u.bp.conds, r->u.bp.nconds, conds);
	agent_exprs(r, r->u.bp.cmds, r->u.bp.ncmds, cmds);
	return cond->set(s->target, r->u.bp.addr, conds, r->u.bp.nconds, cmds, r->u.bp.ncmds,
	                 r->u.bp.cmds_persist);
}

static int breakpoint(struct rsp_session *s, const struct rsp_request *r)
{
	const struct target_bp_ops *bp = s->target->ops->bp;
	int err;

	if (!bp || !bp->supports(s->target, r->u.bp.type))
		return -ENOSYS;
	if (r->kind == REQ_INSERT_BP) {
		err = bp->insert(s->target, r->u.bp.type, r->u.bp.addr, r->u.bp.kind);
		if (!err)
			err = breakpoint_agent(s, r);
	} else {
		err = bp->remove(s->target, r->u.bp.type, r->u.bp.addr, r->u.bp.kind);
	}
	if (err)
		return err;
	rsp_send_ok(s);
	return 0;
}

int rsp_handle_data(struct rsp_session *s, const struct rsp_request *r)
{
	if (!s->target)
		return -ESRCH;
	switch (r->kind) {
	case REQ_READ_REGS:
		return read_regs(s, r);
	case REQ_WRITE_REGS:
		return write_regs(s, r);
	case REQ_READ_REG:
		return read_reg(s, r);
	case REQ_WRITE_REG:
		return write_reg(s, r);
	case REQ_READ_MEM:
	case REQ_READ_MEM_BINARY:
		return read_memory(s, r);
	case REQ_WRITE_MEM:
		return write_memory(s, r);
	default:
		return breakpoint(s, r);
	}
}
