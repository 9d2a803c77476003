/*
 * rsp_exec — execution control: ? vCont? vCont c C s S k vKill D.
 *
 * Extended remote: ! vRun vAttach R.
 *
 * Contract: a resume sends no reply; the stop reply comes later through
 * rsp_target_event(). Kill and detach end the target; a plain session then
 * ends, an extended one (after `!') waits for the next vRun or vAttach.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "arch/arch.h"
#include "launch.h"
#include "debug.h"
#include "gdb_signals.h"
#include "rsp.h"
#include "tdesc.h"

static int halt_reason(struct rsp_session *s)
{
	/* no process ever (extended-remote before `run'): as gdbserver */
	if (!s->target && (s->last_stop.kind == TARGET_STOP_SIGNAL || !s->last_stop.pid)) {
		rsp_send_str(s, "W00");
		return 0;
	}
	rsp_send_stop(s, &s->last_stop);
	return 0;
}

/* A new process to debug (vRun, vAttach, R): it becomes the session's. */
static void adopt(struct rsp_session *s, struct target *t, const struct target_stop *first)
{
	s->target = t;
	s->last_stop = *first;
	s->g_thread = first->tid;
	s->c_thread = 0;
	t->ops->set_pass_signals(t, s->pass);
}

/* Kill the current process, if any, before starting another. */
static void drop_target(struct rsp_session *s)
{
	if (!s->target)
		return;
	s->target->ops->kill(s->target);
	s->target->ops->destroy(s->target);
	s->target = NULL;
}

static int start_program(struct rsp_session *s)
{
	struct target_stop first;
	struct target *t;
	int err;

	drop_target(s);
	err = launch_start(s->launch, &t, &first);
	if (err)
		return err;
	fprintf(stderr, "Process %s created; pid = %d\n", launch_program(s->launch),
		(int)t->ops->pid(t));
	adopt(s, t, &first);
	return 0;
}

static int run(struct rsp_session *s, const struct rsp_request *r)
{
	int err;

	if (!s->launch)
		return -ENOSYS;
	if (!s->extended) /* as gdbserver: `run' belongs to extended-remote */
		return -EPERM;
	err = launch_set_args(s->launch, r->u.run.args, r->u.run.len, r->u.run.argc);
	if (!err)
		err = start_program(s);
	if (err)
		return err;
	rsp_send_stop(s, &s->last_stop);
	return 0;
}

static int attach(struct rsp_session *s, const struct rsp_request *r)
{
	struct target_stop first;
	struct target *t;
	int err;

	if (!s->launch)
		return -ENOSYS;
	if (s->target)
		return -EBUSY;
	err = linux_target_attach(&s->launch->cfg, (pid_t)r->u.pid, &t, &first);
	if (err)
		return err;
	fprintf(stderr, "Attached; pid = %d\n", (int)r->u.pid);
	adopt(s, t, &first);
	rsp_send_stop(s, &s->last_stop);
	return 0;
}

/* R: start the last program again; no reply (gdb asks `?'). */
static int restart(struct rsp_session *s)
{
	if (!s->extended || !s->launch)
		return -ESHUTDOWN;
	fprintf(stderr, "rstub restarting\n");
	if (start_program(s))
		debug(DBG_RSP, "restart: %s could not be started", launch_program(s->launch));
	return -ESHUTDOWN; /* no reply either way */
}

static pid_t action_thread(const struct rsp_resume_action *a)
{
	if (a->ptid.tid == RSP_ID_ALL || a->ptid.tid == RSP_ID_ANY)
		return -1;
	return (pid_t)a->ptid.tid;
}

static enum target_resume_kind resume_kind(char action)
{
	switch (action) {
	case 's':
		return TARGET_RESUME_STEP;
	case 'r':
		return TARGET_RESUME_RANGE;
	case 't':
		return TARGET_RESUME_STOP;
	default:
		return TARGET_RESUME_CONTINUE;
	}
}

/* Legacy c/s/C/S act on the Hc thread (stepping it) and continue the rest. */
static size_t legacy_actions(struct rsp_session *s, const struct rsp_resume_action *a,
			     struct target_resume *out)
{
	struct rsp_ptid hc = { RSP_ID_ANY, s->c_thread ? s->c_thread : RSP_ID_ANY };
	pid_t tid = rsp_resolve_thread(s, &hc);

