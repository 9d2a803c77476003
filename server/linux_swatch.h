/*
 * linux_swatch — write and access watchpoints (Z2, Z4) emulated by
 * stepping, where the debug registers accept a watchpoint and never fire
 * (linux_probe.h: some guests). gdb does not fall back to its own software
 * watchpoints when a stub refuses Z2 (it refuses to `continue' instead),
 * so rstub keeps `watch' and `awatch' (and `rwatch', which gdb makes an
 * access watchpoint, as on x86 hardware) working itself, without a round
 * trip per step.
 *
 * Contract:
 *  - While at least one region is watched, every thread gdb lets run is
 *    single-stepped by the kernel instead (lswatch_run(), the one way the
 *    Linux target lets a thread run), and every SIGTRAP compares the
 *    watched bytes with their last known values: a change is a TEV_WATCH
 *    at the first changed region's address, after the writing instruction
 *    (where x86 reports a write watchpoint too). The values are refreshed
 *    then, and after gdb's own writes (lswatch_refresh), which are no hit.
 *  - Threads step at once, so the trap that sees a change may be another
 *    thread's than the writer's: the change is reported in the thread
 *    whose instruction could have written it (arch insn_may_write, from
 *    the PC its step started at), and left for a later trap when not
 *    (after LSWATCH_UNCLAIMED traps per thread with no such instruction,
 *    a kernel write or another process's, the thread at hand gets it).
 *  - A trap that is only one of those steps (lswatch_step_trap) lets the
 *    thread go on, or makes it STOPPED when a stop was asked of it.
 *  - Regions are at most LSWATCH_MAX_LEN bytes, LSWATCH_MAX of them
 *    (-EINVAL, -ENOSPC beyond); inserting the same region twice counts
 *    twice, as the debug-register mirror does. A region that cannot be
 *    read (`watch *(int *)0') is taken, as the debug registers take any
 *    address; its bytes count from when they can be read.
 *  - Two threads that may both have written in the same instant: the one
 *    whose trap comes first is named.
 *  - An access region also hits, as TEV_AWATCH, after an instruction that
 *    the arch (insn_may_access, from the registers before it) says reads
 *    or writes it; a change of its bytes is a TEV_AWATCH too.
 */
#ifndef RSTUB_LINUX_SWATCH_H
#define RSTUB_LINUX_SWATCH_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "linux_threads.h"

#define LSWATCH_MAX 16
#define LSWATCH_MAX_LEN 64
#define LSWATCH_UNCLAIMED 4

struct lswatch_region {
	uint64_t addr;
	size_t len;
	bool access; /* Z4: reads hit too */
	bool known;  /* val holds its bytes (false while they cannot be read) */
	unsigned refs;
	uint8_t val[LSWATCH_MAX_LEN]; /* the bytes as last seen */
};

struct lswatch {
	struct lswatch_region v[LSWATCH_MAX];
	size_t n;
	unsigned unclaimed; /* traps that saw a change no instruction explains */
};

struct linux_target;

/* access: a Z4 (else a Z2). 0, -EINVAL or -ENOSPC. */
int lswatch_insert(struct linux_target *lt, uint64_t addr, size_t len, bool access);
int lswatch_remove(struct linux_target *lt, uint64_t addr, size_t len, bool access);
/* Is any region watched (so that threads run by steps)? */
bool lswatch_active(const struct linux_target *lt);
/* Let th run, as PTRACE_CONT does, delivering sig: by steps while a region
 * is watched. 0 or -errno (the thread died: its exit is on the way). */
int lswatch_run(struct linux_target *lt, struct lthread *th, int sig);
/* th is about to be stepped by the kernel for gdb: note where from. */
void lswatch_note_step(struct linux_target *lt, struct lthread *th);
/* Was th's last resume a step made while a region was watched (its trap
 * may still be on the way after a stop that overtook it)? */
bool lswatch_stepped(const struct lthread *th);
/* th stopped with SIGTRAP: true and *ev filled (TEV_WATCH, or TEV_AWATCH
 * for an access region) when a watched region changed or, for an access
 * region, th's last instruction touched it. */
bool lswatch_hit(struct linux_target *lt, struct lthread *th, struct thread_event *ev);
/* th's SIGTRAP (siginfo si, no region hit) ended one of the steps
 * lswatch_run() made of a run: true when so, th then handled. */
bool lswatch_step_trap(struct linux_target *lt, struct lthread *th, const siginfo_t *si);
/* gdb wrote [addr, addr+len): take the new bytes as the last seen. */
void lswatch_refresh(struct linux_target *lt, uint64_t addr, size_t len);
/* execve: the regions meant the old image; gdb inserts them again. */
void lswatch_forget(struct linux_target *lt);

#endif
