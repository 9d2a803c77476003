/*
 * linux_wait — turning waitpid() statuses into thread events, and the
 * all-stop policy.
 *
 * Contract: lhandle_status() moves one thread through its state machine
 * (linux_threads.h) and never blocks. lstop_all() interrupts every running
 * thread and blocks in waitpid(-1) only while some thread is STOPPING, i.e.
 * known to be about to report (a stop or its exit). lwait() reports the
 * process exit first, else one pending thread event, only once every thread
 * is stopped; events of other threads stay in their slots.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "debug.h"
#include "linux_step.h"
#include "linux_target.h"

void ldrain_events(struct linux_target *lt)
{
	/* SIGCHLD does not queue: one read takes what is pending, and a short
	 * one says nothing more is (no second read to see EAGAIN) */
	struct signalfd_siginfo si[4];

	while (read(lt->sigfd, si, sizeof(si)) == sizeof(si))
		;
}

void lwake(struct linux_target *lt)
{
	(void)lt;
	kill(getpid(), SIGCHLD); /* blocked, so it stays pending on the signalfd */
}

/* Let a thread go on as it was going (after an event we do not report). */
static void resume_as_before(struct linux_target *lt, struct lthread *th, int sig)
{
	switch (th->state) {
	case THREAD_RUNNING:
		lswatch_run(lt, th, sig);
		break;
	case THREAD_STEPPING:
		lstep_resume(lt, th, sig);
		break;
	case THREAD_STOPPING:
		if (!sig) {
			thread_set_state(th, THREAD_STOPPED, NULL);
			break;
		}
		/* deliver the passed signal, then stop again: the stop cleared
		 * the pending PTRACE_INTERRUPT */
		lswatch_run(lt, th, sig);
		lptrace(PTRACE_INTERRUPT, th->tid, NULL, NULL);
		break;
	default:
		debug(DBG_TARGET, "thread %d: unexpected report in %s", th->tid,
		      thread_state_name(th->state));
		(void)lt;
	}
}

void lset_event(struct linux_target *lt, struct lthread *th, enum thread_event_kind kind,
                int sig, uint64_t pc)
{
	struct thread_event ev = {kind, sig, pc, ++lt->event_seq};

	thread_set_state(th, THREAD_STOPPED, &ev);
}

void lrearm_event(struct linux_target *lt, struct lthread *th)
{
	struct thread_event ev;

	if (thread_take_event(th, &ev))
		lset_event(lt, th, ev.kind, ev.sig, ev.pc);
}

/* An event of the last resume (or re-armed by it): may be reported now. */
static bool reportable(const struct linux_target *lt, const struct lthread *th)
{
	return thread_has_event(th) && th->pending.seq > lt->resume_seq;
}

static bool any_reportable(const struct linux_target *lt)
{
	size_t i;

	for (i = 0; i < lt->threads.n; i++) {
		if (reportable(lt, lt->threads.v[i]))
			return true;
	}
	return false;
}

/* The whole process is gone: remember how, forget the threads. */
static void on_process_exit(struct linux_target *lt, int status)
{
	struct target_stop *s = &lt->exit_stop;

	memset(s, 0, sizeof(*s));
	s->pid = s->tid = lt->pid;
	if (WIFEXITED(status)) {
		s->kind = TARGET_STOP_EXITED;
		s->status = WEXITSTATUS(status);
	} else {
		s->kind = TARGET_STOP_KILLED;
		s->sig = WTERMSIG(status);
	}
	threads_clear(&lt->threads);
	bp_table_release(&lt->bps);
	ldisplaced_forget(lt);
	lswatch_forget(lt);
	lmem_close(lt);
	lt->state = PROC_EXITED;
	debug(DBG_TARGET, "process %d: gone (%s %d)", lt->pid,
	      s->kind == TARGET_STOP_EXITED ? "exit" : "signal",
	      s->kind == TARGET_STOP_EXITED ? s->status : s->sig);
}

static void on_clone(struct linux_target *lt, struct lthread *parent)
{
	unsigned long msg = 0;
	struct lthread *child;
	bool running = thread_is_running(parent);

	if (lptrace(PTRACE_GETEVENTMSG, parent->tid, NULL, &msg) == 0) {
		child = threads_find(&lt->threads, (pid_t)msg);
		if (!child) {
			threads_add(&lt->threads, (pid_t)msg,
			            running ? THREAD_NEW : THREAD_STOPPING);
		} else if (child->state == THREAD_STOPPED && running) {
			/* its initial stop came first */
			lswatch_run(lt, child, 0);
			thread_set_state(child, THREAD_RUNNING, NULL);
		}
	}
	resume_as_before(lt, parent, 0);
}

