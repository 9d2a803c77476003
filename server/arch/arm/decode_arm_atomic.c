/*
 * decode_arm_atomic — load-exclusive .. store-exclusive sequences stepped
 * as one unit. A breakpoint trap between ldrex and strex clears the
 * exclusive monitor, so stepping inside would fail the strex forever; the
 * stepper instead runs the whole sequence. Scan forward (at most
 * ARM_ATOMIC_MAX instructions) from the ldrex to the first strex,
 * collecting the targets of direct branches that leave the sequence; the
 * result is the address after the strex plus those targets. Anything the
 * scan cannot follow (indirect branch, call, svc, pc write, no strex in
 * reach, too many exits) makes the ldrex decode as a single instruction.
 */
#include "decode_thumb.h"

struct atomic_scan {
	uint32_t start;
	uint32_t exits[ARCH_MAX_NEXT_PCS];
	int nexits;
	bool overflow;
};

static void note_exit(struct atomic_scan *s, uint32_t target)
{
	int i;

	for (i = 0; i < s->nexits; i++)
		if (s->exits[i] == target)
			return;
	if (s->nexits == ARCH_MAX_NEXT_PCS - 1)
		s->overflow = true;
	else
		s->exits[s->nexits++] = target;
}

/* Add the end of the sequence (`end`) and the exits outside [start, end). */
static int finish(struct armdec *d, struct atomic_scan *s, uint32_t end, bool thumb)
{
	int i, err;

	if (s->overflow)
		return 0;
	err = armdec_add(d, end, thumb);
	for (i = 0; !err && i < s->nexits; i++)
		if (s->exits[i] < s->start || s->exits[i] >= end)
			err = armdec_add(d, s->exits[i], thumb);
	return err ? err : 1;
}

static bool arm_is_ldrex(uint32_t insn)
{
	return (insn & 0x0f900fff) == 0x01900f9f && insn >> 28 != 0xf;
}

static bool arm_is_strex(uint32_t insn)
{
	return (insn & 0x0f900ff0) == 0x01800f90 && insn >> 28 != 0xf;
}

/* An ARM instruction the scan cannot see through (may write pc, call, svc). */
static bool arm_stops_scan(uint32_t insn)
{
	unsigned cls = insn >> 25 & 7;

	if (insn >> 28 == 0xf)
		return (insn & 0x0e000000) == 0x0a000000; /* blx <imm> */
	if ((insn & 0x0ffffff0) >= 0x012fff10 && (insn & 0x0ffffff0) <= 0x012fff30)
		return true; /* bx, bxj, blx <reg> */
	if (cls <= 3)
		return (insn >> 12 & 0xf) == 15 && !(cls >= 2 && !(insn & (1u << 20)));
	if (cls == 4)
		return (insn & (1u << 20)) && (insn & (1u << 15));
	if (cls == 5)
		return insn & (1u << 24); /* bl */
	return cls == 7 && (insn & (1u << 24)); /* svc */
}

int armdec_atomic_arm(struct armdec *d, uint32_t insn)
{
	struct atomic_scan s = { .start = d->pc };
	uint32_t loc = d->pc + 4;
	int i, err;

	if (!arm_is_ldrex(insn))
		return 0;
	for (i = 0; i < ARM_ATOMIC_MAX; i++, loc += 4) {
		err = armdec_mem32(d, loc, &insn);
		if (err)
			return err;
		if (arm_is_strex(insn))
			return finish(d, &s, loc + 4, false);
		if (arm_stops_scan(insn))
			return 0;
		if ((insn >> 25 & 7) == 5) /* b, b<cond> */
			note_exit(&s, loc + 8 + (sext(insn & 0xffffff, 24) << 2));
	}
	return 0;
}

