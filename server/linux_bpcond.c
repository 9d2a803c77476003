/*
 * linux_bpcond — target-side breakpoint conditions and commands for the
 * Linux target: the bp_cond group of target.h and the decision, when a
 * thread traps on one of gdb's breakpoints, whether gdb hears of it.
 *
 * Contract: conditions and commands are agent expressions (agent_expr.h)
 * evaluated against the trapping thread (its cached registers, the
 * process memory with our breakpoints hidden). As gdbserver does: the stop
 * is reported when any condition is true or there is none, and the
 * breakpoint has no commands; an expression that fails to evaluate counts
 * as true. Commands run only when the stop would otherwise be reported;
 * their printf output goes to agent_out_fd. A breakpoint that is not
 * reported is stepped displaced where the arch and the program allow it
 * (linux_displaced.h: the instruction runs in a scratch slot, no other
 * thread stops); otherwise it is stepped over in place: every other thread
 * is stopped, the original instruction is put back, the thread
 * single-steps it alone, the breakpoint goes back, and the threads that
 * were running run on. If another thread has something to report by then,
 * the trapping thread instead stays stopped on the breakpoint without an
 * event and simply traps again when gdb resumes it. The single step is the stepping
 * engine's (linux_step.h: by the kernel, or in software where the arch has
 * no hardware step or --step=sw); when even that cannot start, the stop is
 * reported and gdb steps over the breakpoint as it always does.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent_expr.h"
#include "debug.h"
#include "linux_step.h"
#include "linux_target.h"

static int bpcond_set(struct target *t, uint64_t addr,
                      const struct target_agent_expr *conds, size_t nconds,
                      const struct target_agent_expr *cmds, size_t ncmds, bool persist)
{
	struct linux_target *lt = to_lt(t);
	struct bp_expr c[nconds + 1], m[ncmds + 1];
	size_t i;

	if (lt->state != PROC_LIVE)
		return -ESRCH;
	for (i = 0; i < nconds; i++)
		c[i] = (struct bp_expr){conds[i].code, conds[i].len};
	for (i = 0; i < ncmds; i++)
		m[i] = (struct bp_expr){cmds[i].code, cmds[i].len};
	return bp_set_agent(&lt->bps, addr, c, nconds, m, ncmds, persist);
}

static void describe_step_overs(struct target *t, struct strbuf *out)
{
	ldisplaced_describe(to_lt(t), out);
}

const struct target_bp_cond_ops lbpcond_ops = {
        .set = bpcond_set,
        .describe_step_overs = describe_step_overs,
};

/* ---- evaluation ---- */

struct eval_ctx {
	struct linux_target *lt;
	struct lthread *th;
};

static int eval_reg(void *ctx, int regno, uint8_t *buf, size_t size)
{
	struct eval_ctx *e = ctx;
	size_t len;
	int ret;

	if (regno < 0 || (size_t)regno >= e->lt->nregno)
		return -ENOENT;
	len = e->lt->regno_map[regno].len;
	if (len > size)
		return -ENOTSUP;
	ret = lregs_read(e->lt, e->th, regno, buf);
	return ret < 0 ? ret : (int)len;
}

static int eval_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
	struct eval_ctx *e = ctx;
	ssize_t n = lmem_read(&e->lt->base, addr, buf, len);

	return n == (ssize_t)len ? 0 : n < 0 ? (int)n : -EFAULT;
}

static void eval_print(void *ctx, const char *text, size_t len)
{
	struct eval_ctx *e = ctx;
	ssize_t n;

	while (len) {
		n = write(e->lt->agent_out_fd, text, len);
		if (n <= 0 && errno != EINTR)
			return;
		if (n > 0) {
			text += n;
			len -= (size_t)n;
		}
	}
}

/* Any condition true (or failing to evaluate), or none at all. */
static bool any_condition(const struct bp_agent *a, const struct ax_env *env)
{
	uint64_t value;
	size_t i;
	int err;

	if (!a->nconds)
		return true;
	for (i = 0; i < a->nconds; i++) {
		err = ax_eval(a->exprs[i].code, a->exprs[i].len, env, &value);
		if (err) {
			debug(DBG_TARGET,
			      "breakpoint condition %zu: error %d, taken as true", i,
			      err);
			return true;
		}
		if (value)
			return true;
	}
	return false;
}

