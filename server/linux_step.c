/* linux_step — hardware and software single-step; see linux_step.h. */
#include "linux_step.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "debug.h"
#include "linux_probe.h"
#include "tdesc.h"

/* ---- what the next-PC decoder may read ---- */

/* Memory as the program sees it: planted breakpoints hidden. */
static int decode_read_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
	struct lstep_decode *c = ctx;
	ssize_t n = lmem_read(&c->lt->base, addr, buf, len);

	if (n < 0)
		return (int)n;
	return (size_t)n == len ? 0 : -EIO;
}

static int decode_read_reg(void *ctx, int regnum, uint64_t *val)
{
	struct lstep_decode *c = ctx;

	return lregs_get_u64(c->lt, c->th, regnum, val);
}

void lstep_decode_ctx(struct lstep_decode *dc, struct linux_target *lt,
                      struct lthread *th, struct arch_step_ctx *c)
{
	dc->lt = lt;
	dc->th = th;
	*c = (struct arch_step_ctx){dc, decode_read_mem, decode_read_reg};
}

/* ---- planting ---- */

bool lstep_owns(const struct lthread *th, uint64_t addr)
{
	unsigned i;

	for (i = 0; i < th->nstep_bp; i++) {
		if (th->step_bp[i] == addr)
			return true;
	}
	return false;
}

static int grow(struct lthread *th)
{
	unsigned n = th->step_bp_alloc ? 2 * th->step_bp_alloc : ARCH_MAX_NEXT_PCS;
	uint64_t *v;

	if (th->nstep_bp < th->step_bp_alloc)
		return 0;
	v = realloc(th->step_bp, n * sizeof(*v));
	if (!v)
		return -ENOMEM;
	th->step_bp = v;
	th->step_bp_alloc = n;
	return 0;
}

int lstep_plant(struct linux_target *lt, struct lthread *th, uint64_t addr,
                const uint8_t *insn, size_t len)
{
	const struct bp *b;
	int ret;

	if (lstep_owns(th, addr)) {
		/* in memory again if linux_range put the original back */
		b = bp_find(&lt->bps, addr);
		return b ? lmem_write_raw(lt, addr, b->insn, b->len) : -ENOENT;
	}
	ret = grow(th);
	if (ret == 0)
		ret = bp_insert_insn(&lt->bps, addr, BP_OWNER_STEP, insn, len);
	if (ret == 0)
		th->step_bp[th->nstep_bp++] = addr;
	debug(DBG_STEP, "thread %d: step breakpoint at %#llx %s%s", th->tid,
	      (unsigned long long)addr, ret ? "not planted: " : "planted",
	      ret ? strerror(-ret) : "");
	return ret;
}

int lstep_plant_next_pcs(struct linux_target *lt, struct lthread *th, uint64_t avoid)
{
	struct lstep_decode dc;
	struct arch_step_ctx c;
	struct arch_next_pc next[ARCH_MAX_NEXT_PCS];
	const uint8_t *insn;
	uint64_t pc;
	size_t len;
	int n, i;

	if (!lt->base.arch->next_pcs)
		return -ENOSYS;
	lstep_decode_ctx(&dc, lt, th, &c);
	n = lregs_get_pc(lt, th, &pc);
	if (n == 0)
		n = lt->base.arch->next_pcs(&c, pc, next);
	if (n < 0) {
		debug(DBG_STEP, "thread %d: no next PC for the instruction at %#llx: %s",
		      th->tid, (unsigned long long)pc, strerror(-n));
		return n;
	}
	for (i = 0; i < n && i < ARCH_MAX_NEXT_PCS; i++) {
		if (avoid && next[i].addr == avoid)
			return -EBUSY;
		insn = lt->base.arch->bp_insn_for_kind(next[i].bp_kind, &len);
		/* a next PC we cannot plant at faults when the thread gets there */
		if (insn)
			lstep_plant(lt, th, next[i].addr, insn, len);
	}
	return 0;
}

/* ---- stepping ---- */

int lstep_resume(struct linux_target *lt, struct lthread *th, int sig)
{
	if (!th->hw_stepping)
		return lswatch_run(lt, th, sig);
	lswatch_note_step(lt, th);
	return lptrace_resume(th->tid, true, sig);
}

/*
 * th is to be stepped by the kernel. Where the hypervisor intercepts the
 * instruction at its PC and a kernel step over it ends one instruction late
 * (linux_probe.h), a step breakpoint after it does the step instead.
 */
