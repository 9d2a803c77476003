/*
 * linux_target — private state and internal interfaces of the Linux ptrace
 * target (target_linux.c and the linux_*.c files). Nothing outside those
 * files includes this header; the public contract is target.h.
 *
 * Contract: one struct linux_target per traced process. Every thread is
 * attached with PTRACE_SEIZE (spawned programs too), so PTRACE_INTERRUPT
 * stops any of them. Functions return 0/-errno unless said otherwise.
 */
#ifndef RSTUB_LINUX_TARGET_H
#define RSTUB_LINUX_TARGET_H

#include <signal.h>
#include <stdbool.h>
#include <sys/ptrace.h>
#include <sys/types.h>

#include "arch/arch.h"
#include "arch/regmap.h"
#include "breakpoints.h"
#include "linux_displaced.h"
#include "linux_swatch.h"
#include "linux_threads.h"
#include "target.h"

/* Bytes for the arch's debug-register mirror (linux_hwdbg.h). */
#define LHW_MIRROR_MAX 1024

enum proc_state {
	PROC_LIVE,   /* traced */
	PROC_EXITED, /* exit or death seen, not yet reported (exit_stop) */
	PROC_GONE,   /* reaped and reported, or detached */
};

struct linux_target {
	struct target base;
	pid_t pid;
	bool attached;
	enum proc_state state;
	struct target_stop exit_stop; /* valid in PROC_EXITED */
	struct thread_table threads;
	/* Every pending event is stamped with ++event_seq; those stamped after
	 * resume_seq (the value at the last resume) are reportable, older ones
	 * wait until gdb resumes their thread. last_report: the tid reported
	 * last, where the round-robin choice among reportable events goes on. */
	unsigned long event_seq, resume_seq;
	pid_t last_report;
	struct bp_table bps;
	bool sw_step; /* linux_step: software single-step (target_config) */
	unsigned spin_us; /* busy-wait window for stops (target_config) */
	int agent_out_fd;  /* where dprintf (agent style) output goes */
	bool stepping_over; /* linux_bpcond: a false condition's step-over runs */
	struct ldisplaced disp; /* linux_displaced: scratch slots */
	struct lstepover_stats stepovers; /* linux_displaced, linux_bpcond */
	struct lswatch swatch;  /* linux_swatch: write watchpoints by stepping */
	int sigfd; /* SIGCHLD signalfd, the event fd */
	int memfd; /* /proc/PID/mem, opened on first use, -1 before */
	bool pass[65];
	int tty_fd; /* terminal given to the program, or -1 */
	pid_t tty_saved_pgrp;
	/* tdesc regnum -> register map entry (e NULL: unavailable) */
	struct regno_slot {
		const struct regmap_entry *e;
		size_t len; /* bytes in the tdesc */
	} * regno_map;
	size_t nregno;
	const struct regmap_entry *pc_entry;
	struct lhw_state {
		/* what gdb asked for (Z1-Z4): the arch's mirror (linux_hwdbg.h) */
		_Alignas(8) uint8_t mirror[LHW_MIRROR_MAX];
		unsigned gen; /* changes of the mirror; 0: never used */
	} hw;
};

static inline struct linux_target *to_lt(struct target *t)
{
	return (struct linux_target *)t;
}

/* target_linux.c: a target for pid with no thread yet (state PROC_LIVE). */
int lt_new(const struct target_config *cfg, pid_t pid, bool attached,
           struct linux_target **out);
/* Plant (insert) or drop `owner's breakpoint instruction of Z kind `kind'
 * at addr: -EINVAL for a kind the arch has not, -ESRCH once it is gone. */
int lt_planted_change(struct linux_target *lt, unsigned owner, bool insert, uint64_t addr,
                      int kind);

