/*
 * linux_displaced — displaced stepping of a breakpoint whose condition is
 * false, without stopping the other threads.
 *
 * Contract:
 *  - Scratch area: a page of the program's own (LDISP_SLOTS slots of
 *    ARCH_DISPLACED_MAX bytes), mapped read and execute only by the first
 *    thread that needs a slot, through a system call run for rstub
 *    (linux_inject.c); it shows in the program's /proc/PID/maps as an
 *    anonymous page, is inherited by forks and forgotten at exec. Far from
 *    the entry point, where gdb places its own displaced steps in non-stop
 *    mode (entry + 2 x breakpoint length) and its dummy frames' breakpoint.
 *    Where no page can be mapped (no system-call instruction in the vDSO,
 *    a seccomp filter): LDISP_ENTRY_SLOTS slots from AT_ENTRY + 1, as gdb
 *    did before (_start never runs again): 32 bytes, glibc's x86-64
 *    _start is 34 bytes (38 with endbr64), musl's is 22 bytes followed by
 *    _start_c, which runs once too. A slot holds its original
 *    bytes whenever no thread steps in it: the relocated instruction is
 *    written before the step and the saved bytes put back after it, so
 *    detach and kill find nothing to undo, and exec or the process exit
 *    only forget the slots. While a slot is in use, reads through the
 *    target (gdb's, the agent-expression evaluator's) show the saved
 *    bytes. Writes into a busy slot do not happen: gdb writes memory only
 *    when every thread is stopped, and a stop ends every displaced step.
 *  - ldisplaced_start() is the fast path of a false condition: th (STOPPED
 *    on gdb's breakpoint at bp_pc, PC rewound) gets the relocated
 *    instruction in a free slot, its scratch register and PC set, and is
 *    single-stepped alone: STEPPING with th->disp.phase TDISP_STEPPING. No
 *    other thread is touched. False (nothing changed; the caller steps
 *    over in place with every thread stopped) when the arch has no
 *    displaced_prepare, --step=sw, no AT_ENTRY, the instruction is refused,
 *    a breakpoint lies in the slot, or no slot is free and LDISP_WAITERS
 *    threads already wait for one; otherwise a thread that finds no free
 *    slot waits, stopped (TDISP_WAITING), and takes the next slot freed.
 *  - ldisplaced_stop() sees every stop of such a thread first. Its step
 *    trap with the PC still on the slot (a rep string instruction between
 *    iterations) steps again; with the PC elsewhere the fixups are applied
 *    (PC relocated, return address of a call, scratch register back) and
 *    th runs on (STEPPING -> RUNNING). Any other stop ends the step first:
 *    completed (PC off the slot) it is fixed up as above, not completed
 *    the PC goes back to bp_pc (the thread traps there again later and
 *    the condition is evaluated again) and the scratch register is
 *    restored; then the stop is handled as the stop of a running thread.
 *    A requested stop (PTRACE_EVENT_STOP) that overtook the step's own
 *    SIGTRAP (still pending: /proc SigPnd) lets the thread take it first
 *    (TDISP_DRAIN, still STOPPING); the trap is swallowed and the thread
 *    stopped. So no thread is ever seen with its PC in a slot.
 *  - A system call (arch syscall_insn_len; not one that starts a thread or
 *    process, execs or restores a PC: syscall_displaceable) is stepped at
 *    a copy of its instruction in the vDSO, which holds some for its own
 *    fallbacks, instead of in a slot: nothing is written, so any number
 *    (LDISP_SYSCALLS) may block at once while the other threads run on
 *    and the server serves gdb; afterwards the PC and the register the
 *    instruction left holding the address after it (x86 rcx) are
 *    relocated. A call interrupted by a stop ends its step there (PC just
 *    after the original instruction, where the kernel restarts it from).
 *    Without kernel steps (--step=sw): only system calls are displaced, in
 *    a slot of rstub's page with a breakpoint instruction after the call;
 *    the thread runs (PTRACE_CONT) until it traps there (no page, as on
 *    ARM today: stepped in place).
 * Functions return 0 / -errno, predicates bool.
 */
#ifndef RSTUB_LINUX_DISPLACED_H
#define RSTUB_LINUX_DISPLACED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "arch/arch.h"
#include "strbuf.h"

/* LDISP_WAITERS: threads that may wait for a slot; the next one steps over
 * in place with every thread stopped, which also slows down a program
 * that keeps new threads coming to the breakpoint faster than the slots
 * serve them (without the bound they piled up by the hundred). */
enum {
	LDISP_PAGE = 4096,      /* the page rstub maps for the slots */
	LDISP_SLOTS = 64,       /* slots in it */
	LDISP_ENTRY_SLOTS = 2,  /* slots at the entry point, where no page */
	LDISP_SYSCALLS = 16,
	LDISP_WAITERS = 16,
};

struct ldisp_slot {
	pid_t tid; /* the thread stepping here, 0: free */
	struct arch_displaced plan;
	uint64_t scratch_saved;
	size_t written;	    /* bytes written at plan.to (0 in the vDSO) */
	bool by_breakpoint; /* ends at a breakpoint after the instruction */
	uint8_t saved[ARCH_DISPLACED_MAX]; /* the original bytes, `written` */
};

/* Step-overs of unreported breakpoints since the target started. */
struct lstepover_stats {
	unsigned long displaced, syscalls; /* in a slot; system calls in the vDSO */
	unsigned long waits;		   /* a thread waited for a free slot */
	unsigned long in_place;		   /* every thread stopped (linux_bpcond) */
};

struct ldisplaced {
	int probed;    /* 0: not yet; 1: area valid; -errno: no displaced steps */
	uint64_t area; /* slot 0's address */
	unsigned nslots; /* in the area: LDISP_SLOTS or LDISP_ENTRY_SLOTS */
	/* slots in the area, then LDISP_SYSCALLS for system calls */
	struct ldisp_slot slot[LDISP_SLOTS + LDISP_SYSCALLS];
	/* where system calls are stepped: a copy of gadget_insn in the vDSO
	 * (0: none found for it) */
	uint64_t gadget;
	uint8_t gadget_insn[ARCH_DISPLACED_MAX];
	size_t gadget_len;
	/* threads waiting for a slot (TDISP_WAITING), oldest first; an entry
	 * whose thread is gone or no longer waits is skipped */
	pid_t waiter[LDISP_WAITERS];
	unsigned waiter_head, nwaiters;
};

struct linux_target;
struct lthread;

bool ldisplaced_start(struct linux_target *lt, struct lthread *th, uint64_t bp_pc);
/* A stop (waitpid status) of th, whose disp.phase is not TDISP_NONE. True:
 * dealt with; false: handle it as usual (th is RUNNING or STOPPING now). */
bool ldisplaced_stop(struct linux_target *lt, struct lthread *th, int status);
/* Every thread has been stopped (lstop_all): waiting threads are plain
 * stopped threads on their breakpoint now, trapping again when resumed. */
void ldisplaced_all_stopped(struct linux_target *lt);
/* th is gone: free its slot (the original bytes go back). */
void ldisplaced_gone(struct linux_target *lt, struct lthread *th);
/* A new image (exec) or no process: forget the slots and the area. */
void ldisplaced_forget(struct linux_target *lt);
/* The counts and where the slots are, for `monitor stats'. */
void ldisplaced_describe(const struct linux_target *lt, struct strbuf *out);
/* Show the saved bytes of busy slots in buf (len bytes read at addr). */
void ldisplaced_overlay(const struct linux_target *lt, uint64_t addr, uint8_t *buf,
                        size_t len);

#endif
