/*
 * decode_x86_64 — control flow half of the x86-64 next-PC decoder: reads
 * the instruction through the step context, decodes its layout
 * (decode_x86_64_len.c) and works out where it goes: branch conditions,
 * effective addresses, return addresses, signal frames. See decode_x86_64.h
 * for the contract.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "decode_x86_64.h"

#define PAGE_SIZE_MIN 4096u

/* eflags bits the conditions test. */
#define FL_CF (1u << 0)
#define FL_PF (1u << 2)
#define FL_ZF (1u << 6)
#define FL_SF (1u << 7)
#define FL_OF (1u << 11)

enum { NR_RT_SIGRETURN = 15 };

/*
 * rip in the frame rt_sigreturn restores: rsp points at struct ucontext
 * (the handler's ret popped pretcode): uc_flags, uc_link and a 24-byte
 * stack_t come first (40 bytes), then struct sigcontext with r8..r15, rdi,
 * rsi, rbp, rbx, rdx, rax, rcx, rsp before rip (16 * 8 bytes).
 */
#define SIGFRAME_RIP_OFFSET (40 + 16 * 8)

/* gdb's register number for each hardware register number (ModRM order). */
static const int8_t gpr_regnum[16] = { 0, 2, 3, 1, 7, 6, 4, 5,
				       8, 9, 10, 11, 12, 13, 14, 15 };

/* One decode: the thread, the instruction and the result being built. */
struct x86dec {
	const struct arch_step_ctx *c;
	uint64_t next; /* address after the instruction */
	struct x86_insn in;
	struct arch_next_pc *out;
	int n;
};

static int reg(struct x86dec *d, int regnum, uint64_t *val)
{
	return d->c->read_reg(d->c->ctx, regnum, val);
}

/* General register `hw` (0-15, ModRM numbering). */
static int gpr(struct x86dec *d, unsigned hw, uint64_t *val)
{
	return reg(d, gpr_regnum[hw & 15], val);
}

/* `size` bytes (1..8) at `addr`, little-endian. */
static int mem_le(struct x86dec *d, uint64_t addr, unsigned size, uint64_t *val)
{
	uint8_t b[8];
	int err = d->c->read_mem(d->c->ctx, addr, b, size);

	if (err)
		return err;
	*val = 0;
	for (unsigned i = 0; i < size; i++)
		*val |= (uint64_t)b[i] << (8 * i);
	return 0;
}

static void add(struct x86dec *d, uint64_t addr)
{
	for (int i = 0; i < d->n; i++)
		if (d->out[i].addr == addr)
			return;
	if (d->n < ARCH_MAX_NEXT_PCS) {
		d->out[d->n].addr = addr;
		d->out[d->n].bp_kind = X86_BP_KIND;
		d->n++;
	}
}

/* The immediate as a signed branch displacement. */
static int64_t rel(const struct x86_insn *in)
{
	switch (in->imm_size) {
	case 1:
		return (int8_t)in->imm;
	case 2:
		return (int16_t)in->imm;
	default:
		return (int32_t)(uint32_t)in->imm;
	}
}

/* Condition `cc` (the low nibble of jcc / setcc / cmovcc) under `fl`. */
static bool cond_true(unsigned cc, uint64_t fl)
{
	bool cf = fl & FL_CF, pf = fl & FL_PF, zf = fl & FL_ZF, sf = fl & FL_SF,
	     of = fl & FL_OF, r;

	switch (cc >> 1) {
	case 0:
		r = of;
		break;
	case 1:
		r = cf;
		break;
	case 2:
		r = zf;
		break;
	case 3:
		r = cf || zf;
		break;
	case 4:
		r = sf;
		break;
	case 5:
		r = pf;
		break;
	case 6:
		r = sf != of;
		break;
	default:
		r = zf || sf != of;
		break;
	}
	return r != (cc & 1);
}

static int jcc(struct x86dec *d)
{
	uint64_t fl;
	int err = reg(d, X86_REG_EFLAGS, &fl);

	if (err)
		return err;
	add(d, cond_true(d->in.opcode & 15, fl) ? d->next + rel(&d->in) : d->next);
	return 0;
}

/* loopne / loope / loop / jrcxz (E0-E3); rcx, or ecx with 67. */
static int loop(struct x86dec *d)
{
	uint64_t count, fl;
	bool taken;
	int err = reg(d, X86_REG_RCX, &count);

	if (!err)
		err = reg(d, X86_REG_EFLAGS, &fl);
	if (err)
		return err;
	if (d->in.adsize)
		count = (uint32_t)count;
	if (d->in.opcode == 0xe3) {
		taken = count == 0;
	} else {
		count = d->in.adsize ? (uint32_t)(count - 1) : count - 1;
		taken = count != 0 && (d->in.opcode == 0xe2 ||
				       (d->in.opcode == 0xe1) == !!(fl & FL_ZF));
	}
	add(d, taken ? d->next + rel(&d->in) : d->next);
	return 0;
}

