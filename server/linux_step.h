/*
 * linux_step — the stepping engine of the Linux target: one instruction of
 * one thread, by the kernel (PTRACE_SINGLESTEP, the "hardware" step) or in
 * software (the arch's next_pcs(), a temporary breakpoint at every possible
 * next PC, PTRACE_CONT). --step=hw|sw picks the strategy where the arch has
 * both (x86-64, default hw); an arch without hw_step (32-bit ARM) always
 * steps in software. An instruction the software step cannot decode is
 * stepped by the kernel when it can, else the thread stops with SIGILL.
 *
 * Contract:
 *  - A stepped thread is THREAD_STEPPING whatever the strategy;
 *    lthread.hw_stepping says which one its current step uses.
 *  - Step breakpoints live in the process's breakpoint table with owner
 *    BP_OWNER_STEP, so memory reads already show the original bytes and a
 *    gdb breakpoint at the same address shares the planted instruction.
 *    Which thread owns which address is in that thread (lthread.step_bp);
 *    one address may serve two stepped threads.
 *  - They are planted before the thread runs and removed only while no
 *    other thread runs: lstop_all() removes them all once every thread has
 *    stopped (the step ended, or was interrupted); a thread that exits
 *    mid-step has its own removed by lstep_drop_thread(), which pauses the
 *    other threads for the removal and lets them go on as they were.
 *  - A thread that traps on a step breakpoint it does not own (and gdb has
 *    none there) is foreign: its PC goes back onto the original instruction
 *    and it is held (STOPPED, no event, nothing reported). It runs that
 *    instruction when gdb resumes it next, after the step has ended and the
 *    breakpoint is gone: in all-stop every thread stops at a step's end, so
 *    a held thread waits at most until then. The price: a step that does
 *    not end soon (a blocking syscall) keeps the held threads waiting until
 *    it ends or gdb interrupts.
 *  - A range step (vCont;r, linux_range.c) is a step that goes on, without
 *    a report, while the thread's PC stays in its range: the thread stays
 *    STEPPING throughout. On x86-64 the range's exits (range_exits.h) get
 *    step breakpoints and the thread runs (PTRACE_CONT, hw_stepping
 *    false); at an exit in the range, that one instruction is stepped with
 *    its original bytes put back meanwhile (lrange.lifted). Elsewhere, and
 *    when the exits cannot be found, it steps instruction by instruction.
 *    The range survives lstop_all(): a thread linux_bpcond restarts with
 *    lstep_start() goes on with its range.
 * Functions return 0 or -errno.
 */
#ifndef RSTUB_LINUX_STEP_H
#define RSTUB_LINUX_STEP_H

#include "linux_target.h"

/*
 * Step th (STOPPED, no pending event, registers flushed by the caller or
 * not) one instruction, delivering sig first; th becomes STEPPING. When the
 * step cannot start (software step of an instruction that cannot be
 * decoded, no hardware step), th stays STOPPED with a SIGILL event instead
 * and lstep_start returns 0: the event is reported as usual.
 */
int lstep_start(struct linux_target *lt, struct lthread *th, int sig);
/* Let STEPPING th go on with its step after a stop gdb does not see. */
int lstep_resume(struct linux_target *lt, struct lthread *th, int sig);

/*
 * th stopped for signal sig (not SIGTRAP). True when th is software-stepped
 * and already at one of its next PCs: the instruction ran, the step has
 * ended, and sig came after it. sig is then kept in th->late_sig for
 * lstep_settle_late_signal(); the caller reports the step.
 */
bool lstep_late_signal(struct linux_target *lt, struct lthread *th, int sig);
/*
 * th (no pending event) is about to be resumed: a late signal it holds is
 * reported now (a pending TEV_SIGNAL; true, th must not run) or, when gdb
 * passes it (QPassSignals), delivered with this resume (false).
 */
bool lstep_settle_late_signal(struct linux_target *lt, struct lthread *th);

enum lstep_hit {
	LSTEP_HIT_GDB,     /* a gdb breakpoint (maybe also a step one): report it */
	LSTEP_HIT_OWN,     /* th's own step breakpoint: its step has ended */
	LSTEP_HIT_FOREIGN, /* another thread's step breakpoint only: hold th */
};
/* th trapped on planted breakpoint b: whose is it? */
enum lstep_hit lstep_classify(const struct linux_target *lt, const struct lthread *th,
                              const struct bp *b);
/* Hold th (its PC already back on b's address): STOPPED, no event. */
void lstep_hold(struct linux_target *lt, struct lthread *th, uint64_t addr);

/* Every thread is stopped: remove every step breakpoint, forget them (and
 * which threads were held: they are plain stopped threads now). */
void lstep_remove_all(struct linux_target *lt);
/*
 * th is gone (its exit seen, or a zombie leader dropped): take it out of
 * the thread table. Its step breakpoints that no other thread needs are
 * removed with every other thread paused; those threads, and those held
 * at the removed breakpoints, go on afterwards as they were going (unless
 * an event came in the meantime: it stays pending, for the caller's usual
 * all-stop handling).
 */
void lstep_drop_thread(struct linux_target *lt, struct lthread *th);
/* The process image was replaced (exec): th's step breakpoints went with it. */
void lstep_forget(struct lthread *th);

/* ---- for linux_range.c ---- */

/* What arch decoders may read of stopped th: memory with the planted
 * breakpoints hidden, and its registers. */
struct lstep_decode {
	struct linux_target *lt;
	struct lthread *th;
};
void lstep_decode_ctx(struct lstep_decode *dc, struct linux_target *lt,
                      struct lthread *th, struct arch_step_ctx *c);
/* Is addr one of th's step breakpoints? */
bool lstep_owns(const struct lthread *th, uint64_t addr);
/* Does a thread other than except (NULL: any) own a step breakpoint at addr? */
bool lstep_needed(const struct linux_target *lt, const struct lthread *except,
                  uint64_t addr);
/* Give th a step breakpoint (insn) at addr, or put the instruction back in
 * memory when th already owns one there. */
int lstep_plant(struct linux_target *lt, struct lthread *th, uint64_t addr,
                const uint8_t *insn, size_t len);
/* Step breakpoints at every next PC of the instruction at th's PC; -EBUSY
 * (some maybe planted) when one of them is `avoid` (0: none). */
int lstep_plant_next_pcs(struct linux_target *lt, struct lthread *th, uint64_t avoid);
/*
 * Choose how th's next resume steps one instruction and prepare it: by the
 * kernel, or with step breakpoints at its next PCs (never at `avoid`); the
 * kernel also where the software step cannot decode and the arch can.
 * Sets th->hw_stepping; the caller flushes registers and resumes. -errno
 * (-EBUSY: a next PC is `avoid`) when neither way can step it.
 */
int lstep_arm(struct linux_target *lt, struct lthread *th, uint64_t avoid);

/* ---- range stepping (linux_range.c) ---- */

/* th's next step (lstep_start) is a range step of [start, end). */
void lrange_set(struct lthread *th, uint64_t start, uint64_t end);
/* th's next step or resume is no range step. */
void lrange_clear(struct lthread *th);
/* th's range starts over: nothing of it is planted (its step breakpoints
 * were removed, or none were planted yet). */
void lrange_restart(struct lthread *th);
/*
 * th (in ptrace-stop) has ended a step: the kernel's trap, or one of its
 * own step breakpoints (PC back on it). True when th range-steps, its PC is
 * still in the range and it has been let go on (no event); false: report
 * the step (the range is over).
 */
bool lrange_step_ended(struct linux_target *lt, struct lthread *th);

#endif
