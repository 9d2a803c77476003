/*
 * linux_range — range stepping (vCont;r) of one thread: step, and keep
 * stepping without a report while the PC stays in [start, end); see the
 * contract in linux_step.h.
 *
 * Contract: everything here runs while th is in ptrace-stop after a step
 * of its range ended (lrange_step_ended), and either lets th go on
 * (THREAD_STEPPING all along) or says the step is to be reported. Fast
 * path (arch insn_flow, range_exits.h): step breakpoints at the range's
 * exits and PTRACE_CONT; a trap on one of them inside the range steps that
 * one instruction with its original bytes back in memory (lrange.lifted),
 * the breakpoint returning when the step ends. Fallback: one step per
 * instruction by the stepping engine's usual means (kernel or next-PC
 * breakpoints), still without a round trip to gdb. A gdb breakpoint, or
 * another thread's step breakpoint, at the PC ends the range (reported as
 * a step: gdb sees its breakpoint; a shared step breakpoint cannot be
 * lifted).
 */
#include <errno.h>
#include <string.h>

#include "debug.h"
#include "linux_step.h"

void lrange_set(struct lthread *th, uint64_t start, uint64_t end)
{
	struct lrange *r = &th->range;

	r->on = true;
	r->start = start;
	r->end = end;
	r->walked = 0; /* the code may have changed since the last range */
	r->runs = r->singles = 0;
	range_exits_free(&r->exits);
	lrange_restart(th);
}

void lrange_clear(struct lthread *th)
{
	th->range.on = false;
	lrange_restart(th);
}

void lrange_restart(struct lthread *th)
{
	th->range.planted = false;
	th->range.lifted = 0;
}

/* The lifted step breakpoint is planted again (if it still exists). */
static void rearm(struct linux_target *lt, struct lthread *th)
{
	uint64_t addr = th->range.lifted;
	const struct bp *b;

	th->range.lifted = 0;
	b = addr ? bp_find(&lt->bps, addr) : NULL;
	if (b)
		lmem_write_raw(lt, addr, b->insn, b->len);
}

/* Let th go on as th->hw_stepping says: stepped by the kernel or running. */
static int go(struct linux_target *lt, struct lthread *th)
{
	int ret = lregs_flush(lt, th);

	if (ret < 0)
		return ret;
	/* failure means the thread died: its exit is on the way */
	lstep_resume(lt, th, 0);
	return 0;
}

/* One instruction, by the kernel or with breakpoints at its next PCs. */
static int step_once(struct linux_target *lt, struct lthread *th)
{
	int ret;

	debug(DBG_STEP, "thread %d: range step of one instruction", th->tid);
	th->range.singles++;
	ret = lstep_arm(lt, th, th->range.lifted);
	return ret < 0 ? ret : go(lt, th);
}

/* Are the range's exits known, and is pc one of the walk's instructions? */
static bool fast(struct linux_target *lt, struct lthread *th, uint64_t pc)
{
	struct lrange *r = &th->range;
	struct lstep_decode dc;
	struct arch_step_ctx c;
	int ret;

	if (!lt->base.arch->insn_flow)
		return false;
	if (!r->walked) {
		lstep_decode_ctx(&dc, lt, th, &c);
		ret = range_exits_find(lt->base.arch->insn_flow, &c, r->start, r->end,
		                       &r->exits);
		r->walked = ret < 0 ? ret : 1;
		if (ret < 0)
			debug(DBG_STEP,
			      "thread %d: range %#llx-%#llx: no fast path (%s), "
			      "stepping each instruction",
			      th->tid, (unsigned long long)r->start,
			      (unsigned long long)r->end, strerror(-ret));
		else
			debug(DBG_STEP, "thread %d: range %#llx-%#llx: %zu exits",
			      th->tid, (unsigned long long)r->start,
			      (unsigned long long)r->end, r->exits.nexit);
	}
	return r->walked > 0 && range_exits_is_insn(&r->exits, pc);
}

/* Plant every exit of th's range (once per start of the range). */
static int plant_exits(struct linux_target *lt, struct lthread *th)
{
	const struct arch *a = lt->base.arch;
	struct lrange *r = &th->range;
	const uint8_t *insn;
	size_t i, len;
	int ret;

	if (r->planted)
		return 0;
	for (i = 0; i < r->exits.nexit; i++) {
		insn = a->bp_insn;
		len = a->bp_len;
		if (r->exits.exit_kind[i])
			insn = a->bp_insn_for_kind(r->exits.exit_kind[i], &len);
		ret = insn ? lstep_plant(lt, th, r->exits.exit[i], insn, len) : -EINVAL;
		if (ret < 0) {
			r->walked = ret; /* what is planted stays: a trap there steps */
			return ret;
		}
	}
	r->planted = true;
	return 0;
}

/* th is in its range at pc, on no breakpoint: run to an exit, or step. */
static int run_on(struct linux_target *lt, struct lthread *th, uint64_t pc)
{
	if (fast(lt, th, pc) && plant_exits(lt, th) == 0) {
		th->hw_stepping = false;
		th->range.runs++;
		return go(lt, th);
	}
	return step_once(lt, th);
}

/*
 * th is in its range at pc, on step breakpoint b (gdb has none there).
 * One of th's that is no exit (left by a software step) is put to sleep
 * (original bytes back for good); an exit, or any other of th's, has its
 * instruction stepped with the original bytes back for the step only.
 */
static int off_breakpoint(struct linux_target *lt, struct lthread *th, uint64_t pc,
                          const struct bp *b)
{
	bool exit;
	int ret;

	if (!lstep_owns(th, pc) || lstep_needed(lt, th, pc))
		return -EBUSY;
	exit = !fast(lt, th, pc) || range_exits_is_exit(&th->range.exits, pc);
	ret = lmem_write_raw(lt, pc, b->saved, b->len);
	if (ret < 0)
		return ret;
	if (!exit)
		return run_on(lt, th, pc);
	th->range.lifted = pc;
	return step_once(lt, th);
}

/* lrange_step_ended() for th, which range-steps: does it go on? */
static bool goes_on(struct linux_target *lt, struct lthread *th)
{
	struct lrange *r = &th->range;
	uint64_t lifted = r->lifted, pc;
	const struct bp *b;
	int ret;

	rearm(lt, th);
	/* back where it was (a jump to itself, a trap): no progress, report */
	if (lregs_get_pc(lt, th, &pc) < 0 || pc < r->start || pc >= r->end ||
	    pc == lifted)
		return false;
	b = bp_find(&lt->bps, pc);
	if (b && (b->owners & (BP_OWNER_GDB | BP_OWNER_HWBREAK)))
		return false;
	ret = b ? off_breakpoint(lt, th, pc, b) : run_on(lt, th, pc);
	if (ret < 0) {
		rearm(lt, th);
		debug(DBG_STEP, "thread %d: range step ends at %#llx: %s", th->tid,
		      (unsigned long long)pc, strerror(-ret));
		return false;
	}
	return true;
}

bool lrange_step_ended(struct linux_target *lt, struct lthread *th)
{
	struct lrange *r = &th->range;

	if (!r->on || th->state != THREAD_STEPPING)
		return false;
	if (goes_on(lt, th))
		return true;
	debug(DBG_STEP,
	      "thread %d: range %#llx-%#llx ends: %lu runs to an exit, "
	      "%lu instructions stepped one at a time",
	      th->tid, (unsigned long long)r->start, (unsigned long long)r->end, r->runs,
	      r->singles);
	return false;
}