static bool thumb_is_ldrex(uint16_t hw1, uint16_t hw2)
{
	unsigned op = hw2 >> 4 & 0xf;

	return (hw1 & 0xfff0) == 0xe850 ||
	       ((hw1 & 0xfff0) == 0xe8d0 && (op == 4 || op == 5 || op == 7));
}

static bool thumb_is_strex(uint16_t hw1, uint16_t hw2)
{
	unsigned op = hw2 >> 4 & 0xf;

	return (hw1 & 0xfff0) == 0xe840 ||
	       ((hw1 & 0xfff0) == 0xe8c0 && (op == 4 || op == 5 || op == 7));
}

/* 16-bit: 1 = branch with *target, -1 = stops the scan, 0 = neither. */
static int thumb16_flow(uint32_t loc, uint16_t hw, uint32_t *target)
{
	if ((hw & 0xf000) == 0xd000) {
		if ((hw >> 8 & 0xf) == 0xf)
			return -1; /* svc */
		if ((hw >> 8 & 0xf) == 0xe)
			return 0;
		*target = loc + 4 + sext((uint32_t)(hw & 0xff) << 1, 9);
		return 1;
	}
	if ((hw & 0xf800) == 0xe000) {
		*target = loc + 4 + sext((uint32_t)(hw & 0x7ff) << 1, 12);
		return 1;
	}
	if ((hw & 0xf500) == 0xb100) {
		*target = loc + 4 + ((hw >> 9 & 1) << 6 | (hw >> 3 & 0x1f) << 1);
		return 1;
	}
	if ((hw & 0xff00) == 0xbd00 || (hw & 0xff00) == 0x4700 || (hw & 0xfd87) == 0x4487)
		return -1; /* pop pc, bx/blx, mov/add pc */
	return 0;
}

/* 32-bit: as thumb16_flow. */
static int thumb32_flow(uint32_t loc, uint16_t hw1, uint16_t hw2, uint32_t *target)
{
	if ((hw1 & 0xf800) == 0xf000 && (hw2 & 0x8000)) {
		if ((hw2 & 0x5000) == 0x1000) {
			*target = loc + 4 + thumb_off_t4(hw1, hw2);
			return 1;
		}
		if ((hw2 & 0x5000) == 0 && (hw1 >> 6 & 0xe) != 0xe) {
			*target = loc + 4 + thumb_off_t3(hw1, hw2);
			return 1;
		}
		return (hw2 & 0x4000) ? -1 : 0; /* bl, blx */
	}
	if ((hw1 & 0xfe40) == 0xe800 && (hw1 & 0x10) && (hw2 & 0x8000))
		return -1; /* ldm with pc */
	if ((hw1 & 0xfff0) == 0xe8d0 && (hw2 & 0xffe0) == 0xf000)
		return -1; /* tbb, tbh */
	if ((hw1 & 0xff00) == 0xf800 && (hw1 & 0x70) == 0x50 && hw2 >> 12 == 15)
		return -1; /* ldr pc */
	return 0;
}

int armdec_atomic_thumb(struct armdec *d, uint16_t hw1, uint16_t hw2)
{
	struct atomic_scan s = { .start = d->pc };
	uint32_t loc = d->pc + 4, target = 0;
	int i, err, flow;

	if (!thumb_is_ldrex(hw1, hw2))
		return 0;
	for (i = 0; i < ARM_ATOMIC_MAX; i++) {
		err = armdec_mem16(d, loc, &hw1);
		if (err)
			return err;
		if (!thumb_is32(hw1)) {
			flow = thumb16_flow(loc, hw1, &target);
			loc += 2;
		} else {
			err = armdec_mem16(d, loc + 2, &hw2);
			if (err)
				return err;
			if (thumb_is_strex(hw1, hw2))
				return finish(d, &s, loc + 4, true);
			flow = thumb32_flow(loc, hw1, hw2, &target);
			loc += 4;
		}
		if (flow < 0)
			return 0;
		if (flow > 0)
			note_exit(&s, target);
	}
	return 0;
}