static int kernel_step(struct linux_target *lt, struct lthread *th, uint64_t avoid)
{
	const struct arch *a = lt->base.arch;
	uint8_t insn[ARCH_DISPLACED_MAX];
	unsigned len;
	uint64_t pc;
	ssize_t n;

	if (!lprobe_host()->insn_oversteps || lregs_get_pc(lt, th, &pc) < 0)
		return 0;
	n = lmem_read(&lt->base, pc, insn, sizeof(insn));
	if (n <= 0 || !lprobe_insn_oversteps(insn, (size_t)n, &len))
		return 0;
	if (avoid && pc + len == avoid)
		return -EBUSY;
	if (lstep_plant(lt, th, pc + len, a->bp_insn, a->bp_len) < 0)
		return 0;
	debug(DBG_STEP, "thread %d: %#llx is an instruction the kernel oversteps here",
	      th->tid, (unsigned long long)pc);
	th->hw_stepping = false;
	return 0;
}

int lstep_arm(struct linux_target *lt, struct lthread *th, uint64_t avoid)
{
	int ret;

	th->hw_stepping = !lt->sw_step && lt->base.arch->hw_step;
	if (th->hw_stepping)
		return kernel_step(lt, th, avoid);
	ret = lstep_plant_next_pcs(lt, th, avoid);
	if (ret < 0 && (ret == -EBUSY || !lt->base.arch->hw_step))
		return ret;
	if (ret < 0)
		debug(DBG_STEP, "thread %d: stepped by the kernel instead", th->tid);
	th->hw_stepping = ret < 0;
	return 0;
}

int lstep_start(struct linux_target *lt, struct lthread *th, int sig)
{
	int ret;

	lrange_restart(th);
	if (lstep_arm(lt, th, 0) < 0) {
		lset_event(lt, th, TEV_SIGNAL, SIGILL, 0);
		lwake(lt);
		return 0;
	}
	ret = lregs_flush(lt, th);
	if (ret < 0)
		return ret;
	ret = thread_set_state(th, THREAD_STEPPING, NULL);
	if (ret < 0)
		return ret;
	/* failure means the thread died: its exit is on the way */
	lstep_resume(lt, th, sig);
	return 0;
}

bool lstep_late_signal(struct linux_target *lt, struct lthread *th, int sig)
{
	uint64_t pc;

	if (th->state != THREAD_STEPPING || th->hw_stepping ||
	    lregs_get_pc(lt, th, &pc) < 0 || !lstep_owns(th, pc))
		return false;
	debug(DBG_STEP, "thread %d: signal %d after its step, kept for the next resume",
	      th->tid, sig);
	th->late_sig = sig;
	return true;
}

bool lstep_settle_late_signal(struct linux_target *lt, struct lthread *th)
{
	int sig = th->late_sig;

	if (!sig)
		return false;
	th->late_sig = 0;
	if (sig < 65 && lt->pass[sig]) {
		thread_defer_signal(th, sig);
		return false;
	}
	lset_event(lt, th, TEV_SIGNAL, sig, 0);
	return true;
}

enum lstep_hit lstep_classify(const struct linux_target *lt, const struct lthread *th,
                              const struct bp *b)
{
	(void)lt;
	if (b->owners & (BP_OWNER_GDB | BP_OWNER_HWBREAK))
		return LSTEP_HIT_GDB;
	if (!(b->owners & BP_OWNER_STEP))
		return LSTEP_HIT_GDB;
	return th->state == THREAD_STEPPING && lstep_owns(th, b->addr)
	               ? LSTEP_HIT_OWN
	               : LSTEP_HIT_FOREIGN;
}

void lstep_hold(struct linux_target *lt, struct lthread *th, uint64_t addr)
{
	debug(DBG_STEP, "thread %d: held at another thread's step breakpoint %#llx",
	      th->tid, (unsigned long long)addr);
	if (thread_is_running(th)) {
		th->held_at = addr;
		th->held_stepping = th->state == THREAD_STEPPING;
	}
	lregs_flush(lt, th);
	thread_set_state(th, THREAD_STOPPED, NULL);
}

/* ---- removing ---- */

