/* flow_arm — range stepping's exit analysis on ARM; see flow_arm.h. */
#include "flow_arm.h"

#include <errno.h>
#include <string.h>

#include "decode_thumb.h"

/* Start of the kernel user helper page: no breakpoint can go there. */
#define ARM_KUSER_BASE 0xffff0000u

/* One instruction at loc in d's state, singly (no group). */
static int single(struct armdec *d, uint32_t loc, struct arch_insn_flow *out)
{
	struct arm_fetched in;

	return armflow_at(d, loc, out, &in);
}

/* Fold one member `f` of a group into the group's flow `g`. */
static void fold(struct arch_insn_flow *g, const struct arch_insn_flow *f)
{
	if (g->kind == ARCH_FLOW_LEAVE || f->kind == ARCH_FLOW_NEXT)
		return;
	if (f->kind == ARCH_FLOW_LEAVE ||
	    (g->kind == ARCH_FLOW_BRANCH && g->target != f->target)) {
		g->kind = ARCH_FLOW_LEAVE;
		return;
	}
	g->kind = ARCH_FLOW_BRANCH;
	g->target = f->target;
	g->falls_through = true;
}

/* The IT instruction `it` at d->pc and the slots it makes conditional. */
static int it_group(struct armdec *d, uint16_t it, struct arch_insn_flow *out)
{
	unsigned slots = 4 - (unsigned)__builtin_ctz(it & 0xf), i;
	uint32_t loc = d->pc + 2;
	struct arch_insn_flow f;
	uint16_t hw;
	int err;

	armflow_t16(d->pc, it, out);
	for (i = 0; i < slots; i++, loc += f.len) {
		err = armdec_mem16(d, loc, &hw);
		if (!err)
			err = single(d, loc, &f);
		if (err)
			return err;
		if ((hw & 0xff00) == 0xbf00 && (hw & 0xf))
			return -EINVAL; /* IT inside an IT block: unpredictable */
		fold(out, &f);
	}
	out->len = loc - d->pc;
	return 0;
}

/* The load-exclusive at d->pc and its sequence, if the stepper runs it whole. */
static int exclusive_group(struct armdec *d, struct arch_insn_flow *out)
{
	struct atomic_scan s;
	struct arch_insn_flow f = {.kind = ARCH_FLOW_BRANCH};
	int i, ret;

	ret = armdec_atomic_scan(d, &s);
	if (ret <= 0)
		return ret < 0 ? ret : single(d, d->pc, out);
	ret = single(d, d->pc, out);
	if (ret)
		return ret;
	for (i = 0; i < s.nexits; i++) {
		f.target = s.exits[i];
		fold(out, &f);
	}
	out->len = s.end - s.start;
	return 0;
}

/* The instruction at d->pc, or the IT block or exclusive sequence it
 * starts, as one. */
static int group_flow(struct armdec *d, struct arch_insn_flow *out)
{
	struct arm_fetched in;
	int err = armflow_at(d, d->pc, out, &in);

	if (err)
		return err;
	if (!in.thumb)
		return arm_is_ldrex(in.insn) ? exclusive_group(d, out) : 0;
	if ((in.hw1 & 0xff00) == 0xbf00 && (in.hw1 & 0xf))
		return it_group(d, in.hw1, out);
	if (in.is32 && thumb_is_ldrex(in.hw1, in.hw2))
		return exclusive_group(d, out);
	return 0;
}

int arm_insn_flow(const struct arch_step_ctx *c, uint64_t pc, struct arch_insn_flow *out)
{
	struct armdec d;
	uint64_t cpsr;
	int err;

	if (pc >= ARM_KUSER_BASE)
		return -EINVAL;
	err = c->read_reg(c->ctx, ARM_REG_CPSR, &cpsr);
	if (err)
		return err;
	memset(&d, 0, sizeof(d));
	d.c = c;
	d.pc = (uint32_t)pc;
	d.cpsr = (uint32_t)cpsr & CPSR_T; /* the state; no condition is evaluated */
	if (pc & ((d.cpsr & CPSR_T) ? 1 : 3))
		return -EINVAL;
	return group_flow(&d, out);
}