/* execve: the other threads are gone, the leader has a new image. */
static void on_exec(struct linux_target *lt, struct lthread *th)
{
	pid_t keep = th->tid;
	size_t i = 0;

	while (i < lt->threads.n) {
		if (lt->threads.v[i]->tid == keep)
			i++;
		else
			threads_remove(&lt->threads, lt->threads.v[i]->tid);
	}
	bp_table_release(&lt->bps);
	ldisplaced_forget(lt);
	lstep_forget(th);
	lhw_forget(lt, th);
	lswatch_forget(lt);
	lmem_close(lt);
	lregs_invalidate(th);
	lset_event(lt, th, TEV_EXEC, SIGTRAP, 0);
}

/*
 * A requested stop that overtook a trap: the thread executed one of our
 * breakpoint instructions (its PC is past it by decr_pc_after_break), or
 * ended a kernel step (gdb's, a range's, or one under an emulated watch:
 * linux_swatch.h), but the kernel reported the interrupt first and the
 * SIGTRAP is still queued. Its PC is not where the program is, or the
 * trap would come after the next resume as news (a SIGTRAP out of nowhere
 * for a thread gdb continues), so it is taken now: a step's end becomes
 * the thread's pending step event, which a resume then drops. Registers
 * are read only while some breakpoint is planted, /proc only when the PC
 * sits right after one or after such a step.
 */
static bool trap_overtaken(struct linux_target *lt, struct lthread *th)
{
	uint64_t pc;

	return (th->hw_stepping || lswatch_stepped(th) ||
	        (lt->bps.n && lregs_get_pc(lt, th, &pc) == 0 &&
	         bp_find(&lt->bps, pc - lt->base.arch->decr_pc_after_break))) &&
	       lproc_signal_pending(lt->pid, th->tid, SIGTRAP);
}

static void on_event_stop(struct linux_target *lt, struct lthread *th)
{
	switch (th->state) {
	case THREAD_NEW: /* initial stop of a new thread */
		if (threads_any_running(&lt->threads)) {
			lswatch_run(lt, th, 0);
			thread_set_state(th, THREAD_RUNNING, NULL);
		} else {
			thread_set_state(th, THREAD_STOPPED, NULL);
		}
		break;
	case THREAD_STOPPING:
		if (trap_overtaken(lt, th)) {
			/* take the trap now: its stop, handled as any, comes next */
			debug(DBG_TARGET, "thread %d: stop overtook a breakpoint trap",
			      th->tid);
			lswatch_run(lt, th, 0);
			break;
		}
		thread_set_state(th, THREAD_STOPPED, NULL);
		break;
	default: /* group-stop or a stale interrupt: not worth a report */
		resume_as_before(lt, th, 0);
	}
}

/* Does the program itself hold a breakpoint instruction (of any kind) at
 * addr? Then a trap there is its own. */
static bool program_breakpoint_at(struct linux_target *lt, uint64_t addr)
{
	enum { MAX_KIND = 16 };
	const struct arch *a = lt->base.arch;
	uint8_t mem[BP_MAX_LEN];
	const uint8_t *insn;
	size_t len;
	int kind;

	for (kind = 0; kind < MAX_KIND; kind++) {
		insn = a->bp_insn_for_kind(kind, &len);
		if (!insn || len > sizeof(mem))
			continue;
		if (lmem_read(&lt->base, addr, mem, len) == (ssize_t)len && !memcmp(mem, insn, len))
			return true;
	}
	return false;
}

/*
 * A breakpoint trap with no breakpoint at bp_pc any more: the thread hit it
 * while it was planted, but the trap is reported only now, after gdb removed
 * it (an interrupt that raced with the trap was reported first, and the
 * SIGTRAP stayed queued). Unless the program itself holds a breakpoint
 * instruction there, rewind the PC and let the thread go on as if nothing
 * happened. True when handled so.
 */
