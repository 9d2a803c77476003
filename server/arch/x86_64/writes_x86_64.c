/*
 * writes_x86_64 — could an x86-64 instruction just run have written some
 * bytes? For write watchpoints emulated by stepping (linux_swatch.h): when
 * several threads step at once, the one whose instruction could have made
 * the change is the one to report. See decode_x86_64.h for the contract.
 *
 * Contract: pure code; "maybe" (true) whenever unsure, so that a real
 * writer is never excused. Only the legacy one-byte and 0F maps are looked
 * at closely; anything else with a memory operand is a "maybe".
 */
#include "decode_x86_64.h"

/* The widest store through a ModRM operand: an AVX-512 register. */
enum { MAX_STORE = 64 };
/* How far below the stack pointer a push, call or enter may have written. */
enum { MAX_PUSH = 128 };

static unsigned reg_field(const struct x86_insn *in)
{
	return (in->modrm >> 3) & 7;
}

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

static bool overlaps(uint64_t a, uint64_t alen, uint64_t lo, uint64_t hi)
{
	return a < hi && lo < a + alen;
}

/* Writes below (after it: at) the stack pointer, without ModRM. */
static bool pushes(const struct x86_insn *in)
{
	uint8_t op = in->opcode;

	if (in->map == X86_MAP_0F)
		return op == 0xa0 || op == 0xa8; /* push fs, gs */
	return (op >= 0x50 && op <= 0x57) || op == 0x68 || op == 0x6a || op == 0x9c ||
	       op == 0xe8 || op == 0xc8 || (op == 0xff && (reg_field(in) == 2 ||
	                                                   reg_field(in) == 3 ||
	                                                   reg_field(in) == 6));
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

static bool stack_written(const struct arch_step_ctx *c, uint64_t lo, uint64_t hi)
{
	uint64_t sp;

	if (c->read_reg(c->ctx, X86_REG_RSP, &sp) < 0)
		return true;
	return overlaps(sp, MAX_PUSH, lo, hi);
}

bool x86_64_insn_may_write(const struct arch_step_ctx *c, uint64_t pc, uint64_t lo,
                           uint64_t hi)
{
	struct x86_insn in;
	bool mem, legacy;
	uint64_t ea;

	if (x86_fetch_insn(c, pc, &in) < 0)
		return true;
	mem = in.has_modrm && (in.modrm >> 6) != 3;
	legacy = !in.vex && (in.map == X86_MAP_1BYTE || in.map == X86_MAP_0F);
	if (!legacy)
		return mem;
	if (always_maybe(&in))
		return true;
	if (pushes(&in) && stack_written(c, lo, hi))
		return true;
	if (!mem)
		return false;
	if (in.map == X86_MAP_1BYTE ? reads_only_1byte(&in) : reads_only_0f(&in))
		return false;
	if (x86_effective_address(c, &in, pc + in.len, &ea) < 0)
		return true;
	return overlaps(ea, MAX_STORE, lo, hi);
}
