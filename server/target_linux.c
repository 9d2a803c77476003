/*
 * target_linux — the Linux ptrace target: the ops table of target.h, process
 * creation (spawn and attach are in linux_start.c), resume, and the end of a process
 * (kill, detach, destroy). Events and the all-stop policy are in linux_wait.c, registers
 * in linux_regs.c, memory in linux_mem.c, /proc readers in linux_proc.c.
 *
 * Contract: see target.h. Every thread is attached with PTRACE_SEIZE and
 * PTRACE_O_TRACECLONE and TRACEFORK (forked children are only cleaned of
 * breakpoints and let go: linux_fork.c; spawned programs also EXITKILL and
 * TRACEEXEC), so one
 * PTRACE_INTERRUPT stops any thread. SIGCHLD is blocked in the caller's
 * process and read from a signalfd, the event fd.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "debug.h"
#include "linux_probe.h"
#include "linux_step.h"
#include "linux_target.h"

static const struct target_ops linux_ops;

/* ---- process ---- */

static pid_t lt_pid(struct target *t)
{
	return to_lt(t)->pid;
}

static bool lt_attached(struct target *t)
{
	return to_lt(t)->attached;
}

/* Reap everything after SIGKILL: each thread is known to report its death. */
static int reap_all(struct linux_target *lt)
{
	int status;
	pid_t tid;

	while (lt->state == PROC_LIVE) {
		tid = lwaitpid(-1, &status, __WALL);
		if (tid == -EINTR)
			continue;
		if (tid < 0)
			break;
		lhandle_status(lt, tid, status);
	}
	lt->state = PROC_GONE;
	threads_clear(&lt->threads);
	return 0;
}

static int lt_kill(struct target *t)
{
	struct linux_target *lt = to_lt(t);

	if (lt->state == PROC_EXITED) /* already dead: just forget the report */
		lt->state = PROC_GONE;
	if (lt->state == PROC_GONE)
		return 0;
	kill(lt->pid, SIGKILL);
	return reap_all(lt);
}

/* PTRACE_DETACH one stopped thread, handing back a pending signal. */
static void detach_thread(struct linux_target *lt, struct lthread *th)
{
	struct thread_event ev = {TEV_NONE, 0, 0, 0};
	int sig = 0;

	if (thread_take_event(th, &ev) && ev.kind == TEV_SIGNAL && ev.sig != SIGTRAP)
		sig = ev.sig;
	if (!sig)
		sig = th->late_sig;
	lregs_flush(lt, th);
	lptrace(PTRACE_DETACH, th->tid, NULL, (void *)(long)sig);
}

static int lt_detach(struct target *t)
{
	struct linux_target *lt = to_lt(t);
	int ret;
	size_t i;

	if (lt->state != PROC_LIVE)
		return lt->state == PROC_EXITED ? 0 : -ESRCH;
	ret = lstop_all(lt);
	if (ret < 0)
		return ret;
	bp_remove_all(&lt->bps);
	for (i = 0; i < lt->threads.n; i++) {
		lhw_clear_thread(lt, lt->threads.v[i]);
		detach_thread(lt, lt->threads.v[i]);
	}
	threads_clear(&lt->threads);
	lt->state = PROC_GONE;
	debug(DBG_TARGET, "process %d: detached", lt->pid);
	return 0;
}

static void restore_tty(struct linux_target *lt)
{
	void (*old)(int);

	if (lt->tty_fd < 0)
		return;
	old = signal(SIGTTOU, SIG_IGN);
	tcsetpgrp(lt->tty_fd, lt->tty_saved_pgrp);
	signal(SIGTTOU, old);
	lt->tty_fd = -1;
}

static void lt_destroy(struct target *t)
{
	struct linux_target *lt = to_lt(t);

	if (lt->state == PROC_LIVE) {
		if (lt->attached)
			lt_detach(t);
		else
			lt_kill(t);
	}
	restore_tty(lt);
	threads_clear(&lt->threads);
	bp_table_release(&lt->bps);
	lmem_close(lt);
	lregs_release(lt);
	if (lt->sigfd >= 0)
		close(lt->sigfd);
	free(lt);
}

/* ---- threads ---- */

static size_t lt_threads(struct target *t, pid_t *tids, size_t max)
{
	struct linux_target *lt = to_lt(t);
	size_t i;

	for (i = 0; i < lt->threads.n && i < max; i++)
		tids[i] = lt->threads.v[i]->tid;
	return lt->threads.n;
}

/* Alive while in the table: every thread is traced, so its death reaches
 * waitpid, which takes it out (as gdbserver's lwp list does). No syscall:
 * this runs for every `g', `m' and `H' that names a thread. */
