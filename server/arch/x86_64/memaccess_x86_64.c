/*
 * memaccess_x86_64 — which bytes an x86-64 instruction may read or write,
 * for watchpoints emulated by stepping (linux_swatch.h): could the
 * instruction just run have written some bytes (when several threads step
 * at once, the one whose instruction could have made a change is the one
 * to report), and could the instruction about to run read or write them
 * (access watchpoints). See decode_x86_64.h for the contracts.
 *
 * Contract: pure code. x86_64_insn_may_write answers "maybe" (true)
 * whenever unsure, so that a real writer is never excused; only the legacy
 * one-byte and 0F maps are looked at closely, anything else with a memory
 * operand is a "maybe". x86_64_insn_may_access computes the addresses from
 * the registers before the instruction, so it can be exact: it is "maybe"
 * only where the addresses cannot be known (vector gathers and scatters).
 */
#include "decode_x86_64.h"

/* The most bytes one ModRM operand reaches: fxsave/xsave areas. */
enum { MAX_OPERAND = 4096 };

static unsigned reg_field(const struct x86_insn *in)
{
	return (in->modrm >> 3) & 7;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t lo, uint64_t hi)
{
	return a < hi && lo < a + alen;
}

/* Byte-sized integer forms of the one-byte map. */
static bool byte_op(uint8_t op)
{
	return (op < 0x40 && !(op & 1) && (op & 7) < 4) || op == 0x80 || op == 0x82 ||
	       op == 0x84 || op == 0x86 || op == 0x88 || op == 0x8a || op == 0xc0 ||
	       op == 0xc6 || op == 0xd0 || op == 0xd2 || op == 0xf6 || op == 0xfe;
}

/* 0F map: bytes of the ModRM operand (0: unknown reach, a bit string). */
static uint64_t operand_bytes_0f(const struct x86_insn *in, uint64_t v)
{
	uint8_t op = in->opcode;
	unsigned r = reg_field(in);

	if (op == 0xa3 || op == 0xab || op == 0xb3 || op == 0xbb)
		return 0; /* bt/bts/btr/btc by a register: anywhere from the address */
	if (op == 0xae) /* fxsave, fxrstor, xsave, xrstor, xsaveopt: areas; else 4 */
		return r <= 1 || (r >= 4 && r <= 6) ? MAX_OPERAND : 4;
	if (op == 0xc7) /* cmpxchg8b / 16b; xrstors, xsavec, xsaves */
		return r == 1 ? 16 : MAX_OPERAND;
	if ((op >= 0x90 && op <= 0x9f) || op == 0xb0 || op == 0xb6 || op == 0xbe)
		return 1; /* setcc, cmpxchg r/m8, movzx/movsx from a byte */
	if (op == 0xb7 || op == 0xbf)
		return 2;
	if (op == 0x00 || op == 0x01)
		return 10; /* descriptor tables */
	if ((op >= 0x40 && op <= 0x4f) || (op >= 0xa0 && op <= 0xbf) || op == 0xc0 ||
	    op == 0xc1 || op == 0xc3)
		return v; /* cmov, shld/shrd, imul, cmpxchg, xadd, movnti, ... */
	return 16; /* SSE and MMX forms */
}

/* How many bytes from its address the ModRM memory operand may reach;
 * 0: no bound. */
static uint64_t operand_bytes(const struct x86_insn *in)
{
	uint8_t op = in->opcode;
	unsigned r = reg_field(in);
	uint64_t v = (in->rex & 0x08) ? 8 : in->opsize ? 2 : 4;

	if (in->vex)
		return in->vex == 0x62 ? 64 : 32;
	if (in->map == X86_MAP_0F38 || in->map == X86_MAP_0F3A)
		return 16;
	if (in->map == X86_MAP_0F)
		return operand_bytes_0f(in, v);
	if (op >= 0xd8 && op <= 0xdf)
		return 108; /* x87, fsave's area at most */
	if (byte_op(op))
		return 1;
	if (op == 0xff && (r == 3 || r == 5))
		return 10; /* a far pointer */
	if ((op == 0xff && (r == 2 || r == 4 || r == 6)) || op == 0x8f)
		return in->opsize ? 2 : 8; /* call, jmp, push, pop: 64-bit */
	if (op == 0x8c || op == 0x8e)
		return 2; /* segment registers */
	if (op == 0x63)
		return 4; /* movsxd's source */
	return v;
}

/*
 * The stack bytes a push, pop, call, return or enter accesses, as an
 * offset from rsp and a length; false for any other instruction (leave
 * reads at rbp: its own case).
 */