static bool removed_breakpoint_trap(struct linux_target *lt, struct lthread *th,
                                    uint64_t bp_pc)
{
	const struct arch *a = lt->base.arch;

	if (program_breakpoint_at(lt, bp_pc))
		return false;
	debug(DBG_TARGET, "thread %d: trap at removed breakpoint %#llx, ignored", th->tid,
	      (unsigned long long)bp_pc);
	if (a->decr_pc_after_break && lregs_set_pc(lt, th, bp_pc) < 0)
		return false;
	lregs_flush(lt, th);
	resume_as_before(lt, th, 0);
	return true;
}

/* th's step ended: report it, unless its range step goes on. */
static void on_step_end(struct linux_target *lt, struct lthread *th)
{
	if (!lrange_step_ended(lt, th))
		lset_event(lt, th, TEV_STEP, SIGTRAP, 0);
}

/* th trapped on planted breakpoint b (its PC is back on b): report it, end
 * th's software step, or hold th (another thread's step breakpoint). */
static void on_breakpoint(struct linux_target *lt, struct lthread *th, const struct bp *b)
{
	switch (lstep_classify(lt, th, b)) {
	case LSTEP_HIT_OWN:
		on_step_end(lt, th);
		break;
	case LSTEP_HIT_FOREIGN:
		lstep_hold(lt, th, b->addr);
		break;
	case LSTEP_HIT_GDB:
		if (!(b->owners & BP_OWNER_GDB)) /* a Z1 planted in memory */
			lset_event(lt, th, TEV_HWBREAK, SIGTRAP, b->addr);
		else if (lbpcond_report(lt, th, b->addr))
			lset_event(lt, th, TEV_SWBREAK, SIGTRAP, b->addr);
		break;
	}
}

/* SIGTRAP: one of our breakpoints, a finished step, or a real SIGTRAP. */
static void on_sigtrap(struct linux_target *lt, struct lthread *th)
{
	siginfo_t si;
	uint64_t pc, bp_pc;
	size_t decr = lt->base.arch->decr_pc_after_break;
	struct thread_event hw;
	const struct bp *b;

	memset(&si, 0, sizeof(si));
	lptrace(PTRACE_GETSIGINFO, th->tid, NULL, &si);
	/* before TRAP_TRACE: a step may fire one */
	if (lhw_stop_reason(lt, th, &si, &hw) ||
	    (lswatch_active(lt) && lswatch_hit(lt, th, &hw))) {
		lset_event(lt, th, hw.kind, hw.sig, hw.pc);
		return;
	}
	if (lswatch_step_trap(lt, th, &si))
		return;
	if (si.si_code == TRAP_TRACE) {
		on_step_end(lt, th);
		return;
	}
	if ((si.si_code == SI_KERNEL || si.si_code == TRAP_BRKPT) &&
	    lregs_get_pc(lt, th, &pc) == 0) {
		bp_pc = pc - decr;
		b = bp_find(&lt->bps, bp_pc);
		if (b) {
			if (decr)
				lregs_set_pc(lt, th, bp_pc);
			on_breakpoint(lt, th, b);
			return;
		}
		/* a step over `syscall' ends with TRAP_BRKPT on x86: it is the
		 * step's end, never a trap at some removed breakpoint (while a
		 * watch is emulated, every run is made of such steps) */
		if (th->state == THREAD_STEPPING && (th->hw_stepping || lswatch_active(lt))) {
			on_step_end(lt, th);
			return;
		}
		if (removed_breakpoint_trap(lt, th, bp_pc))
			return;
	}
	lset_event(lt, th, TEV_SIGNAL, SIGTRAP, 0);
}

static void on_signal(struct linux_target *lt, struct lthread *th, int sig)
{
	if (sig == SIGTRAP) {
		on_sigtrap(lt, th);
		return;
	}
	if (lstep_late_signal(lt, th, sig)) {
		lset_event(lt, th, TEV_STEP, SIGTRAP, 0);
		return;
	}
	/* A passed signal that arrives during a single-step is still reported:
	 * gdb must see it to step over the handler (gdbserver does the same). */
	if (sig > 0 && sig < 65 && lt->pass[sig] && th->state != THREAD_STEPPING) {
		resume_as_before(lt, th, sig);
		return;
	}
	lset_event(lt, th, TEV_SIGNAL, sig, 0);
}

/*
 * A thread has begun to exit. Let it go on. A leader leaving while other
 * threads live turns into a silent zombie until the whole group is gone:
 * drop it now (as gdbserver does), or a scheduler-locked resume of it alone
 * would wait forever; its exit status still ends the process later.
 */
