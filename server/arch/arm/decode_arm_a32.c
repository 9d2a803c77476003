/*
 * decode_arm_a32 — next PC of an instruction in ARM state (A32): branches,
 * interworking, data processing, loads and load-multiple writing pc, svc,
 * load-exclusive sequences. See decode_arm.h.
 */
#include <errno.h>

#include "decode_arm_int.h"

static uint32_t ror32(uint32_t v, unsigned n)
{
	n &= 31;
	return n ? (v >> n) | (v << (32 - n)) : v;
}

/* Barrel shifter: `type` LSL/LSR/ASR/ROR by `n`, `imm` selects the
 * immediate-shift special cases (LSR/ASR #0 = 32, ROR #0 = RRX). */
static uint32_t shift(uint32_t v, unsigned type, unsigned n, bool imm, uint32_t cpsr)
{
	switch (type) {
	case 0:
		return n >= 32 ? 0 : v << n;
	case 1:
		if (imm && n == 0)
			n = 32;
		return n >= 32 ? 0 : v >> n;
	case 2:
		if (imm && n == 0)
			n = 32;
		if (n >= 32)
			return (v & 0x80000000u) ? ~0u : 0;
		return (uint32_t)((int32_t)v >> n);
	default:
		if (imm && n == 0)
			return ((cpsr >> 29 & 1) << 31) | (v >> 1);
		return ror32(v, n);
	}
}

/* Shifted register operand: Rm, shift by imm5 or (bit 4) by Rs. */
static int shifted_reg(struct armdec *d, uint32_t insn, uint32_t *val)
{
	uint32_t rm, rs = 0;
	unsigned type = insn >> 5 & 3;
	int err;

	err = armdec_reg(d, insn & 0xf, &rm);
	if (err)
		return err;
	if (!(insn & 0x10))
		return *val = shift(rm, type, insn >> 7 & 0x1f, true, d->cpsr), 0;
	err = armdec_reg(d, insn >> 8 & 0xf, &rs);
	if (err)
		return err;
	*val = shift(rm, type, rs & 0xff, false, d->cpsr);
	return 0;
}

/* Data processing with Rd = pc; 0 with *handled false when not one. */
static int data_processing(struct armdec *d, uint32_t insn, bool *handled)
{
	unsigned op = insn >> 21 & 0xf;
	uint32_t rn = 0, op2, c = d->cpsr >> 29 & 1, res;
	int err;

	*handled = false;
	if ((insn >> 12 & 0xf) != 15 || (op >= 8 && op <= 11))
		return 0; /* not writing pc; tests and misc have no Rd */
	if (!(insn & (1u << 25)) && (insn & 0x90) == 0x90)
		return 0; /* multiply, extra load/store: pc is unpredictable */
	if (insn & (1u << 25))
		op2 = ror32(insn & 0xff, (insn >> 8 & 0xf) * 2);
	else if ((err = shifted_reg(d, insn, &op2)))
		return err;
	if (op != 13 && op != 15 && (err = armdec_reg(d, insn >> 16 & 0xf, &rn)))
		return err;
	switch (op) {
	case 0: res = rn & op2; break;
	case 1: res = rn ^ op2; break;
	case 2: res = rn - op2; break;
	case 3: res = op2 - rn; break;
	case 4: res = rn + op2; break;
	case 5: res = rn + op2 + c; break;
	case 6: res = rn - op2 - !c; break;
	case 7: res = op2 - rn - !c; break;
	case 12: res = rn | op2; break;
	case 13: res = op2; break;
	case 14: res = rn & ~op2; break;
	default: res = ~op2; break;
	}
	*handled = true;
	return armdec_add_bx(d, res); /* ARMv7 ALUWritePC interworks in ARM state */
}