static bool stack_bytes(const struct x86_insn *in, int64_t *off, uint64_t *len)
{
	uint8_t op = in->opcode;
	unsigned r = reg_field(in);
	uint64_t size = in->opsize ? 2 : 8;

	if (in->map == X86_MAP_0F) {
		if (op != 0xa0 && op != 0xa1 && op != 0xa8 && op != 0xa9)
			return false;
		*off = (op & 1) ? 0 : -(int64_t)size; /* push / pop fs, gs */
		*len = size;
		return true;
	}
	if ((op >= 0x50 && op <= 0x57) || op == 0x68 || op == 0x6a || op == 0x9c ||
	    op == 0xe8 || (op == 0xff && (r == 2 || r == 3 || r == 6))) {
		*len = op == 0xff && r == 3 ? 16 : size; /* far call: cs too */
		*off = -(int64_t)*len;
		return true;
	}
	if ((op >= 0x58 && op <= 0x5f) || op == 0x8f || op == 0x9d || op == 0xc2 ||
	    op == 0xc3 || op == 0xca || op == 0xcb || op == 0xcf) {
		*off = 0;
		*len = op == 0xcf ? 40 : (op == 0xca || op == 0xcb) ? 16 : size;
		return true;
	}
	if (op == 0xc8) { /* enter: rbp, then up to 31 frame pointers, then the frame */
		*len = 8 + 31 * 8 + (in->imm & 0xffff);
		*off = -(int64_t)*len;
		return true;
	}
	return false;
}

/* ---- before the instruction: every access ---- */

/* Bytes a string instruction moves per iteration. */
static unsigned string_size(const struct x86_insn *in)
{
	if (!(in->opcode & 1))
		return 1;
	return (in->rex & 0x08) ? 8 : in->opsize ? 2 : 4;
}

static int gpr_value(const struct arch_step_ctx *c, int regnum, uint64_t *v)
{
	return c->read_reg(c->ctx, regnum, v);
}

/* [reg, reg + n) or, with the direction flag, the n bytes ending past reg. */
static bool string_range(const struct arch_step_ctx *c, int regnum, uint64_t n,
                         uint64_t fl, unsigned size, uint64_t lo, uint64_t hi)
{
	uint64_t at;

	if (gpr_value(c, regnum, &at) < 0)
		return true;
	if (fl & (1u << 10)) /* DF: downwards, from the last element */
		return overlaps(at + size - n, n, lo, hi);
	return overlaps(at, n, lo, hi);
}

/* movs, cmps, stos, lods, scas, ins, outs: rsi and rdi, rcx times with rep. */
static bool string_access(const struct arch_step_ctx *c, const struct x86_insn *in,
                          uint64_t lo, uint64_t hi)
{
	enum { RSI = 4, RDI = 5 };
	unsigned size = string_size(in);
	uint8_t op = in->opcode & ~1;
	uint64_t count = 1, fl = 0;
	bool src = op == 0xa4 || op == 0xa6 || op == 0xac || op == 0x6e;
	bool dst = op == 0xa4 || op == 0xa6 || op == 0xaa || op == 0xae || op == 0x6c;

	if (in->rep && gpr_value(c, X86_REG_RCX, &count) < 0)
		return true;
	if (in->adsize)
		count = (uint32_t)count;
	if (gpr_value(c, X86_REG_EFLAGS, &fl) < 0 || count > (UINT64_MAX >> 4))
		return true;
	return (src && string_range(c, RSI, count * size, fl, size, lo, hi)) ||
	       (dst && string_range(c, RDI, count * size, fl, size, lo, hi));
}

static bool is_string(const struct x86_insn *in)
{
	uint8_t op = in->opcode;

	return in->map == X86_MAP_1BYTE &&
	       ((op >= 0xa4 && op <= 0xa7) || (op >= 0xaa && op <= 0xaf) ||
	        (op >= 0x6c && op <= 0x6f));
}

/* No memory access through the ModRM operand: lea, nop r/m, prefetches. */
static bool no_operand_access(const struct x86_insn *in)
{
	if (in->map == X86_MAP_1BYTE)
		return in->opcode == 0x8d;
	return in->map == X86_MAP_0F && (in->opcode == 0x18 || in->opcode == 0x1f ||
	                                 in->opcode == 0x0d);
}

bool x86_64_insn_may_access(const struct arch_step_ctx *c, uint64_t pc, uint64_t lo,
                            uint64_t hi)
{
	struct x86_insn in;
	uint64_t ea, sp, rbp, len, size;
	int64_t off;
	bool legacy;

	if (x86_fetch_insn(c, pc, &in) < 0)
		return true;
	legacy = !in.vex && (in.map == X86_MAP_1BYTE || in.map == X86_MAP_0F);
	if (legacy && is_string(&in))
		return string_access(c, &in, lo, hi);
	if (legacy && stack_bytes(&in, &off, &len) &&
	    (c->read_reg(c->ctx, X86_REG_RSP, &sp) < 0 || overlaps(sp + (uint64_t)off, len, lo, hi)))
		return true;
	if (legacy && in.map == X86_MAP_1BYTE && in.opcode == 0xc9) /* leave: pops at rbp */
		return c->read_reg(c->ctx, 6, &rbp) < 0 || overlaps(rbp, 8, lo, hi);
	if (legacy && in.map == X86_MAP_1BYTE && in.opcode >= 0xa0 && in.opcode <= 0xa3)
		return overlaps(in.imm, 8, lo, hi); /* mov with a 64-bit address */
	if (!in.has_modrm || (in.modrm >> 6) == 3 || (legacy && no_operand_access(&in)))
		return false;
	if (in.vex && in.has_sib) /* a vector index (gather, scatter) may be one */
		return true;
	size = operand_bytes(&in);
	if (!size || x86_effective_address(c, &in, pc + in.len, &ea) < 0)
		return true;
	return overlaps(ea, size, lo, hi);
}