int x86_effective_address(const struct arch_step_ctx *c, const struct x86_insn *in,
                          uint64_t next, uint64_t *addr)
{
	unsigned mod = in->modrm >> 6, rm = in->modrm & 7;
	unsigned rex_b = (in->rex & 1) << 3, rex_x = (in->rex & 2) << 2;
	uint64_t a = (uint64_t)(int64_t)in->disp, v, base;
	int err = 0;

	if (!in->has_sib && mod == 0 && rm == 5) {
		a += next; /* RIP-relative */
	} else if (in->has_sib) {
		unsigned index = (in->sib >> 3 & 7) | rex_x;

		if (index != 4) {
			err = c->read_reg(c->ctx, gpr_regnum[index], &v);
			a += v << (in->sib >> 6);
		}
		if (!err && !(mod == 0 && (in->sib & 7) == 5)) {
			err = c->read_reg(c->ctx, gpr_regnum[(in->sib & 7) | rex_b], &v);
			a += v;
		}
	} else {
		err = c->read_reg(c->ctx, gpr_regnum[rm | rex_b], &v);
		a += v;
	}
	if (err)
		return err;
	if (in->adsize)
		a = (uint32_t)a;
	if (in->seg == 0x64 || in->seg == 0x65) {
		err = c->read_reg(c->ctx, in->seg == 0x64 ? X86_REG_FS_BASE : X86_REG_GS_BASE,
		                  &base);
		a += base;
	}
	*addr = a;
	return err;
}

static int effective_address(struct x86dec *d, uint64_t *addr)
{
	return x86_effective_address(d->c, &d->in, d->next, addr);
}

/* The r/m operand, `size` bytes: a register or memory. */
static int rm_operand(struct x86dec *d, unsigned size, uint64_t *val)
{
	uint64_t addr;
	int err;

	if (d->in.modrm >> 6 == 3)
		return gpr(d, (d->in.modrm & 7) | (d->in.rex & 1) << 3, val);
	err = effective_address(d, &addr);
	if (err)
		return err;
	return mem_le(d, addr, size, val);
}

/* Operand size of far transfers and iret: 8 with REX.W, 2 with 66, else 4. */
static unsigned far_size(const struct x86_insn *in)
{
	return (in->rex & 0x08) ? 8 : in->opsize ? 2 : 4;
}

/* The address popped from the stack: `size` bytes at rsp. */
static int pop_target(struct x86dec *d, unsigned size)
{
	uint64_t sp, target;
	int err = reg(d, X86_REG_RSP, &sp);

	if (!err)
		err = mem_le(d, sp, size, &target);
	if (!err)
		add(d, target);
	return err;
}

/* FF /2 /3 /4 /5: call and jmp, near (64-bit) or far (flat offset). */
static int indirect(struct x86dec *d)
{
	unsigned op = d->in.modrm >> 3 & 7;
	uint64_t target;
	int err;

	if (op < 2 || op > 5 || ((op == 3 || op == 5) && d->in.modrm >> 6 == 3)) {
		add(d, d->next); /* inc, dec, push, or a far form that faults */
		return 0;
	}
	err = rm_operand(d, (op == 2 || op == 4) ? 8 : far_size(&d->in), &target);
	if (!err)
		add(d, target);
	return err;
}

/* syscall: falls through, except rt_sigreturn, which resumes the frame. */
static int syscall_insn(struct x86dec *d)
{
	uint64_t nr, sp, rip;
	int err = reg(d, X86_REG_RAX, &nr);

	if (err)
		return err;
	if (nr != NR_RT_SIGRETURN) {
		add(d, d->next);
		return 0;
	}
	err = reg(d, X86_REG_RSP, &sp);
	if (!err)
		err = mem_le(d, sp + SIGFRAME_RIP_OFFSET, 8, &rip);
	if (!err)
		add(d, rip);
	return err;
}

/* xbegin (C7 F8): the transaction's first instruction or its abort path. */
static void xbegin(struct x86dec *d)
{
	uint64_t abort = d->next + rel(&d->in);

	add(d, d->next);
	add(d, d->in.imm_size == 2 ? abort & 0xffff : abort);
}

static int one_byte(struct x86dec *d)
{
	uint8_t op = d->in.opcode;

	if (op >= 0x70 && op <= 0x7f)
		return jcc(d);
	if (op >= 0xe0 && op <= 0xe3)
		return loop(d);
	switch (op) {
	case 0xe8:
	case 0xe9:
	case 0xeb:
		add(d, d->next + rel(&d->in));
		return 0;
	case 0xc2:
	case 0xc3:
		return pop_target(d, 8);
	case 0xca:
	case 0xcb:
	case 0xcf:
		return pop_target(d, far_size(&d->in));
	case 0xff:
		return indirect(d);
	case 0xc7:
		if (d->in.modrm == 0xf8) {
			xbegin(d);
			return 0;
		}
		break;
	}
	add(d, d->next);
	return 0;
}

