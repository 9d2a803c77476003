/* range_exits — the exits of an address range; see range_exits.h. */
#include "range_exits.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void range_exits_free(struct range_exits *r)
{
	free(r->exit);
	free(r->exit_kind);
	free(r->insn);
	memset(r, 0, sizeof(*r));
}

static bool sorted_has(const uint64_t *v, size_t n, uint64_t x)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid] == x)
			return true;
		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool range_exits_is_insn(const struct range_exits *r, uint64_t pc)
{
	return sorted_has(r->insn, r->ninsn, pc);
}

bool range_exits_is_exit(const struct range_exits *r, uint64_t pc)
{
	return sorted_has(r->exit, r->nexit, pc);
}

/* Every instruction of [start, end), its flow in flows[i]; *n of them. */
static int walk(range_flow_fn flow, const struct arch_step_ctx *c, uint64_t start,
                uint64_t end, uint64_t *insn, struct arch_insn_flow *flows, size_t *n)
{
	uint64_t pc = start;
	int err;

	*n = 0;
	while (pc < end) {
		if (*n == RANGE_MAX_INSNS)
			return -E2BIG;
		err = flow(c, pc, &flows[*n]);
		if (err)
			return err;
		if (!flows[*n].len || flows[*n].len > end - pc)
			return -EINVAL;
		insn[(*n)++] = pc;
		pc += flows[*n - 1].len;
	}
	return 0;
}

/* Can control leave the range (or land off the walk) from this instruction? */
static bool is_exit(const struct range_exits *r, const struct arch_insn_flow *f,
                    uint64_t start, uint64_t end)
{
	if (f->kind == ARCH_FLOW_LEAVE)
		return true;
	if (f->kind != ARCH_FLOW_BRANCH || f->target == end)
		return false; /* a branch to END: END's breakpoint catches it */
	return f->target < start || f->target >= end || !range_exits_is_insn(r, f->target);
}

/* Add an exit at addr with the breakpoint kind of `f`. */
static void add_exit(struct range_exits *r, uint64_t addr, const struct arch_insn_flow *f)
{
	r->exit_kind[r->nexit] = f->bp_kind;
	r->exit[r->nexit++] = addr;
}

/* END's exit: the kind of the instruction there, if it decodes. */
static void add_end(range_flow_fn flow, const struct arch_step_ctx *c, uint64_t end,
                    struct range_exits *r)
{
	struct arch_insn_flow f;

	if (flow(c, end, &f))
		f.bp_kind = 0;
	add_exit(r, end, &f);
}

int range_exits_find(range_flow_fn flow, const struct arch_step_ctx *c, uint64_t start,
                     uint64_t end, struct range_exits *out)
{
	size_t cap = end - start < RANGE_MAX_INSNS ? end - start : RANGE_MAX_INSNS;
	struct arch_insn_flow *flows = calloc(cap + 1, sizeof(*flows));
	size_t n = 0, i;
	int err = -ENOMEM;

	range_exits_free(out);
	out->insn = calloc(cap + 1, sizeof(*out->insn));
	out->exit = calloc(cap + 1, sizeof(*out->exit));
	out->exit_kind = calloc(cap + 1, sizeof(*out->exit_kind));
	if (!flows || !out->insn || !out->exit || !out->exit_kind)
		goto out_free;
	err = walk(flow, c, start, end, out->insn, flows, &n);
	if (err)
		goto out_free;
	out->ninsn = n;
	for (i = 0; i < n; i++) {
		if (is_exit(out, &flows[i], start, end))
			add_exit(out, out->insn[i], &flows[i]);
	}
	add_end(flow, c, end, out);
	free(flows);
	return 0;
out_free:
	free(flows);
	range_exits_free(out);
	return err;
}