/* The commands, in order, up to the first that fails (as gdbserver). */
static void run_commands(const struct bp_agent *a, const struct ax_env *env)
{
	size_t i;
	int err;

	for (i = a->nconds; i < a->nconds + a->ncmds; i++) {
		err = ax_eval(a->exprs[i].code, a->exprs[i].len, env, NULL);
		if (err) {
			debug(DBG_TARGET, "breakpoint command %zu: error %d",
			      i - a->nconds, err);
			return;
		}
	}
}

/* ---- step-over ---- */

/* Threads that were running when the step-over began, and how. */
struct runner {
	pid_t tid;
	bool step;
};

static size_t save_runners(struct linux_target *lt, struct runner *r)
{
	size_t i, n = 0;

	for (i = 0; i < lt->threads.n; i++) {
		struct lthread *th = lt->threads.v[i];

		/* a displaced step ends as running; a thread waiting for a
		 * slot runs and traps on its breakpoint again */
		bool step = th->state == THREAD_STEPPING && th->disp.phase == TDISP_NONE;

		if (thread_is_running(th) || th->state == THREAD_NEW ||
		    th->disp.phase == TDISP_WAITING)
			r[n++] = (struct runner){th->tid, step};
	}
	return n;
}

static bool runner_has_event(struct linux_target *lt, const struct runner *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct lthread *th = threads_find(&lt->threads, r[i].tid);

		if (th && thread_has_event(th))
			return true;
	}
	return false;
}

static void resume_one(struct linux_target *lt, pid_t tid, bool step)
{
	struct lthread *th = threads_find(&lt->threads, tid);

	if (!th || th->state != THREAD_STOPPED || thread_has_event(th))
		return;
	lregs_flush(lt, th);
	if (step) /* its step breakpoints went with the stop: planted anew */
		lstep_start(lt, th, 0);
	else if (thread_set_state(th, THREAD_RUNNING, NULL) == 0)
		lswatch_run(lt, th, 0); /* failure: it died, its exit comes */
}

/*
 * Single-step th over the original instruction at bp_pc, every other thread
 * stopped. A step that ends in anything but its trap (a signal, a
 * watchpoint) leaves that event pending in th for gdb. 0 when done (or th
 * is gone), -errno when th cannot be single-stepped (it is still on the
 * breakpoint, stopped).
 */
static int step_alone(struct linux_target *lt, struct lthread *th, uint64_t bp_pc)
{
	const struct bp *b = bp_find(&lt->bps, bp_pc);
	struct thread_event ev;
	pid_t tid = th->tid;
	int status, ret;
	pid_t got;

	lmem_write_raw(lt, bp_pc, b->saved, b->len);
	ret = lstep_start(lt, th, 0);
	while (th && th->state == THREAD_STEPPING) {
		got = lwaitpid(tid, &status, __WALL);
		if (got == -EINTR)
			continue;
		if (got < 0)
			break;
		lhandle_status(lt, tid, status);
		th = threads_find(&lt->threads, tid);
	}
	if (lt->state == PROC_LIVE) {
		lstep_remove_all(lt); /* a software step's own breakpoints */
		b = bp_find(&lt->bps, bp_pc);
		if (b)
			lmem_write_raw(lt, bp_pc, b->insn, b->len);
	}
	/* the step's own end is no news for gdb */
	if (th && th->pending.kind == TEV_STEP)
		thread_take_event(th, &ev);
	return ret < 0 ? ret : 0;
}

static int cmp_tid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* The tids of every thread now known, sorted (for bsearch); NULL if out of
 * memory. */
static pid_t *known_tids(const struct linux_target *lt)
{
	pid_t *v = calloc(lt->threads.n + 1, sizeof(*v));
	size_t i;

	if (!v)
		return NULL;
	for (i = 0; i < lt->threads.n; i++)
		v[i] = lt->threads.v[i]->tid;
	qsort(v, lt->threads.n, sizeof(*v), cmp_tid);
	return v;
}