	out[0].tid = tid ? tid : -1;
	out[0].kind = resume_kind(a->action);
	out[0].sig = gdb_signal_to_host(a->gdb_signal);
	out[0].start = out[0].end = 0;
	out[1].tid = -1;
	out[1].kind = TARGET_RESUME_CONTINUE;
	out[1].sig = 0;
	out[1].start = out[1].end = 0;
	return 2;
}

static int set_resume_pc(struct rsp_session *s, uint64_t addr)
{
	const struct tdesc_reg *pc = tdesc_find_reg(s->target->tdesc, s->target->arch->pc_reg);
	struct rsp_ptid any = { RSP_ID_ANY, RSP_ID_ANY };
	uint8_t buf[8];

	if (!pc || pc->bitsize / 8 > (int)sizeof(buf))
		return -EINVAL;
	memcpy(buf, &addr, sizeof(buf)); /* little-endian targets only, for now */
	return s->target->ops->reg_write(s->target, rsp_resolve_thread(s, &any), pc->regnum,
					 buf);
}

static int resume(struct rsp_session *s, const struct rsp_request *r)
{
	struct target_resume acts[RSP_MAX_VCONT_ACTIONS + 1];
	size_t n = 0;
	int err;

	if (r->u.resume.legacy) {
		n = legacy_actions(s, &r->u.resume.act[0], acts);
	} else {
		for (; n < r->u.resume.nact; n++) {
			const struct rsp_resume_action *a = &r->u.resume.act[n];

			acts[n].tid = action_thread(a);
			acts[n].kind = resume_kind(a->action);
			acts[n].sig = gdb_signal_to_host(a->gdb_signal);
			acts[n].start = a->start;
			acts[n].end = a->end;
		}
	}
	if (r->u.resume.has_addr) {
		err = set_resume_pc(s, r->u.resume.addr);
		if (err)
			return err;
	}
	err = s->target->ops->resume(s->target, acts, n);
	if (err)
		return err;
	s->running = true;
	/* a stop that was already pending is reported without a wake-up */
	rsp_target_event(s);
	return 0;
}

/* `k` has no reply (gdb does not wait for one) but for lldb, which waits for
 * the exit status; `vKill` is answered OK. */
static int kill_process(struct rsp_session *s, bool vkill)
{
	int err = s->target->ops->kill(s->target);

	if (err)
		debug(DBG_RSP, "kill: %s", strerror(-err));
	s->target->ops->destroy(s->target);
	s->target = NULL;
	s->last_stop.kind = TARGET_STOP_KILLED;
	s->last_stop.sig = SIGKILL;
	if (!s->extended)
		s->end = RSP_END_KILLED;
	if (vkill)
		rsp_send_ok(s);
	else if (s->lldb)
		rsp_send_stop(s, &s->last_stop);
	return 0;
}

static int detach(struct rsp_session *s)
{
	int err = s->target->ops->detach(s->target);

	if (err)
		return err;
	s->target->ops->destroy(s->target);
	s->target = NULL;
	s->last_stop.kind = TARGET_STOP_EXITED;
	s->last_stop.status = 0;
	if (!s->extended)
		s->end = RSP_END_DETACHED;
	rsp_send_ok(s);
	return 0;
}

int rsp_handle_exec(struct rsp_session *s, const struct rsp_request *r)
{
	if (r->kind == REQ_HALT_REASON)
		return halt_reason(s);
	if (r->kind == REQ_VCONT_QUERY) {
		/* without s/S gdb steps by breakpoints itself (ARM, no sw-step) */
		bool step = s->kind->can_step() && !(s->disabled & RSP_DISABLE_VCONT_STEP);

		rsp_send_str(s, step ? "vCont;c;C;s;S;t;r" : "vCont;c;C;t");
		return 0;
	}
	switch (r->kind) {
	case REQ_EXTENDED:
		s->extended = true;
		rsp_send_ok(s);
		return 0;
	case REQ_RUN:
		return run(s, r);
	case REQ_ATTACH:
		return attach(s, r);
	case REQ_RESTART:
		return restart(s);
	default:
		break;
	}
	if (!s->target)
		return r->kind == REQ_KILL && r->u.pid == -1 ? -ESHUTDOWN : -ESRCH;
	switch (r->kind) {
	case REQ_RESUME:
		return resume(s, r);
	case REQ_KILL:
		return kill_process(s, r->u.pid != -1);
	case REQ_DETACH:
		return detach(s);
	default:
		return -ENOSYS;
	}
}
