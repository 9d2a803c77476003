/* linux_threads — thread table and state machine; see linux_threads.h. */
#include "linux_threads.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "debug.h"

static const char *const state_names[] = {
        [THREAD_NEW] = "NEW",           [THREAD_RUNNING] = "RUNNING",
        [THREAD_STEPPING] = "STEPPING", [THREAD_STOPPING] = "STOPPING",
        [THREAD_STOPPED] = "STOPPED",   [THREAD_EXITED] = "EXITED",
};

const char *thread_state_name(enum thread_state s)
{
	return s <= THREAD_EXITED ? state_names[s] : "?";
}

/* legal[from] is the set of states reachable from `from`. */
#define BIT(s) (1u << (s))
static const unsigned legal[] = {
        [THREAD_NEW] = BIT(THREAD_RUNNING) | BIT(THREAD_STOPPING) | BIT(THREAD_STOPPED),
        [THREAD_RUNNING] =
                BIT(THREAD_RUNNING) | BIT(THREAD_STOPPING) | BIT(THREAD_STOPPED),
        [THREAD_STEPPING] = BIT(THREAD_STEPPING) | BIT(THREAD_STOPPING) |
                            BIT(THREAD_STOPPED) | BIT(THREAD_RUNNING),
        [THREAD_STOPPING] = BIT(THREAD_STOPPING) | BIT(THREAD_STOPPED),
        [THREAD_STOPPED] =
                BIT(THREAD_RUNNING) | BIT(THREAD_STEPPING) | BIT(THREAD_STOPPED),
        [THREAD_EXITED] = 0,
};

static const char *const event_names[] = {"none", "signal",  "swbreak", "step",
                                          "exec", "hwbreak", "watch",   "awatch"};

int thread_set_state(struct lthread *th, enum thread_state next,
                     const struct thread_event *ev)
{
	enum thread_state prev = th->state;
	bool ok = next == THREAD_EXITED || (legal[prev] & BIT(next));

	if (ev && ev->kind != TEV_NONE && next != THREAD_STOPPED)
		ok = false;
	if (next != THREAD_STOPPED && next != THREAD_EXITED && thread_has_event(th))
		ok = false; /* a pending event must be reported first */
	if (!ok) {
		debug(DBG_TARGET, "thread %d: illegal %s -> %s", th->tid,
		      thread_state_name(prev), thread_state_name(next));
		return -EINVAL;
	}
	if (ev && ev->kind != TEV_NONE)
		th->pending = *ev;
	if (next == THREAD_RUNNING)
		th->hw_stepping = false; /* it says how a step goes: none now */
	th->state = next;
	if (prev != next || (ev && ev->kind != TEV_NONE))
		debug(DBG_TARGET, "thread %d: %s -> %s%s%s sig %d", th->tid,
		      thread_state_name(prev), thread_state_name(next),
		      ev && ev->kind ? ", pending " : "",
		      ev && ev->kind ? event_names[ev->kind] : "", ev ? ev->sig : 0);
	return 0;
}

bool thread_take_event(struct lthread *th, struct thread_event *out)
{
	if (!thread_has_event(th))
		return false;
	*out = th->pending;
	memset(&th->pending, 0, sizeof(th->pending));
	debug(DBG_TARGET, "thread %d: event %s taken", th->tid, event_names[out->kind]);
	return true;
}

bool thread_has_event(const struct lthread *th)
{
	return th->pending.kind != TEV_NONE;
}

bool thread_is_running(const struct lthread *th)
{
	return th->state == THREAD_RUNNING || th->state == THREAD_STEPPING;
}

void threads_init(struct thread_table *tt)
{
	memset(tt, 0, sizeof(*tt));
}

bool thread_defer_signal(struct lthread *th, int sig)
{
	if (th->ndeferred == THREAD_DEFERRED_SIGNALS)
		return false;
	th->deferred_sig[th->ndeferred++] = sig;
	return true;
}

int thread_resume_signal(struct lthread *th, int sig)
{
	int first;

	if (!th->ndeferred)
		return sig;
	first = th->deferred_sig[0];
	memmove(th->deferred_sig, th->deferred_sig + 1,
	        (size_t)(th->ndeferred - 1) * sizeof(th->deferred_sig[0]));
	th->ndeferred--;
	if (sig)
		thread_defer_signal(th, sig);
	return first;
}

struct lthread *threads_add(struct thread_table *tt, pid_t tid, enum thread_state state)
{
	struct lthread *th;

	if (tt->n == tt->alloc) {
		size_t n = tt->alloc ? 2 * tt->alloc : 8;
		struct lthread **v = realloc(tt->v, n * sizeof(*v));

		if (!v)
			return NULL;
		tt->v = v;
		tt->alloc = n;
	}
	th = calloc(1, sizeof(*th));
	if (!th)
		return NULL;
	th->tid = tid;
	th->state = state;
	tt->v[tt->n++] = th;
	debug(DBG_TARGET, "thread %d: added %s", tid, thread_state_name(state));
	return th;
}

struct lthread *threads_find(const struct thread_table *tt, pid_t tid)
{
	size_t i;

	for (i = 0; i < tt->n; i++) {
		if (tt->v[i]->tid == tid)
			return tt->v[i];
	}
	return NULL;
}

static void thread_free(struct lthread *th)
{
	size_t i;

	for (i = 0; i < REGSET_MAX; i++)
		free(th->rs_buf[i]);
	free(th->step_bp);
	range_exits_free(&th->range.exits);
	free(th);
}

void threads_remove(struct thread_table *tt, pid_t tid)
{
	size_t i;

	for (i = 0; i < tt->n; i++) {
		struct lthread *th = tt->v[i];

		if (th->tid != tid)
			continue;
		memset(&th->pending, 0, sizeof(th->pending));
		thread_set_state(th, THREAD_EXITED, NULL);
		thread_free(th);
		memmove(&tt->v[i], &tt->v[i + 1], (tt->n - i - 1) * sizeof(tt->v[0]));
		tt->n--;
		return;
	}
}

void threads_clear(struct thread_table *tt)
{
	while (tt->n)
		threads_remove(tt, tt->v[tt->n - 1]->tid);
	free(tt->v);
	threads_init(tt);
}

size_t threads_count_state(const struct thread_table *tt, enum thread_state s)
{
	size_t i, n = 0;

	for (i = 0; i < tt->n; i++)
		n += tt->v[i]->state == s;
	return n;
}

bool threads_any_running(const struct thread_table *tt)
{
	size_t i;

	for (i = 0; i < tt->n; i++) {
		if (thread_is_running(tt->v[i]))
			return true;
	}
	return false;
}

bool threads_any_event(const struct thread_table *tt)
{
	size_t i;

	for (i = 0; i < tt->n; i++) {
		if (thread_has_event(tt->v[i]))
			return true;
	}
	return false;
}