static bool lt_thread_alive(struct target *t, pid_t tid)
{
	return threads_find(&to_lt(t)->threads, tid) != NULL;
}

/* ---- registers ---- */

static struct lthread *stopped_thread(struct linux_target *lt, pid_t tid, int *err)
{
	struct lthread *th = threads_find(&lt->threads, tid);

	*err = !th ? -ESRCH : th->state != THREAD_STOPPED ? -EBUSY : 0;
	return *err ? NULL : th;
}

static int lt_reg_read(struct target *t, pid_t tid, int regno, uint8_t *buf)
{
	struct linux_target *lt = to_lt(t);
	int err;
	struct lthread *th = stopped_thread(lt, tid, &err);

	return th ? lregs_read(lt, th, regno, buf) : err;
}

static int lt_reg_write(struct target *t, pid_t tid, int regno, const uint8_t *buf)
{
	struct linux_target *lt = to_lt(t);
	int err;
	struct lthread *th = stopped_thread(lt, tid, &err);

	return th ? lregs_write(lt, th, regno, buf) : err;
}

/* ---- execution ---- */

static const struct target_resume *match_action(const struct target_resume *acts,
                                                size_t n, pid_t tid)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (acts[i].tid == tid || acts[i].tid == -1)
			return &acts[i];
	}
	return NULL;
}

/* The action for a stopped thread, NULL when it is to stay stopped. */
static const struct target_resume *resume_action(const struct target_resume *acts,
                                                 size_t n, const struct lthread *th)
{
	const struct target_resume *act = match_action(acts, n, th->tid);

	if (!act || act->kind == TARGET_RESUME_STOP || th->state != THREAD_STOPPED)
		return NULL;
	return act;
}

/*
 * Before th resumes: a breakpoint hit whose breakpoint gdb has removed
 * since is dropped (the PC is already back on the original instruction, so
 * the thread re-executes it, and hits again if gdb reinserted it), and so
 * is the end of a step (or range step) that another thread's report cut
 * short: gdb took that step as cancelled, found the thread where it is,
 * and now asks afresh; reported, it would be a SIGTRAP out of nowhere. Any
 * other pending event becomes reportable, and so does a signal that came
 * after th's last step (linux_step.h). True when one is.
 */
static bool settle_pending(struct linux_target *lt, struct lthread *th)
{
	struct thread_event ev;

	if ((th->pending.kind == TEV_SWBREAK && !bp_find(&lt->bps, th->pending.pc)) ||
	    th->pending.kind == TEV_STEP || lhw_event_stale(lt, &th->pending))
		thread_take_event(th, &ev);
	if (!thread_has_event(th))
		return lstep_settle_late_signal(lt, th);
	lrearm_event(lt, th);
	return true;
}

static void resume_thread(struct linux_target *lt, struct lthread *th,
                          const struct target_resume *act)
{
	int sig = thread_resume_signal(th, act->sig);

	if (act->kind == TARGET_RESUME_RANGE)
		lrange_set(th, act->start, act->end);
	else
		lrange_clear(th);
	if (act->kind == TARGET_RESUME_STEP || act->kind == TARGET_RESUME_RANGE) {
		lstep_start(lt, th, sig);
		return;
	}
	lregs_flush(lt, th);
	if (thread_set_state(th, THREAD_RUNNING, NULL) < 0)
		return;
	/* failure means the thread died: its exit is on the way */
	lswatch_run(lt, th, sig);
}

/*
 * Only the threads given an action run. Events pending in other threads
 * stay where they are (gdb stepping one thread over a breakpoint must get
 * that step, not another thread's old stop); when a thread to be resumed
 * has one, nothing runs and wait() reports it (or another such one).
 * Stepped threads start first, so their step breakpoints are planted while
 * the others are still stopped.
 */