static void on_exiting(struct linux_target *lt, struct lthread *th)
{
	pid_t tid = th->tid;

	lptrace_resume(tid, false, 0);
	if (tid == lt->pid && lt->threads.n > 1) {
		debug(DBG_TARGET, "leader %d exits before its threads", tid);
		lstep_drop_thread(lt, th);
	}
}

static void on_stop(struct linux_target *lt, struct lthread *th, int status)
{
	int event = status >> 16;

	lregs_invalidate(th);
	lhw_thread_stopped(lt, th);
	if (th->disp.phase != TDISP_NONE && ldisplaced_stop(lt, th, status))
		return;
	switch (event) {
	case PTRACE_EVENT_CLONE:
		on_clone(lt, th);
		break;
	case PTRACE_EVENT_EXEC:
		on_exec(lt, th);
		break;
	case PTRACE_EVENT_FORK:
		lfork_event(lt, th);
		resume_as_before(lt, th, 0);
		break;
	case PTRACE_EVENT_STOP:
		on_event_stop(lt, th);
		break;
	case PTRACE_EVENT_EXIT:
		on_exiting(lt, th);
		break;
	case 0:
		on_signal(lt, th, WSTOPSIG(status));
		break;
	default:
		resume_as_before(lt, th, 0);
	}
}

void lhandle_status(struct linux_target *lt, pid_t tid, int status)
{
	struct lthread *th = threads_find(&lt->threads, tid);

	if (WIFEXITED(status) || WIFSIGNALED(status)) {
		if (tid == lt->pid)
			on_process_exit(lt, status);
		else if (th) {
			ldisplaced_gone(lt, th);
			lstep_drop_thread(lt, th);
		}
		return;
	}
	if (!WIFSTOPPED(status))
		return;
	if (!th && tid == lt->pid && (status >> 16) == PTRACE_EVENT_EXEC) {
		/* another thread exec'd: it takes over the leader's id, which we
		 * dropped when the old leader passed its exit stop */
		th = threads_add(&lt->threads, tid, THREAD_RUNNING);
	} else if (!th && lfork_child_stop(lt, tid)) {
		return; /* a forked child whose stop beat its parent's fork event */
	} else if (!th) {
		/* a new thread whose initial stop beat its parent's clone event */
		lhw_thread_stopped(lt, threads_add(&lt->threads, tid, THREAD_STOPPED));
		return;
	}
	if (th)
		on_stop(lt, th, status);
}

/*
 * Ask one thread to stop; NEW threads are already about to stop. No /proc
 * read here: a leader that exits while other threads run reports
 * PTRACE_EVENT_EXIT first and leaves the table then (on_exiting), so no
 * zombie is ever asked to stop.
 */
static void request_stop(struct lthread *th)
{
	if (th->state == THREAD_NEW) {
		thread_set_state(th, THREAD_STOPPING, NULL);
		return;
	}
	if (!thread_is_running(th))
		return;
	lptrace(PTRACE_INTERRUPT, th->tid, NULL, NULL);
	thread_set_state(th, THREAD_STOPPING, NULL);
}

int lstop_all(struct linux_target *lt)
{
	int ret = lstop_threads(lt);

	if (ret == 0 && lt->state == PROC_LIVE) {
		lstep_remove_all(lt);
		ldisplaced_all_stopped(lt);
	}
	return ret;
}

int lstop_threads(struct linux_target *lt)
{
	size_t i;
	int status;
	pid_t tid;

	for (i = 0; i < lt->threads.n; i++)
		request_stop(lt->threads.v[i]);
	while (lt->state == PROC_LIVE &&
	       threads_count_state(&lt->threads, THREAD_STOPPING)) {
		tid = lwaitpid_spin(&status, __WALL, lt->spin_us);
		if (tid == -EINTR)
			continue;
		if (tid < 0)
			return tid;
		lhandle_status(lt, tid, status);
	}
	return 0;
}

