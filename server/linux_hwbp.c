/*
 * linux_hwbp — hardware breakpoints and watchpoints (Z1, Z2, Z4) of the
 * Linux target through the x86 debug registers, with ptrace PEEKUSER /
 * POKEUSER at u_debugreg[i].
 *
 * Contract:
 *  - What gdb asked for lives once per process, in the mirror lt->hw.dr
 *    (arch/x86_64/x86_dregs.h). Debug registers are per thread and a new
 *    thread starts with none, so the mirror is written to every thread:
 *    at insert/remove time to each thread known to be in ptrace-stop, and
 *    to any other thread the next time it is seen stopped
 *    (lhw_thread_stopped(), called for every ptrace-stop, new threads'
 *    first stop included). lt->hw.gen counts mirror changes; a thread's
 *    hw_gen says which change it has.
 *  - Writing a thread: DR7 = 0 first (the kernel refuses to move an enabled
 *    slot to an address its length does not fit), then the addresses, then
 *    DR7.
 *  - A failed insert (bad address) leaves the mirror and the threads as
 *    they were and returns the kernel's error; -ENOSPC when the four slots
 *    cannot hold the region.
 *  - On SIGTRAP, DR6 tells which slot fired: watchpoint hits (even during a
 *    single-step) and execution breakpoints become events; DR6 is then
 *    cleared, as the kernel leaves it to the debugger.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <sys/user.h>

#include "debug.h"
#include "linux_target.h"

#define DR_SIZE sizeof(((struct user *)0)->u_debugreg[0])
#define DR_OFFSET(i) ((void *)(offsetof(struct user, u_debugreg) + (i) * DR_SIZE))

static int poke_dr(pid_t tid, int i, uint64_t val)
{
	long ret = lptrace(PTRACE_POKEUSER, tid, DR_OFFSET(i), (void *)(uintptr_t)val);

	return ret < 0 ? (int)ret : 0;
}

static int write_thread(const struct x86_dregs *d, pid_t tid)
{
	uint64_t dr7 = x86_dregs_dr7(d);
	int i, ret;

	ret = poke_dr(tid, 7, 0);
	for (i = 0; i < X86_DR_NSLOTS && !ret; i++) {
		if (d->slot[i].refs)
			ret = poke_dr(tid, i, d->slot[i].addr);
	}
	if (!ret && dr7)
		ret = poke_dr(tid, 7, dr7);
	return ret;
}

static int sync_thread(struct linux_target *lt, struct lthread *th)
{
	int ret = write_thread(&lt->hw.dr, th->tid);

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
	return type == TARGET_BP_HW || type == TARGET_WP_WRITE || type == TARGET_WP_ACCESS;
}

static int rw_of(enum target_bp_type type, int kind, enum x86_dr_rw *rw)
{
	if (kind <= 0)
		return -EINVAL;
	switch (type) {
	case TARGET_BP_HW:
		*rw = X86_DR_EXEC;
		return kind == 1 ? 0 : -EINVAL;
	case TARGET_WP_WRITE:
		*rw = X86_DR_WRITE;
		return 0;
	case TARGET_WP_ACCESS:
		*rw = X86_DR_ACCESS;
		return 0;
	default:
		return -ENOSYS;
	}
}

/* Apply one insert or remove to the mirror and the threads, or nothing. */
static int change(struct linux_target *lt, bool insert, enum target_bp_type type,
                  uint64_t addr, int kind)
{
	struct x86_dregs old = lt->hw.dr;
	enum x86_dr_rw rw;
	int ret = rw_of(type, kind, &rw);

	if (ret < 0)
		return ret;
	if (lt->state != PROC_LIVE)
		return -ESRCH;
	if (insert)
		ret = x86_dregs_insert(&lt->hw.dr, rw, addr, (uint64_t)kind);
	else
		ret = x86_dregs_remove(&lt->hw.dr, rw, addr, (uint64_t)kind);
	if (ret < 0)
		return ret;
	ret = sync_stopped(lt);
	if (ret < 0) {
		debug(DBG_TARGET, "hw %s %#llx/%d: %d, undone", insert ? "insert" : "remove",
		      (unsigned long long)addr, kind, ret);
		lt->hw.dr = old;
		sync_stopped(lt);
	}
	return ret;
}

int lhw_insert(struct linux_target *lt, enum target_bp_type type, uint64_t addr, int kind)
{
	return change(lt, true, type, addr, kind);
}

int lhw_remove(struct linux_target *lt, enum target_bp_type type, uint64_t addr, int kind)
{
	return change(lt, false, type, addr, kind);
}

bool lhw_stop_reason(struct linux_target *lt, struct lthread *th, struct thread_event *ev)
{
	static const enum thread_event_kind kinds[] = {
	        [X86_HIT_EXEC] = TEV_HWBREAK,
	        [X86_HIT_WRITE] = TEV_WATCH,
	        [X86_HIT_ACCESS] = TEV_AWATCH,
	};
	enum x86_dr_hit_kind hit;
	uint64_t addr = 0;
	long dr6;

	if (lt->hw.gen == 0) /* never used: no slot can have fired */
		return false;
	dr6 = lptrace(PTRACE_PEEKUSER, th->tid, DR_OFFSET(6), NULL);
	if (dr6 == 0 || (dr6 < 0 && dr6 > -4096))
		return false; /* nothing fired, or the read failed */
	poke_dr(th->tid, 6, 0);
	hit = x86_dregs_hit(&lt->hw.dr, (uint64_t)dr6, &addr);
	if (hit == X86_HIT_NONE)
		return false;
	debug(DBG_TARGET, "thread %d: DR6 %#lx, hit %#llx", th->tid, dr6,
	      (unsigned long long)addr);
	*ev = (struct thread_event){.kind = kinds[hit], .sig = SIGTRAP, .pc = addr};
	return true;
}

bool lhw_event_stale(struct linux_target *lt, const struct thread_event *ev)
{
	return ev->kind == TEV_HWBREAK && !x86_dregs_has_exec(&lt->hw.dr, ev->pc);
}

void lhw_clear_thread(struct linux_target *lt, struct lthread *th)
{
	struct x86_dregs none;

	if (lt->hw.gen == 0)
		return;
	x86_dregs_init(&none);
	write_thread(&none, th->tid);
}

void lhw_forget(struct linux_target *lt, struct lthread *th)
{
	x86_dregs_init(&lt->hw.dr);
	if (lt->hw.gen == 0)
		return;
	lt->hw.gen++;
	sync_thread(lt, th);
}
