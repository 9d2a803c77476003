/*
 * hwdbg_x86_64 — x86-64 debug registers for linux_hwbp.c (linux_hwdbg.h):
 * the mirror is a struct x86_dregs (x86_dregs.h), written to a thread with
 * PTRACE_POKEUSER at u_debugreg[i]; DR6 (PEEKUSER) tells which slot fired.
 *
 * Writing a thread: DR7 = 0 first (the kernel refuses to move an enabled
 * slot to an address its length does not fit), then the addresses, then
 * DR7. DR6 is cleared after each hit, as the kernel leaves that to the
 * debugger. x86 cannot watch reads only: Z3 is not offered.
 */
#include <errno.h>
#include <stddef.h>
#include <sys/user.h>

#include "arch/x86_64/x86_dregs.h"
#include "debug.h"
#include "linux_hwdbg.h"
#include "linux_target.h"

#define DR_SIZE sizeof(((struct user *)0)->u_debugreg[0])
#define DR_OFFSET(i) ((void *)(offsetof(struct user, u_debugreg) + (i) * DR_SIZE))

static int poke_dr(pid_t tid, int i, uint64_t val)
{
	long ret = lptrace(PTRACE_POKEUSER, tid, DR_OFFSET(i), (void *)(uintptr_t)val);

	return ret < 0 ? (int)ret : 0;
}

static void x86_init(void *m)
{
	x86_dregs_init(m);
}

static bool x86_supports(enum target_bp_type type)
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

static int x86_insert(void *m, enum target_bp_type type, uint64_t addr, int kind)
{
	enum x86_dr_rw rw;
	int ret = rw_of(type, kind, &rw);

	return ret < 0 ? ret : x86_dregs_insert(m, rw, addr, (uint64_t)kind);
}

static int x86_remove(void *m, enum target_bp_type type, uint64_t addr, int kind)
{
	enum x86_dr_rw rw;
	int ret = rw_of(type, kind, &rw);

	return ret < 0 ? ret : x86_dregs_remove(m, rw, addr, (uint64_t)kind);
}

static int x86_write_thread(const void *m, pid_t tid)
{
	const struct x86_dregs *d = m;
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

static bool x86_hit(const void *m, pid_t tid, const siginfo_t *si,
                    enum thread_event_kind *kind, uint64_t *addr)
{
	static const enum thread_event_kind kinds[] = {
	        [X86_HIT_EXEC] = TEV_HWBREAK,
	        [X86_HIT_WRITE] = TEV_WATCH,
	        [X86_HIT_ACCESS] = TEV_AWATCH,
	};
	enum x86_dr_hit_kind hit;
	long dr6;

	(void)si; /* DR6 says more than si_code: a watchpoint during a step */
	dr6 = lptrace(PTRACE_PEEKUSER, tid, DR_OFFSET(6), NULL);
	if (dr6 == 0 || (dr6 < 0 && dr6 > -4096))
		return false; /* nothing fired, or the read failed */
	poke_dr(tid, 6, 0);
	hit = x86_dregs_hit(m, (uint64_t)dr6, addr);
	if (hit == X86_HIT_NONE)
		return false;
	debug(DBG_TARGET, "thread %d: DR6 %#lx, hit %#llx", tid, dr6,
	      (unsigned long long)*addr);
	*kind = kinds[hit];
	return true;
}

static bool x86_has_exec(const void *m, uint64_t addr)
{
	return x86_dregs_has_exec(m, addr);
}

static const struct lhw_arch x86_64_hw = {
	.mirror_size = sizeof(struct x86_dregs),
	.init = x86_init,
	.supports = x86_supports,
	.insert = x86_insert,
	.remove = x86_remove,
	.write_thread = x86_write_thread,
	.hit = x86_hit,
	.has_exec = x86_has_exec,
};

const struct lhw_arch *lhw_arch(void)
{
	return &x86_64_hw;
}
_Static_assert(sizeof(struct x86_dregs) <= LHW_MIRROR_MAX, "mirror fits lt->hw");