static void fill_stop(struct linux_target *lt, struct lthread *th,
                      const struct thread_event *ev, struct target_stop *out)
{
	static const enum target_stop_reason reasons[] = {
	        [TEV_SWBREAK] = TARGET_REASON_SWBREAK,
	        [TEV_STEP] = TARGET_REASON_STEP,
	        [TEV_EXEC] = TARGET_REASON_EXEC,
	        [TEV_HWBREAK] = TARGET_REASON_HWBREAK,
	        [TEV_WATCH] = TARGET_REASON_WATCH,
	        [TEV_AWATCH] = TARGET_REASON_AWATCH,
	        [TEV_RWATCH] = TARGET_REASON_RWATCH,
	};

	memset(out, 0, sizeof(*out));
	out->kind = TARGET_STOP_SIGNAL;
	out->pid = lt->pid;
	out->tid = th->tid;
	out->sig = ev->sig;
	out->reason = reasons[ev->kind];
	lt->last_report = th->tid;
	if (ev->kind == TEV_WATCH || ev->kind == TEV_AWATCH || ev->kind == TEV_RWATCH)
		out->addr = ev->pc;
}

/*
 * The next reportable thread in round-robin order: the lowest tid above the
 * one reported last, else the lowest tid. A thread that keeps hitting
 * breakpoints thus cannot starve the others.
 */
static struct lthread *next_reportable(struct linux_target *lt)
{
	struct lthread *after = NULL, *lowest = NULL;
	size_t i;

	for (i = 0; i < lt->threads.n; i++) {
		struct lthread *th = lt->threads.v[i];

		if (!reportable(lt, th))
			continue;
		if (!lowest || th->tid < lowest->tid)
			lowest = th;
		if (th->tid > lt->last_report && (!after || th->tid < after->tid))
			after = th;
	}
	return after ? after : lowest;
}

/* An event ready to report: the process exit, or a reportable thread event. */
static bool take_report(struct linux_target *lt, struct target_stop *out)
{
	struct thread_event ev;
	struct lthread *th;

	if (lt->state == PROC_EXITED) {
		*out = lt->exit_stop;
		lt->state = PROC_GONE;
		return true;
	}
	if (threads_any_running(&lt->threads))
		return false;
	th = next_reportable(lt);
	if (!th || !thread_take_event(th, &ev))
		return false;
	fill_stop(lt, th, &ev, out);
	return true;
}

/*
 * A thread we hold stopped that is no longer in ptrace-stop is dying (the
 * process is exiting, or an exec is tearing the group down): its exit is
 * on the way. Read from /proc only when nothing else can report.
 */
static bool any_dying(const struct linux_target *lt)
{
	size_t i;

	for (i = 0; i < lt->threads.n; i++) {
		if (!lproc_thread_traced(lt->pid, lt->threads.v[i]->tid))
			return true;
	}
	return false;
}

/*
 * Can waitpid() bring anything? A running or new thread, a dying one, or,
 * when no thread is left (a zombie leader was dropped), the leader's exit.
 */
static bool may_report(const struct linux_target *lt)
{
	return lt->threads.n == 0 || threads_any_running(&lt->threads) ||
	       threads_count_state(&lt->threads, THREAD_NEW) || any_dying(lt);
}

/* Nothing runs and nothing is pending for what gdb resumed: say so. */
static void no_resumed(struct linux_target *lt, struct target_stop *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = TARGET_STOP_NO_RESUMED;
	out->pid = lt->pid;
	out->tid = lt->threads.n ? lt->threads.v[0]->tid : lt->pid;
	debug(DBG_TARGET, "process %d: no resumed thread left", lt->pid);
}

int lwait(struct target *t, struct target_stop *out, bool block)
{
	struct linux_target *lt = to_lt(t);
	int status, ret;
	bool can_come;
	pid_t tid;

	ldrain_events(lt);
	/* an event recorded with no stop (a step that could not start) */
	if (lt->state == PROC_LIVE && any_reportable(lt) &&
	    threads_any_running(&lt->threads)) {
		ret = lstop_all(lt);
		if (ret < 0)
			return ret;
	}
	for (;;) {
		if (take_report(lt, out))
			return 1;
		if (lt->state != PROC_LIVE)
			return -ESRCH;
		can_come = may_report(lt);
		/* never block on what cannot come */
		tid = lwaitpid_spin(&status, __WALL | (block && can_come ? 0 : WNOHANG),
				    lt->spin_us);
		if (tid == -EINTR)
			continue;
		if (tid == 0 || tid == -ECHILD) {
			if (can_come)
				return 0;
			no_resumed(lt, out);
			return 1;
		}
		if (tid < 0)
			return tid;
		lhandle_status(lt, tid, status);
		if (lt->state == PROC_LIVE && any_reportable(lt)) {
			ret = lstop_all(lt);
			if (ret < 0)
				return ret;
		}
	}
}