/* linux_ptrace.c: ptrace and waitpid with DBG_PTRACE traces. */
long lptrace(enum __ptrace_request req, pid_t tid, void *addr, void *data);
pid_t lwaitpid(pid_t pid, int *status, int flags);
/* lwaitpid() of any thread that, when it would block, busy-waits spin_us
 * first (spin_wait.h): for stops known to come soon. */
pid_t lwaitpid_spin(int *status, int flags, unsigned spin_us);
/* Resume a stopped thread (PTRACE_CONT or PTRACE_SINGLESTEP) with `sig`.
 * A thread gdb lets run is resumed with lswatch_run() instead (linux_swatch.h). */
int lptrace_resume(pid_t tid, bool step, int sig);

/* linux_inject.c: system calls run by a stopped thread for rstub (contract
 * there). The address of a copy of insn[0..len) in the vDSO, 0: none. */
uint64_t linject_gadget(struct linux_target *lt, const uint8_t *insn, size_t len);
/* Call nr(args) in th (STOPPED, no pending event): 0 and *result (the raw
 * return register, -errno values included), or -errno (-EINTR: th stopped
 * elsewhere first, e.g. killed; still STOPPED). */
int linject_syscall(struct linux_target *lt, struct lthread *th, uint64_t nr,
                    const uint64_t args[6], uint64_t *result);

/* linux_regs.c */
int lregs_init(struct linux_target *lt);
void lregs_release(struct linux_target *lt);
int lregs_read(struct linux_target *lt, struct lthread *th, int regno, uint8_t *buf);
int lregs_write(struct linux_target *lt, struct lthread *th, int regno,
                const uint8_t *buf);
/* Register regno as a number (its first 8 bytes, little-endian as every
 * target here, zero-extended); writing sets those bytes, the rest zero.
 * -ENOENT for no such register or one wider than REG_MAX_BYTES. */
#define REG_MAX_BYTES 64
int lregs_get_u64(struct linux_target *lt, struct lthread *th, int regno, uint64_t *val);
int lregs_set_u64(struct linux_target *lt, struct lthread *th, int regno, uint64_t val);
int lregs_get_pc(struct linux_target *lt, struct lthread *th, uint64_t *pc);
int lregs_set_pc(struct linux_target *lt, struct lthread *th, uint64_t pc);
/* Write back dirty register sets, then forget the cache (before resuming). */
int lregs_flush(struct linux_target *lt, struct lthread *th);
void lregs_invalidate(struct lthread *th);

/* linux_mem.c */
ssize_t lmem_read(struct target *t, uint64_t addr, void *buf, size_t len);
ssize_t lmem_write(struct target *t, uint64_t addr, const void *buf, size_t len);
/* Raw access without breakpoint hiding: exactly len bytes or -errno. */
int lmem_read_raw(void *lt, uint64_t addr, void *buf, size_t len);
int lmem_write_raw(void *lt, uint64_t addr, const void *buf, size_t len);
void lmem_close(struct linux_target *lt);

/* linux_wait.c: events and the all-stop policy. */
int lwait(struct target *t, struct target_stop *out, bool block);
/* Interrupt every running thread and collect the stops (events kept
 * pending), then remove every step breakpoint (linux_step.h). */
int lstop_all(struct linux_target *lt);
/* The same, leaving step breakpoints planted. */
int lstop_threads(struct linux_target *lt);
/* Stop th with a new event (reportable: stamped after the last resume). */
void lset_event(struct linux_target *lt, struct lthread *th, enum thread_event_kind kind,
                int sig, uint64_t pc);
/* Make th's pending event (older than the last resume) reportable now. */
void lrearm_event(struct linux_target *lt, struct lthread *th);
/* Handle one waitpid() result. */
void lhandle_status(struct linux_target *lt, pid_t tid, int status);
/* Drain the SIGCHLD signalfd. */
void ldrain_events(struct linux_target *lt);
/* Make event_fd readable although no child changed state. */
void lwake(struct linux_target *lt);