static int decode(struct x86dec *d)
{
	if (d->in.vex)
		add(d, d->next);
	else if (d->in.map == X86_MAP_1BYTE)
		return one_byte(d);
	else if (d->in.map == X86_MAP_0F && d->in.opcode >= 0x80 && d->in.opcode <= 0x8f)
		return jcc(d);
	else if (d->in.map == X86_MAP_0F && d->in.opcode == 0x05)
		return syscall_insn(d);
	else
		add(d, d->next);
	return 0;
}

/*
 * The instruction's bytes: up to X86_MAX_INSN, read as two pieces when they
 * cross a page, as the second page may be unmapped. `*tail_err` is the error
 * of that second read (0 if none), for an instruction that needs it.
 */
static int read_insn(const struct arch_step_ctx *c, uint64_t pc, uint8_t *buf,
		     size_t *avail, int *tail_err)
{
	size_t first = PAGE_SIZE_MIN - (pc & (PAGE_SIZE_MIN - 1));
	int err;

	if (first > X86_MAX_INSN)
		first = X86_MAX_INSN;
	err = c->read_mem(c->ctx, pc, buf, first);
	if (err)
		return err;
	*avail = first;
	*tail_err = 0;
	if (first < X86_MAX_INSN) {
		*tail_err = c->read_mem(c->ctx, pc + first, buf + first, X86_MAX_INSN - first);
		if (!*tail_err)
			*avail = X86_MAX_INSN;
	}
	return 0;
}

/* Read and decode the instruction at pc: 0 or -errno (an instruction cut
 * short by an unreadable page gets that read's error). */
int x86_fetch_insn(const struct arch_step_ctx *c, uint64_t pc, struct x86_insn *in)
{
	uint8_t buf[X86_MAX_INSN];
	size_t avail;
	int tail_err, err;

	err = read_insn(c, pc, buf, &avail, &tail_err);
	if (err)
		return err;
	err = x86_insn_decode(buf, avail, in);
	if (err == -ENODATA)
		return tail_err ? tail_err : -EINVAL;
	return err;
}

int x86_64_next_pcs(const struct arch_step_ctx *c, uint64_t pc, struct arch_next_pc *out)
{
	struct x86dec d = { .c = c, .out = out };
	int err = x86_fetch_insn(c, pc, &d.in);

	if (err)
		return err;
	d.next = pc + d.in.len;
	err = decode(&d);
	return err ? err : d.n;
}

/* ---- static control flow, for range stepping ---- */

static bool leaves_1byte(const struct x86_insn *in)
{
	switch (in->opcode) {
	case 0xc2: /* ret imm16, ret, retf imm16, retf, iret */
	case 0xc3:
	case 0xca:
	case 0xcb:
	case 0xcf:
	case 0xcc: /* int3, int n, into, int1 */
	case 0xcd:
	case 0xce:
	case 0xf1:
	case 0xe8: /* call rel32 */
	case 0xf4: /* hlt */
		return true;
	case 0xff: /* call/jmp near/far indirect (and the invalid /7) */
		return ((in->modrm >> 3) & 7) >= 2 && ((in->modrm >> 3) & 7) != 6;
	case 0xc7:
		return in->modrm == 0xf8; /* xbegin */
	default:
		return false;
	}
}

static bool leaves_0f(const struct x86_insn *in)
{
	switch (in->opcode) {
	case 0x01: /* group 7: vmcall, xend, ... */
	case 0x05: /* syscall, sysret, sysenter, sysexit */
	case 0x07:
	case 0x34:
	case 0x35:
	case 0x0b: /* ud2, ud1, ud0 */
	case 0xb9:
	case 0xff:
		return true;
	default:
		return false;
	}
}

static void classify(const struct x86_insn *in, uint64_t next, struct arch_insn_flow *out)
{
	bool one = in->map == X86_MAP_1BYTE && !in->vex;
	bool jcc0f = in->map == X86_MAP_0F && !in->vex && in->opcode >= 0x80 &&
	             in->opcode <= 0x8f;

	out->kind = ARCH_FLOW_NEXT;
	if (jcc0f || (one && ((in->opcode >= 0x70 && in->opcode <= 0x7f) ||
	                      (in->opcode >= 0xe0 && in->opcode <= 0xe3) ||
	                      in->opcode == 0xe9 || in->opcode == 0xeb))) {
		out->kind = ARCH_FLOW_BRANCH;
		out->target = next + (uint64_t)rel(in);
		out->falls_through = !(one && (in->opcode == 0xe9 || in->opcode == 0xeb));
	} else if ((one && leaves_1byte(in)) ||
	           (in->map == X86_MAP_0F && !in->vex && leaves_0f(in))) {
		out->kind = ARCH_FLOW_LEAVE;
	}
}

int x86_64_insn_flow(const struct arch_step_ctx *c, uint64_t pc,
                     struct arch_insn_flow *out)
{
	struct x86_insn in;
	int err = x86_fetch_insn(c, pc, &in);

	if (err)
		return err;
	memset(out, 0, sizeof(*out));
	out->len = in.len;
	classify(&in, pc + in.len, out);
	return 0;
}
