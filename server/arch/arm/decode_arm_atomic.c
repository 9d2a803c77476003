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
 * The scan (armdec_atomic_scan) also gives range stepping its units
 * (flow_arm.c).
 */
#include "decode_thumb.h"

/* Note a branch target; false when there are more than fit. */
static bool note_exit(struct atomic_scan *s, uint32_t target)
{
	int i;

	for (i = 0; i < s->nexits; i++)
		if (s->exits[i] == target)
			return true;
	if (s->nexits == (int)(sizeof(s->exits) / sizeof(s->exits[0])))
		return false;
	s->exits[s->nexits++] = target;
	return true;
}

/* Keep only the exits outside [start, end). */
static void drop_inner_exits(struct atomic_scan *s)
{
	int i, n = 0;

	for (i = 0; i < s->nexits; i++)
		if (s->exits[i] < s->start || s->exits[i] >= s->end)
			s->exits[n++] = s->exits[i];
	s->nexits = n;
}

bool arm_is_ldrex(uint32_t insn)
{
	return (insn & 0x0f900fff) == 0x01900f9f && insn >> 28 != 0xf;
}

static bool arm_is_strex(uint32_t insn)
{
	return (insn & 0x0f900ff0) == 0x01800f90 && insn >> 28 != 0xf;
}

bool thumb_is_ldrex(uint16_t hw1, uint16_t hw2)
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

/* The instruction at loc: its static flow, and whether it is a strex. */
static int scan_one(struct armdec *d, uint32_t loc, struct arch_insn_flow *f, bool *strex)
{
	struct arm_fetched in;
	int err = armflow_at(d, loc, f, &in);

	*strex = !err && (in.thumb ? in.is32 && thumb_is_strex(in.hw1, in.hw2)
	                           : arm_is_strex(in.insn));
	return err;
}

int armdec_atomic_scan(struct armdec *d, struct atomic_scan *s)
{
	struct arch_insn_flow f;
	uint32_t loc = d->pc + 4; /* ldrex is 4 bytes in both states */
	bool strex;
	int i, err;

	s->start = d->pc;
	s->nexits = 0;
	for (i = 0; i < ARM_ATOMIC_MAX; i++, loc += f.len) {
		err = scan_one(d, loc, &f, &strex);
		if (err)
			return err;
		if (strex) {
			s->end = loc + f.len;
			drop_inner_exits(s);
			return 1;
		}
		if (f.kind == ARCH_FLOW_LEAVE ||
		    (f.kind == ARCH_FLOW_BRANCH && !note_exit(s, (uint32_t)f.target)))
			return 0;
	}
	return 0;
}

/* Add the end of the sequence and the exits outside it. */
static int finish(struct armdec *d, const struct atomic_scan *s)
{
	bool thumb = d->cpsr & CPSR_T;
	int i, err;

	err = armdec_add(d, s->end, thumb);
	for (i = 0; !err && i < s->nexits; i++)
		err = armdec_add(d, s->exits[i], thumb);
	return err ? err : 1;
}

static int atomic(struct armdec *d)
{
	struct atomic_scan s;
	int ret = armdec_atomic_scan(d, &s);

	return ret <= 0 ? ret : finish(d, &s);
}

int armdec_atomic_arm(struct armdec *d, uint32_t insn)
{
	return arm_is_ldrex(insn) ? atomic(d) : 0;
}

int armdec_atomic_thumb(struct armdec *d, uint16_t hw1, uint16_t hw2)
{
	return thumb_is_ldrex(hw1, hw2) ? atomic(d) : 0;
}