static int lt_resume(struct target *t, const struct target_resume *acts, size_t n)
{
	struct linux_target *lt = to_lt(t);
	bool pending = false;
	size_t i;

	if (lt->state == PROC_EXITED) {
		lwake(lt);
		return 0;
	}
	if (lt->state != PROC_LIVE)
		return -ESRCH;
	lt->resume_seq = lt->event_seq;
	for (i = 0; i < lt->threads.n; i++) {
		struct lthread *th = lt->threads.v[i];

		if (resume_action(acts, n, th))
			pending |= settle_pending(lt, th);
	}
	if (pending) {
		/* nothing runs, but a signal gdb passed must still arrive */
		debug(DBG_TARGET, "resume: an event is pending, nothing runs");
		for (i = 0; i < lt->threads.n; i++) {
			struct lthread *th = lt->threads.v[i];
			const struct target_resume *act = resume_action(acts, n, th);

			if (act && act->sig && !thread_defer_signal(th, act->sig))
				debug(DBG_TARGET, "thread %d: signal %d dropped, queue full",
				      th->tid, act->sig);
		}
		lwake(lt);
		return 0;
	}
	for (i = 0; i < lt->threads.n; i++) {
		struct lthread *th = lt->threads.v[i];
		const struct target_resume *act = resume_action(acts, n, th);

		if (act &&
		    (act->kind == TARGET_RESUME_STEP || act->kind == TARGET_RESUME_RANGE))
			resume_thread(lt, th, act);
	}
	for (i = 0; i < lt->threads.n; i++) {
		struct lthread *th = lt->threads.v[i];
		const struct target_resume *act = resume_action(acts, n, th);

		if (act && act->kind == TARGET_RESUME_CONTINUE)
			resume_thread(lt, th, act);
	}
	return 0;
}

static int lt_interrupt(struct target *t)
{
	struct linux_target *lt = to_lt(t);
	pid_t who = lt->attached ? lt->pid : -lt->pid;

	if (lt->state != PROC_LIVE)
		return -ESRCH;
	debug(DBG_TARGET, "interrupt: SIGINT to %d", (int)who);
	return kill(who, SIGINT) < 0 ? -errno : 0;
}

static int lt_halt(struct target *t, struct target_stop *out)
{
	struct linux_target *lt = to_lt(t);
	const struct lthread *th;
	int ret = lt->state == PROC_LIVE ? lstop_all(lt) : 0;

	if (ret == 0)
		ret = lwait(t, out, false);
	if (ret != 1 || out->kind != TARGET_STOP_NO_RESUMED)
		return ret;
	/* nothing happened: a quiet stop, of the leader if it is still there */
	th = threads_find(&lt->threads, lt->pid);
	if (!th && !lt->threads.n)
		return -ESRCH;
	*out = (struct target_stop){.kind = TARGET_STOP_SIGNAL, .pid = lt->pid,
	                            .tid = th ? th->tid : lt->threads.v[0]->tid};
	return 1;
}

static int lt_event_fd(struct target *t)
{
	return to_lt(t)->sigfd;
}

static void lt_set_pass_signals(struct target *t, const bool pass[65])
{
	memcpy(to_lt(t)->pass, pass, sizeof(to_lt(t)->pass));
}

/* ---- breakpoints ---- */

/* Z (insert) and z (remove) of every type: software ones in the breakpoint
 * table, the others in the debug registers. */
int lt_planted_change(struct linux_target *lt, unsigned owner, bool insert, uint64_t addr,
                      int kind)
{
	size_t len;
	const uint8_t *insn = lt->base.arch->bp_insn_for_kind(kind, &len);

	if (!insn)
		return -EINVAL;
	if (lt->state != PROC_LIVE)
		return -ESRCH;
	return insert ? bp_insert_insn(&lt->bps, addr, owner, insn, len)
	              : bp_remove(&lt->bps, addr, owner);
}

static int lt_bp_change(struct target *t, enum target_bp_type type, uint64_t addr, int kind,
                        bool insert)
{
	struct linux_target *lt = to_lt(t);

	if (type != TARGET_BP_SW)
		return insert ? lhw_insert(lt, type, addr, kind) : lhw_remove(lt, type, addr, kind);
	return lt_planted_change(lt, BP_OWNER_GDB, insert, addr, kind);
}

static int lt_bp_insert(struct target *t, enum target_bp_type type, uint64_t addr,
                        int kind)
{
	return lt_bp_change(t, type, addr, kind, true);
}

static int lt_bp_remove(struct target *t, enum target_bp_type type, uint64_t addr,
                        int kind)
{
	return lt_bp_change(t, type, addr, kind, false);
}

static bool lt_bp_supports(struct target *t, enum target_bp_type type)
{
	(void)t;
	return type == TARGET_BP_SW || lhw_supports(type);
}

static const struct target_bp_ops linux_bp_ops = {
        .supports = lt_bp_supports,
        .insert = lt_bp_insert,
        .remove = lt_bp_remove,
};

/* The siginfo of stopped thread tid, whose real id goes to *who. */
static int read_siginfo(struct target *t, pid_t tid, pid_t *who, siginfo_t *si)
{
	int err;
	struct lthread *th = stopped_thread(to_lt(t), tid, &err);

	if (!th)
		return err;
	*who = th->tid;
	return lptrace(PTRACE_GETSIGINFO, th->tid, NULL, si) < 0 ? -errno : 0;
}

