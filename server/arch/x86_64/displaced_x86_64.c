/* displaced_x86_64 — see displaced_x86_64.h for the contract. */
#include "displaced_x86_64.h"

#include <errno.h>
#include <string.h>

#include "decode_x86_64.h"

/* Hardware register numbers (ModRM order) and gdb's numbers for them. */
enum { HW_RBX = 3, HW_RBP = 5, HW_RSI = 6, HW_RDI = 7 };
static const int8_t gdb_regnum[8] = {0, 2, 3, 1, 7, 6, 4, 5};

static bool one_byte(const struct x86_insn *in, uint8_t op)
{
	return !in->vex && in->map == X86_MAP_1BYTE && in->opcode == op;
}

static bool two_byte(const struct x86_insn *in, uint8_t op)
{
	return !in->vex && in->map == X86_MAP_0F && in->opcode == op;
}

static unsigned modrm_reg(const struct x86_insn *in)
{
	return in->modrm >> 3 & 7;
}

/* FF /n (n: the ModRM reg field). */
static bool group5(const struct x86_insn *in, unsigned n)
{
	return one_byte(in, 0xff) && modrm_reg(in) == n;
}

static bool refused(const struct x86_insn *in)
{
	static const uint8_t bad1[] = {0xcc, 0xcd, 0xce, 0xf1, 0xf4,
	                               0x9a, 0xea, 0xca, 0xcb, 0xcf};
	static const uint8_t bad2[] = {0x05, 0x07, 0x34, 0x35, 0x0b, 0xb9, 0xff};
	size_t i;

	for (i = 0; i < sizeof(bad1); i++)
		if (one_byte(in, bad1[i]))
			return true;
	for (i = 0; i < sizeof(bad2); i++)
		if (two_byte(in, bad2[i]))
			return true;
	return (one_byte(in, 0xc7) && in->modrm == 0xf8) || group5(in, 3) ||
	       group5(in, 5);
}

static bool absolute(const struct x86_insn *in)
{
	return one_byte(in, 0xc3) || one_byte(in, 0xc2) || group5(in, 2) || group5(in, 4);
}

static bool is_call(const struct x86_insn *in)
{
	return one_byte(in, 0xe8) || group5(in, 2);
}

static bool rip_relative(const struct x86_insn *in)
{
	return in->has_modrm && !in->has_sib && (in->modrm & 0xc7) == 0x05;
}

/* ~vvvv of VEX / EVEX, the low three bits (a register the insn reads). */
static unsigned vex_vvvv(const uint8_t *b, size_t op, const struct x86_insn *in)
{
	uint8_t byte = in->vex == 0xc5 ? b[op + 1] : b[op + 2];

	return (~byte >> 3) & 7;
}

/* Rewrite the RIP-relative operand to [scratch + disp32]. */
static int relocate_riprel(const struct x86_insn *in, struct arch_displaced *out)
{
	static const uint8_t candidates[] = {HW_RSI, HW_RDI, HW_RBX, HW_RBP};
	size_t op = in->prefix_len;
	size_t modrm_at = in->len - in->imm_size - in->disp_size - 1;
	unsigned used = 1u << modrm_reg(in), i;

	if (in->vex)
		used |= 1u << vex_vvvv(out->insn, op, in);
	for (i = 0; i < sizeof(candidates) && (used >> candidates[i] & 1); i++)
		;
	if (i == sizeof(candidates))
		return -ENOTSUP;
	out->insn[modrm_at] = (uint8_t)(0x80 | (in->modrm & 0x38) | candidates[i]);
	if (!in->vex && op > 0 && (out->insn[op - 1] & 0xf0) == 0x40)
		out->insn[op - 1] &= (uint8_t)~0x01; /* REX.B */
	else if (in->vex == 0xc4 || in->vex == 0x62)
		out->insn[op + 1] |= 0x20; /* ~B: not extended */
	out->scratch_reg = gdb_regnum[candidates[i]];
	out->scratch_val = out->from + in->len;
	return 0;
}

unsigned x86_64_syscall_insn_len(const uint8_t *insn, size_t avail)
{
	struct x86_insn in;

	if (x86_insn_decode(insn, avail, &in) < 0 || !two_byte(&in, 0x05))
		return 0;
	return in.len;
}

bool x86_64_syscall_displaceable(uint64_t nr)
{
	/* rt_sigreturn, clone, fork, vfork, execve, execveat, clone3 */
	static const uint64_t in_place[] = {15, 56, 57, 58, 59, 322, 435};
	size_t i;

	for (i = 0; i < sizeof(in_place) / sizeof(in_place[0]); i++)
		if (nr == in_place[i])
			return false;
	return true;
}

int x86_64_displaced_prepare(const uint8_t *insn, size_t avail, uint64_t from,
                             uint64_t to, struct arch_displaced *out)
{
	struct x86_insn in;

	if (x86_insn_decode(insn, avail, &in) < 0 || refused(&in))
		return -ENOTSUP;
	memset(out, 0, sizeof(*out));
	out->from = from;
	out->to = to;
	memcpy(out->insn, insn, in.len);
	out->len = in.len;
	out->scratch_reg = -1;
	out->fix_reg = -1;
	out->pc = absolute(&in) ? ARCH_DISPLACED_PC_ABSOLUTE : ARCH_DISPLACED_PC_RELATIVE;
	out->fix_return = is_call(&in);
	out->ret_addr = from + in.len;
	if (rip_relative(&in))
		return relocate_riprel(&in, out);
	return 0;
}
