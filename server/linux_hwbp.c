/*
 * linux_hwbp — hardware breakpoints and watchpoints (Z1-Z4) of the Linux
 * target, for any arch: the arch's half (linux_hwdbg.h) knows the
 * registers, this file knows the threads.
 *
 * Contract:
 *  - What gdb asked for lives once per process, in the mirror lt->hw.mirror.
 *    Debug registers are per thread and a new thread starts with none, so
 *    the mirror is written to every thread: at insert/remove time to each
 *    thread known to be in ptrace-stop, and to any other thread the next
 *    time it is seen stopped (lhw_thread_stopped(), called for every
 *    ptrace-stop, new threads' first stop included). lt->hw.gen counts
 *    mirror changes; a thread's hw_gen says which change it has.
 *  - A failed insert (bad address) leaves the mirror and the threads as
 *    they were and returns the kernel's error; -ENOSPC when the slots
 *    cannot hold the region.
 *  - On SIGTRAP the arch tells which slot fired: watchpoint hits (even
 *    during a single-step) and execution breakpoints become events.
 *  - Where the start-up probe (linux_probe.h) found that the debug
 *    registers never fire, nothing is asked of them: a Z1 becomes a
 *    breakpoint planted in memory (owner BP_OWNER_HWBREAK, invisible like
 *    every planted one, reported as a hardware breakpoint), a Z2 or Z4 a
 *    watchpoint emulated by stepping (linux_swatch.h; Z4 where the arch
 *    can tell an instruction's accesses), and what cannot be emulated is
 *    not offered, so gdb says it cannot set it rather than never stopping.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "debug.h"
#include "linux_hwdbg.h"
#include "linux_probe.h"
#include "linux_target.h"

/* How a breakpoint or watchpoint of this type is given on this host. */
enum way {
	WAY_NONE,
	WAY_DEBUG_REGS,
	WAY_IN_MEMORY,   /* Z1: a breakpoint instruction */
	WAY_BY_STEPPING, /* Z2, Z4: linux_swatch.h */
};

static enum way way_of(enum target_bp_type type)
{
	const struct lprobe *p = lprobe_host();

	if (!lhw_arch()->supports(type))
		return WAY_NONE;
	if (type == TARGET_BP_HW)
		return p->dr_exec == LPROBE_BROKEN ? WAY_IN_MEMORY : WAY_DEBUG_REGS;
	if (p->dr_write != LPROBE_BROKEN)
		return WAY_DEBUG_REGS;
	if (!p->step_accepted)
		return WAY_NONE;
	if (type == TARGET_WP_WRITE ||
	    (type == TARGET_WP_ACCESS && arch_native()->insn_may_access))
		return WAY_BY_STEPPING;
	return WAY_NONE;
}

static void ensure_init(struct linux_target *lt)
{
	if (lt->hw.gen == 0)
		lhw_arch()->init(lt->hw.mirror);
}

static int sync_thread(struct linux_target *lt, struct lthread *th)
{
	int ret = lhw_arch()->write_thread(lt->hw.mirror, th->tid);

	if (ret == 0 || ret == -ESRCH) /* -ESRCH: dying, its exit is on the way */
		th->hw_gen = lt->hw.gen;
	return ret == -ESRCH ? 0 : ret;
}

/* Write the mirror to every stopped thread; the others get it when they
 * stop. Stops at the first real failure. */
static int sync_stopped(struct linux_target *lt)
{
	size_t i;
	int ret;

	lt->hw.gen++;
	for (i = 0; i < lt->threads.n; i++) {
		struct lthread *th = lt->threads.v[i];

		if (th->state != THREAD_STOPPED)
			continue;
		ret = sync_thread(lt, th);
		if (ret < 0)
			return ret;
	}
	return 0;
}

void lhw_thread_stopped(struct linux_target *lt, struct lthread *th)
{
	if (th && th->hw_gen != lt->hw.gen)
		sync_thread(lt, th);
}

bool lhw_supports(enum target_bp_type type)
{
	return way_of(type) != WAY_NONE;
}

/* Apply one insert or remove to the mirror and the threads, or nothing. */
static int change(struct linux_target *lt, bool insert, enum target_bp_type type,
                  uint64_t addr, int kind)
{
	const struct lhw_arch *a = lhw_arch();
	uint8_t old[LHW_MIRROR_MAX];
	int ret;

	if (!a->supports(type))
		return -ENOSYS;
	if (lt->state != PROC_LIVE)
		return -ESRCH;
	ensure_init(lt);
	memcpy(old, lt->hw.mirror, a->mirror_size);
	if (insert)
		ret = a->insert(lt->hw.mirror, type, addr, kind);
	else
		ret = a->remove(lt->hw.mirror, type, addr, kind);
	if (ret < 0)
		return ret;
	ret = sync_stopped(lt);
	if (ret < 0) {
		debug(DBG_TARGET, "hw %s %#llx/%d: %d, undone", insert ? "insert" : "remove",
		      (unsigned long long)addr, kind, ret);
		memcpy(lt->hw.mirror, old, a->mirror_size);
		sync_stopped(lt);
	}
	return ret;
}

static int insert_or_remove(struct linux_target *lt, bool insert, enum target_bp_type type,
                            uint64_t addr, int kind)
{
	switch (way_of(type)) {
	case WAY_IN_MEMORY:
		return lt_planted_change(lt, BP_OWNER_HWBREAK, insert, addr, kind);
	case WAY_BY_STEPPING:
		if (kind <= 0)
			return -EINVAL;
		if (lt->state != PROC_LIVE)
			return -ESRCH;
		return insert ? lswatch_insert(lt, addr, (size_t)kind, type == TARGET_WP_ACCESS)
		              : lswatch_remove(lt, addr, (size_t)kind, type == TARGET_WP_ACCESS);
	default:
		return change(lt, insert, type, addr, kind);
	}
}

int lhw_insert(struct linux_target *lt, enum target_bp_type type, uint64_t addr, int kind)
{
	return insert_or_remove(lt, true, type, addr, kind);
}

int lhw_remove(struct linux_target *lt, enum target_bp_type type, uint64_t addr, int kind)
{
	return insert_or_remove(lt, false, type, addr, kind);
}

bool lhw_stop_reason(struct linux_target *lt, struct lthread *th, const siginfo_t *si,
                     struct thread_event *ev)
{
	enum thread_event_kind kind;
	uint64_t addr = 0;

	if (lt->hw.gen == 0) /* never used: no slot can have fired */
		return false;
	if (!lhw_arch()->hit(lt->hw.mirror, th->tid, si, &kind, &addr))
		return false;
	*ev = (struct thread_event){.kind = kind, .sig = SIGTRAP, .pc = addr};
	return true;
}

bool lhw_event_stale(struct linux_target *lt, const struct thread_event *ev)
{
	const struct bp *b;

	if (ev->kind != TEV_HWBREAK)
		return false;
	b = bp_find(&lt->bps, ev->pc);
	if (b && (b->owners & BP_OWNER_HWBREAK))
		return false;
	return !lhw_arch()->has_exec(lt->hw.mirror, ev->pc);
}

void lhw_clear_thread(struct linux_target *lt, struct lthread *th)
{
	uint8_t none[LHW_MIRROR_MAX];

	if (lt->hw.gen == 0)
		return;
	lhw_arch()->init(none);
	lhw_arch()->write_thread(none, th->tid);
}

void lhw_forget(struct linux_target *lt, struct lthread *th)
{
	if (lt->hw.gen == 0)
		return;
	lhw_arch()->init(lt->hw.mirror);
	lt->hw.gen++;
	sync_thread(lt, th);
}