static int lt_siginfo(struct target *t, pid_t tid, struct strbuf *out)
{
	siginfo_t si;
	pid_t who;
	int err = read_siginfo(t, tid, &who, &si);

	if (err)
		return err;
	strbuf_add(out, &si, sizeof(si));
	return 0;
}

static ssize_t lt_siginfo_write(struct target *t, pid_t tid, uint64_t off, const void *data,
                                size_t len)
{
	siginfo_t si;
	pid_t who;
	int err;

	if (off > sizeof(si) || len > sizeof(si) - off)
		return -EINVAL;
	err = read_siginfo(t, tid, &who, &si);
	if (err)
		return err;
	memcpy((char *)&si + off, data, len);
	if (lptrace(PTRACE_SETSIGINFO, who, NULL, &si) < 0)
		return -errno;
	return (ssize_t)len;
}

static const struct target_xfer_ops linux_xfer_ops = {
        .siginfo = lt_siginfo,
        .siginfo_write = lt_siginfo_write,
        .auxv = lxfer_auxv,
        .exec_file = lxfer_exec_file,
        .libraries_svr4 = lxfer_libraries_svr4,
        .os_processes = lxfer_os_processes,
};

/* Single-steps come from the kernel (PTRACE_SINGLESTEP) or from breakpoints
 * at the next PCs the arch's decoder finds (linux_step.c). */
static void lt_describe_host(struct strbuf *out)
{
	lprobe_describe(lprobe_host(), out);
}

static bool lt_can_step(void)
{
	return lprobe_host()->step_accepted || arch_native()->next_pcs;
}

static const struct target_ops linux_ops = {
        .pid = lt_pid,
        .attached = lt_attached,
        .kill = lt_kill,
        .detach = lt_detach,
        .destroy = lt_destroy,
        .process_info = lproc_process_info,
        .memory_region = lproc_memory_region,
        .threads = lt_threads,
        .thread_alive = lt_thread_alive,
        .thread_name = lproc_thread_name,
        .thread_core = lproc_thread_core,
        .reg_read = lt_reg_read,
        .reg_write = lt_reg_write,
        .mem_read = lmem_read,
        .mem_write = lmem_write,
        .resume = lt_resume,
        .interrupt = lt_interrupt,
        .halt = lt_halt,
        .event_fd = lt_event_fd,
        .wait = lwait,
        .can_step = lt_can_step,
        .set_pass_signals = lt_set_pass_signals,
        .describe_host = lt_describe_host,
        .assume_broken = lprobe_assume_broken,
        .bp = &linux_bp_ops,
        .bp_cond = &lbpcond_ops,
        .xfer = &linux_xfer_ops,
};

const struct target_ops *linux_target_ops(void)
{
	return &linux_ops;
}

/* ---- creation ---- */

/* Block SIGCHLD and open the signalfd that replaces it. */
static int open_sigchld_fd(void)
{
	sigset_t set;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -errno;
	fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int lt_new(const struct target_config *cfg, pid_t pid, bool attached,
           struct linux_target **out)
{
	struct linux_target *lt = calloc(1, sizeof(*lt));
	struct bp_mem mem = {lmem_read_raw, lmem_write_raw, lt};
	int ret;

	if (!lt)
		return -ENOMEM;
	lt->base.ops = &linux_ops;
	lt->base.arch = cfg->arch ? cfg->arch : arch_native();
	lt->base.tdesc = cfg->tdesc;
	lt->pid = pid;
	lt->attached = attached;
	/* a kernel step that lands elsewhere than the next instruction is no step */
	lt->sw_step = cfg->sw_step || !lt->base.arch->hw_step ||
	              lprobe_host()->step == LPROBE_BROKEN;
	lt->spin_us = cfg->spin_us;
	lt->state = PROC_LIVE;
	lt->memfd = lt->tty_fd = -1;
	/* over stdio, our stdout is the protocol: dprintf output goes to stderr */
	lt->agent_out_fd = !cfg->stdio_transport ? STDOUT_FILENO
			   : cfg->output_fd > 0	 ? cfg->output_fd
						 : STDERR_FILENO;
	threads_init(&lt->threads);
	bp_table_init(&lt->bps, lt->base.arch->bp_insn, lt->base.arch->bp_len, &mem);
	lt->sigfd = open_sigchld_fd();
	ret = lt->sigfd < 0 ? lt->sigfd : lregs_init(lt);
	if (ret < 0) {
		lt->state = PROC_GONE;
		lt_destroy(&lt->base);
		return ret;
	}
	*out = lt;
	return 0;
}