/* ---- after the instruction: could it have written ---- */

/* One-byte map, ModRM memory operand: is it only read (or not accessed)? */
static bool reads_only_1byte(const struct x86_insn *in)
{
	uint8_t op = in->opcode;
	unsigned r = reg_field(in);

	if (op < 0x40 && (op & 7) < 4) /* alu: r/m is written only by 00, 01 forms */
		return (op & 7) >= 2 || op == 0x38 || op == 0x39;
	switch (op) {
	case 0x63: /* movsxd */
	case 0x69: /* imul r, r/m, imm */
	case 0x6b:
	case 0x84: /* test */
	case 0x85:
	case 0x8a: /* mov r, r/m */
	case 0x8b:
	case 0x8d: /* lea: no access at all */
		return true;
	case 0x80: /* group 1: /7 is cmp */
	case 0x81:
	case 0x83:
		return r == 7;
	case 0xf6: /* group 3: test, mul, imul, div, idiv */
	case 0xf7:
		return r != 2 && r != 3;
	case 0xff: /* call, jmp (near, far), push: read r/m (push: stack below) */
		return r >= 2 && r <= 5;
	default:
		return false;
	}
}

/* 0F map, ModRM memory operand: is it only read? */
static bool reads_only_0f(const struct x86_insn *in)
{
	uint8_t op = in->opcode;

	if (op >= 0x40 && op <= 0x4f) /* cmovcc */
		return true;
	switch (op) {
	case 0x10: /* movups/movss/movupd/movsd loads */
	case 0x28: /* movaps/movapd loads */
	case 0x2e: /* ucomis, comis */
	case 0x2f:
	case 0x6f: /* movq/movdqa/movdqu loads */
	case 0xaf: /* imul r, r/m */
	case 0xb6: /* movzx, movsx */
	case 0xb7:
	case 0xbe:
	case 0xbf:
	case 0xbc: /* bsf, bsr, tzcnt, lzcnt */
	case 0xbd:
	case 0xb8: /* popcnt */
	case 0x18: /* prefetch, nop r/m */
	case 0x1f:
		return true;
	case 0xa3: /* bt r/m, r (bts/btr/btc write) */
		return true;
	case 0xba: /* group 8: /4 is bt */
		return reg_field(in) == 4;
	default:
		return false;
	}
}

/* Always "maybe": the kernel (system calls, interrupts), string stores,
 * x87 (fsave and friends write up to 108 bytes), xsave/fxsave. */
static bool always_maybe(const struct x86_insn *in)
{
	uint8_t op = in->opcode;

	if (in->map == X86_MAP_0F)
		return op == 0x05 || op == 0x34 || op == 0xae || op == 0xc7;
	return (op >= 0xa4 && op <= 0xa5) || (op >= 0xaa && op <= 0xab) ||
	       (op >= 0x6c && op <= 0x6d) || (op >= 0xcc && op <= 0xce) || op == 0xf1 ||
	       (op >= 0xd8 && op <= 0xdf) || op == 0xa2 || op == 0xa3;
}

bool x86_64_insn_may_write(const struct arch_step_ctx *c, uint64_t pc, uint64_t lo,
                           uint64_t hi)
{
	struct x86_insn in;
	bool mem, legacy;
	uint64_t ea, size, sp, len;
	int64_t off;

	if (x86_fetch_insn(c, pc, &in) < 0)
		return true;
	mem = in.has_modrm && (in.modrm >> 6) != 3;
	legacy = !in.vex && (in.map == X86_MAP_1BYTE || in.map == X86_MAP_0F);
	if (!legacy)
		return mem;
	if (always_maybe(&in))
		return true;
	if (stack_bytes(&in, &off, &len) && off < 0 && /* pushed: at rsp now */
	    (c->read_reg(c->ctx, X86_REG_RSP, &sp) < 0 || overlaps(sp, len, lo, hi)))
		return true;
	if (!mem)
		return false;
	if (in.map == X86_MAP_1BYTE ? reads_only_1byte(&in) : reads_only_0f(&in))
		return false;
	size = operand_bytes(&in);
	if (!size || x86_effective_address(c, &in, pc + in.len, &ea) < 0)
		return true;
	return overlaps(ea, size, lo, hi);
}
