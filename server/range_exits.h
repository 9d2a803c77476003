/*
 * range_exits — where control can leave an address range, found by walking
 * its instructions statically (the arch's insn_flow), for range stepping's
 * fast path: breakpoints at the exits, and the thread runs at full speed.
 *
 * Contract: pure code (memory through the arch_step_ctx callback only).
 * The walk starts at `start` and decodes instruction after instruction; it
 * must land exactly on `end`, else there is no fast path (-EINVAL). The
 * exits are, in ascending order: the address of every instruction that
 * can leave [start, end) (ARCH_FLOW_LEAVE, or a direct branch whose target
 * is outside the range or not on an instruction the walk found; a branch
 * to `end` is none: it lands on end's breakpoint), then `end` itself. A
 * thread that runs inside the range from one of the walk's instructions
 * thus reaches an exit before it executes anything outside. Each exit has
 * the bp_kind of its instruction (END's from a decode of the instruction
 * there; 0 when that fails). Functions return 0 or -errno.
 */
#ifndef RSTUB_RANGE_EXITS_H
#define RSTUB_RANGE_EXITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/arch.h"

/* Longest walk: a source line's range is much shorter. */
enum { RANGE_MAX_INSNS = 4096 };

typedef int (*range_flow_fn)(const struct arch_step_ctx *c, uint64_t pc,
                             struct arch_insn_flow *out);

struct range_exits {
	uint64_t *exit; /* nexit >= 1 after a successful walk, ascending */
	int *exit_kind; /* the breakpoint kind of each exit (arch_insn_flow) */
	size_t nexit;
	uint64_t *insn; /* the start of every instruction walked, ascending */
	size_t ninsn;
};

/*
 * Walk [start, end) (start <= end) with `flow` and fill out (freed first
 * with range_exits_free; empty on failure). -EINVAL: an instruction could
 * not be decoded, or the last one runs past `end`; -E2BIG: more than
 * RANGE_MAX_INSNS instructions; -ENOMEM; or flow's memory error.
 */
int range_exits_find(range_flow_fn flow, const struct arch_step_ctx *c, uint64_t start,
                     uint64_t end, struct range_exits *out);
void range_exits_free(struct range_exits *r);
/* Does an instruction of the walk start at pc? */
bool range_exits_is_insn(const struct range_exits *r, uint64_t pc);
/* Is pc one of the exits? */
bool range_exits_is_exit(const struct range_exits *r, uint64_t pc);

#endif