static void remove_one(struct linux_target *lt, pid_t owner, uint64_t addr)
{
	int ret = bp_remove(&lt->bps, addr, BP_OWNER_STEP);

	debug(DBG_STEP, "thread %d: step breakpoint at %#llx removed%s%s", owner,
	      (unsigned long long)addr, ret ? ": " : "", ret ? strerror(-ret) : "");
}

void lstep_remove_all(struct linux_target *lt)
{
	size_t i;
	unsigned k;

	for (i = 0; i < lt->threads.n; i++) {
		struct lthread *th = lt->threads.v[i];

		for (k = 0; k < th->nstep_bp; k++)
			remove_one(lt, th->tid, th->step_bp[k]);
		th->nstep_bp = 0;
		th->held_at = 0;
		lrange_restart(th);
	}
}

void lstep_forget(struct lthread *th)
{
	th->nstep_bp = 0;
	th->held_at = 0;
	lrange_restart(th);
}

bool lstep_needed(const struct linux_target *lt, const struct lthread *except,
                  uint64_t addr)
{
	size_t i;

	for (i = 0; i < lt->threads.n; i++) {
		if (lt->threads.v[i] != except && lstep_owns(lt->threads.v[i], addr))
			return true;
	}
	return false;
}

struct paused {
	pid_t tid;
	enum thread_state was;
};

/* Threads that run now, and how (NULL and *n 0 when none or out of memory). */
static struct paused *running_threads(const struct linux_target *lt, size_t *n)
{
	struct paused *v = calloc(lt->threads.n ? lt->threads.n : 1, sizeof(*v));
	size_t i;

	*n = 0;
	for (i = 0; v && i < lt->threads.n; i++) {
		const struct lthread *th = lt->threads.v[i];

		if (thread_is_running(th))
			v[(*n)++] = (struct paused){th->tid, th->state};
	}
	return v;
}

/* Let stopped th go on as it was going (was: RUNNING or STEPPING), unless
 * an event stopped it. */
static void go_on(struct linux_target *lt, struct lthread *th, enum thread_state was)
{
	if (th->state != THREAD_STOPPED || thread_has_event(th))
		return;
	lregs_flush(lt, th);
	if (thread_set_state(th, was, NULL) < 0)
		return;
	if (was == THREAD_STEPPING)
		lstep_resume(lt, th, 0);
	else
		lswatch_run(lt, th, 0);
}

static void unpause(struct linux_target *lt, const struct paused *v, size_t n)
{
	struct lthread *th;
	size_t i;

	for (i = 0; i < n && lt->state == PROC_LIVE; i++) {
		th = threads_find(&lt->threads, v[i].tid);
		if (th && !th->held_at) /* held meanwhile: see release_held() */
			go_on(lt, th, v[i].was);
	}
}

/* The breakpoints at addr[0..n) are gone: release the threads held there. */
static void release_held(struct linux_target *lt, const uint64_t *addr, unsigned n)
{
	struct lthread *th;
	size_t i;
	unsigned k;

	for (i = 0; i < lt->threads.n && lt->state == PROC_LIVE; i++) {
		th = lt->threads.v[i];
		for (k = 0; k < n && th->held_at; k++) {
			if (th->held_at != addr[k])
				continue;
			debug(DBG_STEP, "thread %d: released", th->tid);
			th->held_at = 0;
			go_on(lt, th,
			      th->held_stepping ? THREAD_STEPPING : THREAD_RUNNING);
		}
	}
}

void lstep_drop_thread(struct linux_target *lt, struct lthread *th)
{
	uint64_t *addr = th->step_bp; /* ours now: th is freed */
	unsigned n = th->nstep_bp, k;
	pid_t tid = th->tid;
	struct paused *paused;
	size_t npaused;

	th->step_bp = NULL;
	th->nstep_bp = th->step_bp_alloc = 0;
	threads_remove(&lt->threads, tid);
	for (k = 0; k < n;) {
		if (lstep_needed(lt, NULL, addr[k]))
			addr[k] = addr[--n];
		else
			k++;
	}
	if (!n) {
		free(addr);
		return;
	}
	debug(DBG_STEP, "thread %d: gone mid-step, pausing the others", tid);
	paused = running_threads(lt, &npaused);
	if (paused) /* out of memory: remove them under the running threads */
		lstop_threads(lt);
	for (k = 0; k < n && lt->state == PROC_LIVE; k++)
		remove_one(lt, tid, addr[k]);
	unpause(lt, paused, npaused);
	release_held(lt, addr, n);
	free(paused);
	free(addr);
}