/*
 * Add to r[0..n) the threads that were born while the others were being
 * stopped (a running thread's clone, seen by lstop_all): they were not
 * known in `before` (nbefore sorted tids), and are to run on like the
 * thread that made them -- left out, one would stay in ptrace-stop for
 * good, and a program joining it would hang. r has room for every thread
 * now known. Returns the new n.
 */
static size_t add_newborn(const struct linux_target *lt, struct runner *r, size_t n,
			  const pid_t *before, size_t nbefore)
{
	size_t i;

	for (i = 0; i < lt->threads.n; i++) {
		pid_t tid = lt->threads.v[i]->tid;

		if (!bsearch(&tid, before, nbefore, sizeof(*before), cmp_tid))
			r[n++] = (struct runner){tid, false};
	}
	return n;
}

/*
 * Stop the others, step th past bp_pc, and let the threads that were
 * running run on (with those born meanwhile) -- unless one of them has
 * meanwhile got an event for gdb: then all stay stopped (th already past
 * the breakpoint) for its report.
 * False when th could not be stepped: it is to be reported.
 */
static bool step_over(struct linux_target *lt, struct lthread *th, uint64_t bp_pc)
{
	struct runner *r = calloc(lt->threads.n + 1, sizeof(*r));
	pid_t *before = known_tids(lt);
	size_t nbefore = lt->threads.n;
	pid_t tid = th->tid;
	size_t n, i;
	struct runner *grown;

	if (!r || !before)
		goto fail;
	n = save_runners(lt, r);
	lt->stepovers.in_place++;
	lt->stepping_over = true;
	lstop_all(lt);
	lt->stepping_over = false;
	grown = realloc(r, (n + lt->threads.n + 1) * sizeof(*r));
	if (!grown)
		goto fail;
	r = grown;
	n = add_newborn(lt, r, n, before, nbefore);
	th = threads_find(&lt->threads, tid);
	if (lt->state == PROC_LIVE && th && step_alone(lt, th, bp_pc) < 0)
		goto fail;
	debug(DBG_TARGET, "thread %d: stepped over breakpoint %#llx", tid,
	      (unsigned long long)bp_pc);
	if (lt->state == PROC_LIVE && !runner_has_event(lt, r, n)) {
		resume_one(lt, tid, false);
		for (i = 0; i < n; i++)
			resume_one(lt, r[i].tid, r[i].step);
	}
	free(before);
	free(r);
	return true;
fail:
	free(before);
	free(r);
	return false;
}

bool lbpcond_report(struct linux_target *lt, struct lthread *th, uint64_t bp_pc)
{
	const struct bp *b = bp_find(&lt->bps, bp_pc);
	struct eval_ctx ctx = {lt, th};
	struct ax_env env = {eval_reg, eval_mem, eval_print, &ctx, false};
	const struct bp_agent *a = b ? b->agent : NULL;
	bool holds;

	/* a thread gdb single-steps always reports, as a step would */
	if (!a || th->state == THREAD_STEPPING)
		return true;
	holds = any_condition(a, &env);
	if (holds && !a->ncmds)
		return true;
	if (th->state != THREAD_RUNNING || lt->stepping_over) {
		/* being stopped anyway, or another thread steps over now: stay
		 * on the breakpoint without an event and trap again when resumed
		 * (the commands run then) */
		debug(DBG_TARGET, "thread %d: breakpoint %#llx deferred", th->tid,
		      (unsigned long long)bp_pc);
		thread_set_state(th, THREAD_STOPPED, NULL);
		return false;
	}
	if (holds)
		run_commands(a, &env);
	debug(DBG_TARGET, "thread %d: breakpoint %#llx not reported", th->tid,
	      (unsigned long long)bp_pc);
	thread_set_state(th, THREAD_STOPPED, NULL);
	if (ldisplaced_start(lt, th, bp_pc))
		return false;
	/* no single-step (or no memory): gdb gets the stop and steps over */
	return !step_over(lt, th, bp_pc);
}
