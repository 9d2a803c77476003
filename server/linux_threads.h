/*
 * linux_threads — the thread table of one traced process and each thread's
 * state machine.
 *
 * Contract: a thread has exactly one state and one pending-event slot, and
 * both change only through thread_set_state(), which refuses (-EINVAL, and a
 * DBG_TARGET trace) any transition not drawn below:
 *
 *   NEW ------(initial stop, process running)-----> RUNNING
 *   NEW --------(stop_all)--------> STOPPING ----(stop seen)----> STOPPED
 *   RUNNING / STEPPING --(PTRACE_INTERRUPT)--> STOPPING
 *   RUNNING / STEPPING / STOPPING --(event)--> STOPPED (+ pending event)
 *   STOPPED --(resume, no pending event)--> RUNNING / STEPPING
 *   STEPPING --(its displaced step ended: linux_displaced.h)--> RUNNING
 *   any --(exit seen)--> EXITED (then removed from the table)
 *
 * A pending event may only be set when entering STOPPED and is cleared when
 * it is reported (thread_take_event). Threads with a pending event are never
 * resumed. Each event carries the sequence number it was recorded with, so
 * the all-stop policy can tell events of the last resume from older ones
 * kept for threads gdb has not resumed since. No ptrace here.
 */
#ifndef RSTUB_LINUX_THREADS_H
#define RSTUB_LINUX_THREADS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "arch/arch.h"
#include "arch/regmap.h"
#include "range_exits.h"

enum thread_state {
	THREAD_NEW,      /* clone seen, initial stop not yet; runs once it comes */
	THREAD_RUNNING,  /* continued */
	THREAD_STEPPING, /* single-stepped */
	THREAD_STOPPING, /* a stop was requested (or initial stop awaited) */
	THREAD_STOPPED,  /* in ptrace-stop and known to us */
	THREAD_EXITED,   /* gone; about to leave the table */
};

enum thread_event_kind {
	TEV_NONE,
	TEV_SIGNAL,  /* stopped with signal `sig` (0: by request) */
	TEV_SWBREAK, /* hit one of our breakpoints at `pc`; PC already rewound */
	TEV_STEP,    /* single-step finished */
	TEV_EXEC,    /* execve finished; the thread group is this thread alone */
	TEV_HWBREAK, /* hit a hardware breakpoint at `pc` (linux_hwbp.c) */
	TEV_WATCH,   /* a write watchpoint fired; `pc` is the data address */
	TEV_AWATCH,  /* an access watchpoint fired; `pc` is the data address */
	TEV_RWATCH,  /* a read watchpoint fired; `pc` is the data address */
};

struct thread_event {
	enum thread_event_kind kind;
	int sig;
	uint64_t pc; /* TEV_SWBREAK, TEV_HWBREAK: the breakpoint address */
	unsigned long seq; /* when it was recorded (linux_target.event_seq) */
};

/* RS_PARTIAL: clean, but only the regset's read_size bytes were fetched */
enum regset_state { RS_INVALID, RS_PARTIAL, RS_CLEAN, RS_DIRTY };

enum { THREAD_DEFERRED_SIGNALS = 8 };

/* linux_range: a range step (vCont;r) of one thread. */
struct lrange {
	bool on; /* the thread's step is a range step of [start, end) */
	uint64_t start, end;
	int walked; /* 0: exits not looked for yet; 1: found; -errno: none */
	struct range_exits exits;
	bool planted;    /* the exits are planted (owned in step_bp) */
	uint64_t lifted; /* the step breakpoint whose original instruction is
	                    back in memory while the thread steps it (0: none) */
	/* --debug=step counts since lrange_set: runs to an exit, and
	 * instructions stepped one at a time */
	unsigned long runs, singles;
};

struct lthread {
	pid_t tid;
	enum thread_state state;
	struct thread_event pending;
	/* register cache, valid for the current stop only */
	enum regset_state rs_state[REGSET_MAX];
	uint8_t *rs_buf[REGSET_MAX];
	unsigned hw_gen; /* linux_hwbp: debug registers as of this mirror change */
	/* signals gdb asked to deliver with a resume that did not happen (an
	 * event was pending): delivered, oldest first, by the next resumes */
	int deferred_sig[THREAD_DEFERRED_SIGNALS];
	int ndeferred;
	/* linux_step: the step breakpoints this thread owns while it is
	 * software-stepped or range-stepped (nstep_bp of them, room for
	 * step_bp_alloc), and hw_stepping when the kernel steps it now
	 * (kept into STOPPING, false once it runs) */
	uint64_t *step_bp;
	unsigned nstep_bp, step_bp_alloc;
	bool hw_stepping;
	struct lrange range;
	/* linux_step: a signal that stopped the thread once its software step
	 * had ended; the step is reported first and the signal at its next
	 * resume, as the kernel does with a hardware step (0: none) */
	int late_sig;
	/* linux_step: where the thread is held (STOPPED, unreported) at
	 * another thread's step breakpoint, when it was running or stepping
	 * (then with its own step breakpoints still planted); 0: not held.
	 * held_stepping: it was stepping, and steps on when released. */
	uint64_t held_at;
	bool held_stepping;
	/* linux_swatch: the PC its step under an emulated watch started
	 * from (0: not known), and the access-watched regions (bit i: region
	 * i) the instruction there may touch */
	uint64_t swatch_from;
	uint32_t swatch_access;
	/* linux_displaced: a displaced step of a false condition, in slot
	 * disp.slot; STEPPING (then STOPPING if interrupted) while on */
	struct {
		enum {
			TDISP_NONE,
			TDISP_STEPPING, /* the relocated instruction is stepped */
			TDISP_DRAIN,    /* done; its step trap is still to be taken */
			TDISP_WAITING,  /* STOPPED on the breakpoint, unreported,
			                 * until a slot frees */
		} phase;
		unsigned slot;
	} disp;
};

struct thread_table {
	struct lthread **v;
	size_t n, alloc;
};

const char *thread_state_name(enum thread_state s);
/* Change state (and the pending slot: ev may be NULL = none). 0 or -EINVAL. */
int thread_set_state(struct lthread *th, enum thread_state next,
                     const struct thread_event *ev);
/* Copy the pending event out and clear the slot; false when there is none. */
bool thread_take_event(struct lthread *th, struct thread_event *out);
bool thread_has_event(const struct lthread *th);
/* Running or stepping: the kernel may report it at any time. */
bool thread_is_running(const struct lthread *th);

/* Keep `sig` for the thread's next resume; false when the queue is full. */
bool thread_defer_signal(struct lthread *th, int sig);
/* The signal to deliver with a resume that asks for `sig`: the oldest
 * deferred one first (then `sig` is deferred in turn), else `sig`. */
int thread_resume_signal(struct lthread *th, int sig);

void threads_init(struct thread_table *tt);
/* Add tid in `state` (NEW, RUNNING, STOPPING or STOPPED); NULL when out of memory. */
struct lthread *threads_add(struct thread_table *tt, pid_t tid, enum thread_state state);
struct lthread *threads_find(const struct thread_table *tt, pid_t tid);
/* Move to EXITED and free; the table order of the others may change. */
void threads_remove(struct thread_table *tt, pid_t tid);
void threads_clear(struct thread_table *tt);
size_t threads_count_state(const struct thread_table *tt, enum thread_state s);
bool threads_any_running(const struct thread_table *tt);
bool threads_any_event(const struct thread_table *tt);

#endif