/* ldr pc, [...]: every addressing mode of the single word load. */
static int load_pc(struct armdec *d, uint32_t insn)
{
	uint32_t base, off, addr, val;
	bool p = insn >> 24 & 1, u = insn >> 23 & 1;
	int err;

	err = armdec_reg(d, insn >> 16 & 0xf, &base);
	if (err)
		return err;
	if ((insn >> 16 & 0xf) == 15)
		base &= ~3u;
	if (!(insn & (1u << 25)))
		off = insn & 0xfff;
	else if ((err = armdec_reg(d, insn & 0xf, &off)))
		return err;
	else
		off = shift(off, insn >> 5 & 3, insn >> 7 & 0x1f, true, d->cpsr);
	addr = p ? (u ? base + off : base - off) : base;
	err = armdec_mem32(d, addr, &val);
	if (err)
		return err;
	return armdec_add_bx(d, val);
}

/* ldm/pop with pc in the list: pc is the highest-addressed word. */
static int ldm_pc(struct armdec *d, uint32_t insn)
{
	unsigned n = (unsigned)__builtin_popcount(insn & 0xffff);
	bool p = insn >> 24 & 1, u = insn >> 23 & 1;
	uint32_t base, addr, val;
	int err;

	err = armdec_reg(d, insn >> 16 & 0xf, &base);
	if (err)
		return err;
	if (u)
		addr = base + 4 * (n - 1) + (p ? 4 : 0);
	else
		addr = base - (p ? 4 : 0);
	err = armdec_mem32(d, addr, &val);
	if (err)
		return err;
	return armdec_add_bx(d, val);
}

/* The unconditional space (cond = 0b1111): only blx <imm> branches. */
static int unconditional(struct armdec *d, uint32_t insn)
{
	uint32_t off;

	if ((insn & 0x0e000000) != 0x0a000000)
		return armdec_add(d, d->pc + 4, false);
	off = sext(insn & 0xffffff, 24) << 2 | (insn >> 23 & 2);
	return armdec_add_call(d, d->pc + 8 + off, true, d->pc + 4);
}

static int branch_exchange(struct armdec *d, uint32_t insn)
{
	uint32_t rm;
	int err = armdec_reg(d, insn & 0xf, &rm);

	if (err)
		return err;
	if ((insn & 0xf0) == 0x30) /* blx <reg> */
		return armdec_add_call(d, rm, rm & 1, d->pc + 4);
	if (rm >= 0xffff0000u) { /* tail call into a kernel helper: back to lr */
		err = armdec_reg(d, ARM_REG_LR, &rm);
		if (err)
			return err;
	}
	return armdec_add_bx(d, rm);
}

int armdec_arm(struct armdec *d)
{
	uint32_t insn;
	bool handled;
	int err;

	err = armdec_mem32(d, d->pc, &insn);
	if (err)
		return err;
	if (insn >> 28 == 0xf)
		return unconditional(d, insn);
	if (!armdec_cond_passed(insn >> 28, d->cpsr))
		return armdec_add(d, d->pc + 4, false);
	err = armdec_atomic_arm(d, insn);
	if (err)
		return err < 0 ? err : 0;

	switch (insn >> 25 & 7) {
	case 0:
	case 1:
		if ((insn & 0x0ffffff0) == 0x012fff10 || (insn & 0x0ffffff0) == 0x012fff20 ||
		    (insn & 0x0ffffff0) == 0x012fff30)
			return branch_exchange(d, insn);
		err = data_processing(d, insn, &handled);
		if (err || handled)
			return err;
		break;
	case 2:
	case 3:
		if ((insn & 0x0e000010) == 0x06000010)
			break; /* media instructions */
		if ((insn & 0x00500000) == 0x00100000 && (insn >> 12 & 0xf) == 15)
			return load_pc(d, insn); /* ldr (word, load) into pc */
		break;
	case 4:
		if ((insn & (1u << 20)) && (insn & (1u << 15)))
			return ldm_pc(d, insn);
		break;
	case 5: {
		uint32_t target = d->pc + 8 + (sext(insn & 0xffffff, 24) << 2);

		if (insn & (1u << 24)) /* bl */
			return armdec_add_call(d, target, false, d->pc + 4);
		return armdec_add(d, target, false);
	}
	case 7:
		if (insn & (1u << 24))
			return armdec_svc(d, 4);
		break;
	default:
		break;
	}
	return armdec_add(d, d->pc + 4, false);
}
