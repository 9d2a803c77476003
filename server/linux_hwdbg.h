/*
 * linux_hwdbg — the arch's half of hardware breakpoints and watchpoints on
 * Linux: a per-process mirror of the debug registers, how to write it to a
 * thread, and how to tell which slot fired. linux_hwbp.c (generic) keeps
 * the mirror in step with gdb's Z1-Z4 requests and with every thread; the
 * arch (arch/<name>/hwdbg_<name>.c) knows the registers and the ptrace
 * requests that reach them (x86: PEEKUSER/POKEUSER u_debugreg; 32-bit ARM:
 * PTRACE_GETHBPREGS/SETHBPREGS).
 *
 * Contract: the mirror is `mirror_size` bytes owned by the generic code,
 * plain data (copied with memcpy to undo a failed change). insert/remove
 * change the mirror only, all or nothing: 0, -EINVAL (a kind or address
 * the hardware cannot take), -ENOSPC (out of slots), -ENOENT (remove of
 * something not inserted), -ENOSYS (type not offered). write_thread
 * programs a thread in ptrace-stop from the mirror (0 / -errno). hit
 * decides, for a thread that stopped with SIGTRAP (its siginfo `si`),
 * whether a slot fired, and clears whatever status the hardware keeps.
 */
#ifndef RSTUB_LINUX_HWDBG_H
#define RSTUB_LINUX_HWDBG_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "linux_threads.h"
#include "target.h"

struct lhw_arch {
	size_t mirror_size;
	void (*init)(void *m); /* the empty mirror */
	bool (*supports)(enum target_bp_type type);
	int (*insert)(void *m, enum target_bp_type type, uint64_t addr, int kind);
	int (*remove)(void *m, enum target_bp_type type, uint64_t addr, int kind);
	int (*write_thread)(const void *m, pid_t tid);
	/* true, *kind (TEV_HWBREAK, TEV_WATCH, TEV_RWATCH, TEV_AWATCH) and
	 * *addr (breakpoint address, or an address inside the watched
	 * region) when a slot of `m` fired */
	bool (*hit)(const void *m, pid_t tid, const siginfo_t *si,
	            enum thread_event_kind *kind, uint64_t *addr);
	bool (*has_exec)(const void *m, uint64_t addr); /* a Z1 at addr? */
};

/* The native arch's half. */
const struct lhw_arch *lhw_arch(void);

#endif