/* linux_fork.c: children of fork(), cleaned of breakpoints and let go. */
/* The parent's PTRACE_EVENT_FORK: release its child (waiting for its stop). */
void lfork_event(struct linux_target *lt, struct lthread *parent);
/* A stop of tid, not in the thread table: true when tid is no thread of the
 * process, nor a clone sharing its memory, but a forked child (then
 * released). */
bool lfork_child_stop(struct linux_target *lt, pid_t tid);

/* linux_hwbp.c: hardware breakpoints and watchpoints (debug registers). */
bool lhw_supports(enum target_bp_type type);
/* kind: 1 for Z1, the length in bytes for Z2 / Z4; -ENOSPC when out of slots */
int lhw_insert(struct linux_target *lt, enum target_bp_type type, uint64_t addr, int kind);
int lhw_remove(struct linux_target *lt, enum target_bp_type type, uint64_t addr, int kind);
/* th (NULL ok) is in ptrace-stop: give it the registers if it lacks them. */
void lhw_thread_stopped(struct linux_target *lt, struct lthread *th);
/* th stopped with SIGTRAP (siginfo si): true and *ev filled when a slot fired. */
bool lhw_stop_reason(struct linux_target *lt, struct lthread *th, const siginfo_t *si,
                     struct thread_event *ev);
/* A pending TEV_HWBREAK whose breakpoint gdb has removed since. */
bool lhw_event_stale(struct linux_target *lt, const struct thread_event *ev);
/* Zero the debug registers of stopped th (before detaching it). */
void lhw_clear_thread(struct linux_target *lt, struct lthread *th);
/* execve wiped the registers: empty the mirror, sync the stopped th. */
void lhw_forget(struct linux_target *lt, struct lthread *th);

/* linux_bpcond.c: target-side breakpoint conditions and commands. */
extern const struct target_bp_cond_ops lbpcond_ops;
/*
 * th, in ptrace-stop, hit gdb's breakpoint at bp_pc (PC rewound to it):
 * evaluate its conditions, run its commands. True: report the stop. False:
 * th has been dealt with — stepped past the breakpoint and resumed with the
 * threads that were running, or left stopped on it without an event (to
 * trap again when resumed) while another event is to be reported.
 */
bool lbpcond_report(struct linux_target *lt, struct lthread *th, uint64_t bp_pc);

/* linux_svr4.c and linux_proc.c: the xfer group and /proc readers. */
int lxfer_auxv(struct target *t, struct strbuf *out);
int lxfer_exec_file(struct target *t, pid_t pid, struct strbuf *out);
int lxfer_libraries_svr4(struct target *t, struct strbuf *out);
int lxfer_os_processes(int (*fn)(const struct target_os_process *p, void *arg), void *arg);
int lproc_thread_name(struct target *t, pid_t tid, struct strbuf *out);
int lproc_thread_core(struct target *t, pid_t tid);
/* Read /proc/PID/<rel> whole into out. */
int lproc_read(pid_t pid, const char *rel, struct strbuf *out);
/* Is thread tid of pid in a ptrace-stop ('t')? False once it is dying. */
bool lproc_thread_traced(pid_t pid, pid_t tid);
/* The value of auxv entry `type` (AT_ENTRY...): 0, -ENOENT (absent or 0), -errno. */
int lproc_auxv(pid_t pid, unsigned long type, uint64_t *val);
/* Is sig pending for thread tid itself (SigPnd: queued, not yet taken)? */
bool lproc_signal_pending(pid_t pid, pid_t tid, int sig);

/* linux_maps.c: qProcessInfo and qMemoryRegionInfo data. */
int lproc_process_info(struct target *t, struct target_process_info *out);
int lproc_memory_region(struct target *t, uint64_t addr, struct target_region *out);
/* The region of /proc/PID/maps `text` around addr: its line, or the gap
 * between two (out->name initialised by the caller); -EINVAL for bad text. */
int lproc_maps_find(const char *text, uint64_t addr, struct target_region *out);

#endif
