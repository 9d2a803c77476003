/*
 * decode_arm_static — where one ARM or Thumb instruction can send control,
 * from its bytes alone: no register is read and no condition evaluated.
 * Shared by the load-exclusive scan (decode_arm_atomic.c) and range
 * stepping's exit analysis (flow_arm.c); the contract is in
 * decode_arm_int.h (armflow_*).
 *
 * The classes follow the next-PC decoder (decode_arm_a32.c,
 * decode_thumb.c, decode_thumb32.c): whatever it computes from registers
 * or memory is ARCH_FLOW_LEAVE here, what it takes from the encoding
 * (direct branches) is ARCH_FLOW_BRANCH. Unpredictable encodings (a
 * multiply or halfword load "into" pc) are ARCH_FLOW_NEXT, as there.
 */
#include <string.h>

#include "decode_thumb.h"

int armflow_at(struct armdec *d, uint32_t loc, struct arch_insn_flow *out,
	       struct arm_fetched *f)
{
	int err;

	memset(f, 0, sizeof(*f));
	f->thumb = d->cpsr & CPSR_T;
	if (!f->thumb) {
		err = armdec_mem32(d, loc, &f->insn);
		if (!err)
			armflow_a32(loc, f->insn, out);
		return err;
	}
	err = armdec_mem16(d, loc, &f->hw1);
	f->is32 = !err && thumb_is32(f->hw1);
	if (f->is32)
		err = armdec_mem16(d, loc + 2, &f->hw2);
	if (err)
		return err;
	if (f->is32)
		armflow_t32(loc, f->hw1, f->hw2, out);
	else
		armflow_t16(loc, f->hw1, out);
	return 0;
}

static void leave(struct arch_insn_flow *out)
{
	out->kind = ARCH_FLOW_LEAVE;
}

static void branch(struct arch_insn_flow *out, uint32_t target, bool cond)
{
	out->kind = ARCH_FLOW_BRANCH;
	out->target = target;
	out->falls_through = cond;
}

/* ARM data processing (classes 0, 1) writing pc, as data_processing(). */
static bool a32_dp_writes_pc(uint32_t insn)
{
	unsigned op = insn >> 21 & 0xf;

	if ((insn >> 12 & 0xf) != 15 || (op >= 8 && op <= 11))
		return false;
	return (insn & (1u << 25)) || (insn & 0x90) != 0x90;
}

/* ARM instructions that trap: bkpt, hvc, smc, udf. */
static bool a32_traps(uint32_t insn)
{
	return (insn & 0x0f9000f0) == 0x01000070 || (insn & 0x0ff000f0) == 0x07f000f0;
}

/* cond = 0b1111: blx <imm> (a call) and rfe leave; the rest falls through. */
static void a32_unconditional(uint32_t insn, struct arch_insn_flow *out)
{
	if ((insn & 0x0e000000) == 0x0a000000 || (insn & 0x0e500000) == 0x08100000)
		leave(out);
}

void armflow_a32(uint32_t pc, uint32_t insn, struct arch_insn_flow *out)
{
	unsigned cls = insn >> 25 & 7;

	memset(out, 0, sizeof(*out));
	out->len = 4;
	out->bp_kind = ARM_BP_KIND_ARM;
	if (insn >> 28 == 0xf)
		return a32_unconditional(insn, out);
	if ((insn & 0x0ffffff0) >= 0x012fff10 && (insn & 0x0ffffff0) <= 0x012fff30)
		return leave(out); /* bx, bxj, blx <reg> */
	if (a32_traps(insn))
		return leave(out);
	if ((cls <= 1 && a32_dp_writes_pc(insn)) ||
	    ((cls == 2 || cls == 3) && (insn & 0x00500000) == 0x00100000 &&
	     (insn >> 12 & 0xf) == 15 && !(cls == 3 && (insn & 0x10))) ||
	    (cls == 4 && (insn & (1u << 20)) && (insn & (1u << 15))) ||
	    (cls == 7 && (insn & (1u << 24))))
		return leave(out); /* mov/add.. pc, ldr pc, ldm {..pc}, svc */
	if (cls == 5 && (insn & (1u << 24)))
		return leave(out); /* bl */
	if (cls == 5)
		branch(out, pc + 8 + (sext(insn & 0xffffff, 24) << 2), insn >> 28 != 0xe);
}

void armflow_t16(uint32_t pc, uint16_t hw, struct arch_insn_flow *out)
{
	unsigned cond = hw >> 8 & 0xf;

	memset(out, 0, sizeof(*out));
	out->len = 2;
	out->bp_kind = ARM_BP_KIND_THUMB;
	if ((hw & 0xf000) == 0xd000 && cond >= 0xe)
		leave(out); /* udf, svc */
	else if ((hw & 0xf000) == 0xd000)
		branch(out, pc + 4 + sext((uint32_t)(hw & 0xff) << 1, 9), true);
	else if ((hw & 0xf800) == 0xe000)
		branch(out, pc + 4 + sext((uint32_t)(hw & 0x7ff) << 1, 12), false);
	else if ((hw & 0xf500) == 0xb100) /* cbz, cbnz */
		branch(out, pc + 4 + ((hw >> 9 & 1) << 6 | (hw >> 3 & 0x1f) << 1), true);
	else if ((hw & 0xff00) == 0xbd00 || (hw & 0xff00) == 0x4700 ||
	         (hw & 0xfd87) == 0x4487 || (hw & 0xff00) == 0xbe00)
		leave(out); /* pop {..pc}, bx/blx, add/mov pc, bkpt */
}

/* Thumb-2 branches and miscellaneous control (hw1 11110, hw2 bit 15). */
static void t32_branch(uint32_t pc, uint16_t hw1, uint16_t hw2,
                       struct arch_insn_flow *out)
{
	unsigned cond = hw1 >> 6 & 0xf;

	switch (hw2 & 0x5000) {
	case 0x1000: /* B.W */
		return branch(out, pc + 4 + thumb_off_t4(hw1, hw2), false);
	case 0x0000:
		if ((cond & 0xe) != 0xe)
			return branch(out, pc + 4 + thumb_off_t3(hw1, hw2), true);
		/* hints, msr, mrs, barriers fall through; bxj, subs pc, lr,
		 * smc, hvc and udf.w leave */
		if ((hw1 & 0xffe0) == 0xf380 || (hw1 & 0xffe0) == 0xf3e0 ||
		    (hw1 & 0xfff0) == 0xf3a0 || (hw1 & 0xfff0) == 0xf3b0)
			return;
		return leave(out);
	default: /* BL, BLX <imm> */
		return leave(out);
	}
}

void armflow_t32(uint32_t pc, uint16_t hw1, uint16_t hw2, struct arch_insn_flow *out)
{
	memset(out, 0, sizeof(*out));
	out->len = 4;
	out->bp_kind = ARM_BP_KIND_THUMB2;
	if ((hw1 & 0xf800) == 0xf000 && (hw2 & 0x8000))
		t32_branch(pc, hw1, hw2, out);
	else if (((hw1 & 0xfe40) == 0xe800 && (hw1 & 0x10) && (hw2 & 0x8000)) ||
	         ((hw1 & 0xfff0) == 0xe8d0 && (hw2 & 0xffe0) == 0xf000) ||
	         ((hw1 & 0xff00) == 0xf800 && (hw1 & 0x70) == 0x50 && hw2 >> 12 == 15))
		leave(out); /* ldm/pop.w/rfe with pc, tbb/tbh, ldr.w pc */
}
