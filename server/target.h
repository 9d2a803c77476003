/*
 * target — the interface between the RSP command layer and a debug target.
 *
 * Contract:
 *  - No RSP text crosses this interface: no hex, no packet syntax. Signals are
 *    host (Linux) numbers; registers are raw target-order bytes numbered as in
 *    the target description (tdesc.h); addresses are 64-bit.
 *  - Actions return 0 (or a count) on success and -errno on failure;
 *    -ENOSYS means "not supported" (the RSP layer answers with an empty
 *    packet), other errors become `Exx`.
 *  - Optional groups (`bp`, `bp_cond`, `xfer`) are NULL when the target cannot do any of
 *    them; a present group has every member filled.
 *  - All-stop: after target_ops.wait() reports a stop, every thread of the
 *    process is stopped until the next resume(). Events that happened in other
 *    threads meanwhile stay pending inside the target, each in its thread,
 *    and are reported by a later wait() once that thread is resumed, never
 *    lost; when several are ready, the one reported is chosen round-robin
 *    so that no thread starves the others. The exception: a step that
 *    ended while another thread's stop was reported is no news once gdb
 *    resumes its thread again (gdb took that step as cancelled).
 *  - Breakpoints the target planted are invisible: mem_read returns the
 *    original bytes, mem_write under a breakpoint updates the saved bytes.
 */
#ifndef RSTUB_TARGET_H
#define RSTUB_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "strbuf.h"

struct target;
struct tdesc;
struct arch;

enum target_stop_kind {
	TARGET_STOP_SIGNAL, /* thread `tid` stopped; `sig` is 0 for a requested stop */
	TARGET_STOP_EXITED, /* process exited with `status` (0..255); no threads left */
	TARGET_STOP_KILLED, /* process terminated by signal `sig` */
	TARGET_STOP_NO_RESUMED, /* every thread the last resume ran is gone and
				   the others are stopped: nothing will come */
};

enum target_stop_reason {
	TARGET_REASON_NONE,
	TARGET_REASON_SWBREAK, /* hit a software breakpoint; PC already rewound to it */
	TARGET_REASON_HWBREAK, /* hit a hardware breakpoint */
	TARGET_REASON_STEP,    /* finished a single-step */
	TARGET_REASON_WATCH,   /* a write watchpoint triggered at `addr` */
	TARGET_REASON_RWATCH,  /* a read watchpoint triggered at `addr` */
	TARGET_REASON_AWATCH,  /* an access watchpoint triggered at `addr` */
	TARGET_REASON_EXEC,    /* execve: a new program image (sig is SIGTRAP) */
};

struct target_stop {
	enum target_stop_kind kind;
	enum target_stop_reason reason;
	pid_t pid;
	pid_t tid;
	int sig;
	int status;
	uint64_t addr; /* the data address, for watchpoint reasons */
};

enum target_resume_kind {
	TARGET_RESUME_CONTINUE,
	TARGET_RESUME_STEP,
	TARGET_RESUME_STOP, /* vCont `t`: leave (or put) the thread stopped */
	/* vCont `r`: step once, then keep stepping while the PC stays in
	 * [start, end); the stop is a step stop (TARGET_REASON_STEP) once the
	 * PC is outside, or whatever else stopped the thread first */
	TARGET_RESUME_RANGE,
};

/* One vCont action. Actions are matched in order, first match wins. */
struct target_resume {
	pid_t tid; /* a thread id, or -1 for "every thread not yet matched" */
	enum target_resume_kind kind;
	int sig; /* host signal to deliver with the resume, 0 for none */
	uint64_t start, end; /* TARGET_RESUME_RANGE only */
};

enum target_bp_type { /* Z/z packet type numbers */
	TARGET_BP_SW = 0,
	TARGET_BP_HW = 1,
	TARGET_WP_WRITE = 2,
	TARGET_WP_READ = 3,
	TARGET_WP_ACCESS = 4,
};

struct target_bp_ops {
	/* Whether this type can be planted at all (qSupported, Z dispatch);
	 * t may be NULL: the answer is then for any target of this kind. */
	bool (*supports)(struct target *t, enum target_bp_type type);
	/* kind is the Z packet's kind (breakpoint length or arch kind);
	 * -ENOSPC when the hardware has no free slot */
	int (*insert)(struct target *t, enum target_bp_type type, uint64_t addr, int kind);
	int (*remove)(struct target *t, enum target_bp_type type, uint64_t addr, int kind);
};

/* An agent expression (gdb's bytecode), for breakpoint conditions/commands. */
struct target_agent_expr {
	const uint8_t *code;
	size_t len;
};

/* Target-side conditions and commands of software breakpoints: a stop at
 * such a breakpoint is reported only when a condition holds (or there is
 * none) and there are no commands; commands run when a condition holds. */
struct target_bp_cond_ops {
	/* Replace the conditions and commands of the software breakpoint at
	 * addr (planted by bp->insert) with these; none = plain breakpoint. */
	int (*set)(struct target *t, uint64_t addr, const struct target_agent_expr *conds,
		   size_t nconds, const struct target_agent_expr *cmds, size_t ncmds,
		   bool persist);
	/* How the breakpoints whose condition was false have been stepped
	 * over since the target started (`monitor stats'), as lines of text. */
	void (*describe_step_overs)(struct target *t, struct strbuf *out);
};

/* One process of the host, for gdb's process list (qXfer:osdata, `info os
 * processes', an IDE's attach dialog). */
struct target_os_process {
	pid_t pid;
	const char *user;    /* the owner's name, or its uid in decimal */
	const char *command; /* its argv joined by spaces; [comm] for a kernel thread */
	const char *cores;   /* the CPUs its threads last ran on, ascending: "0,3" */
};

/* Whole objects for qXfer reads; the RSP layer slices them by offset. */
struct target_xfer_ops {
	int (*auxv)(struct target *t, struct strbuf *out);	/* raw auxv bytes */
	int (*exec_file)(struct target *t, pid_t pid, struct strbuf *out); /* path */
	/* gdb's <library-list-svr4> XML, from the dynamic linker's r_debug;
	 * an empty list (still valid XML) before the linker has run. */
	int (*libraries_svr4)(struct target *t, struct strbuf *out);
	/* the kernel's siginfo_t for a stopped thread's last signal (raw bytes) */
	int (*siginfo)(struct target *t, pid_t tid, struct strbuf *out);
	/* Replace bytes [off, off+len) of that siginfo_t; bytes written. */
	ssize_t (*siginfo_write)(struct target *t, pid_t tid, uint64_t off, const void *data,
				 size_t len);
	/* Every process of the host, ascending pid, to `fn` (no target needed:
	 * also before an extended-remote attach); stops at fn's first error. */
	int (*os_processes)(int (*fn)(const struct target_os_process *p, void *arg), void *arg);
};

/* What lldb's qProcessInfo reports about the process. */
struct target_process_info {
	pid_t pid, ppid;
	uid_t uid, euid;
	gid_t gid, egid;
};

/* A memory region (lldb's qMemoryRegionInfo): the mapping holding an
 * address, or the unmapped gap around it (`mapped` false, no permissions). */
struct target_region {
	uint64_t start, end; /* [start, end) */
	bool mapped, read, write, exec;
	struct strbuf name; /* the mapping's path or [stack], [heap]...; may be empty */
};

struct target_ops {
	/* ---- process ---- */
	pid_t (*pid)(struct target *t);
	bool (*attached)(struct target *t); /* attached (true) or spawned (false) */
	int (*kill)(struct target *t);	     /* kill and reap; the target is then gone */
	int (*detach)(struct target *t);     /* remove breakpoints, let it run on */
	void (*destroy)(struct target *t);   /* free; kills a spawned, detaches an attached
						process if still traced */
	int (*process_info)(struct target *t, struct target_process_info *out);
	/* The region around addr; out->name must be initialised by the caller. */
	int (*memory_region)(struct target *t, uint64_t addr, struct target_region *out);

	/* ---- threads ---- */
	/* Fill up to `max` ids, return how many threads there are. */
	size_t (*threads)(struct target *t, pid_t *tids, size_t max);
	bool (*thread_alive)(struct target *t, pid_t tid);
	int (*thread_name)(struct target *t, pid_t tid, struct strbuf *out);
	int (*thread_core)(struct target *t, pid_t tid); /* CPU last run on, or -errno */

	/* ---- registers (stopped threads only) ---- */
	/* Read register `regno` into buf (its tdesc size); -ENOENT = unavailable. */
	int (*reg_read)(struct target *t, pid_t tid, int regno, uint8_t *buf);
	int (*reg_write)(struct target *t, pid_t tid, int regno, const uint8_t *buf);

	/* ---- memory (the whole process) ---- */
	/* Bytes read (maybe fewer than len), or -errno when none could be. */
	ssize_t (*mem_read)(struct target *t, uint64_t addr, void *buf, size_t len);
	ssize_t (*mem_write)(struct target *t, uint64_t addr, const void *buf, size_t len);

	/* ---- execution ---- */
	int (*resume)(struct target *t, const struct target_resume *acts, size_t n);
	/* Ask a running process to stop; the stop arrives through wait() as
	 * SIGINT, as when the user presses Ctrl-C. */
	int (*interrupt)(struct target *t);
	/* Stop every thread for the server's own needs (a client left while
	 * the program ran), with no signal the program would see later, and
	 * wait for them: 1 and *out the stop to report next (a pending event,
	 * or a stop of one thread with sig 0), or -errno. */
	int (*halt)(struct target *t, struct target_stop *out);
	/* Become readable when wait() may have something; for poll(). */
	int (*event_fd)(struct target *t);
	/* 1 and *out filled when a stop is ready, 0 when none (block = false),
	 * -errno on failure. With block = true it waits for one. */
	int (*wait)(struct target *t, struct target_stop *out, bool block);
	/* Threads can be single-stepped (s, S, vCont;s) and range-stepped
	 * (vCont;r). Known before any target exists (vCont? may come first);
	 * the same answer every call. */
	bool (*can_step)(void);
	/* Host signals that are reported to gdb (false) or passed straight to
	 * the program without a stop (true), as QPassSignals says. */
	void (*set_pass_signals)(struct target *t, const bool pass[65]);

	/* ---- the host (known before any target exists) ---- */
	/* What the start-up probes found the CPU, kernel and hypervisor
	 * deliver (single-step, debug registers), one line each. */
	void (*describe_host)(struct strbuf *out);
	/* Act as if the named probes had failed (--assume-broken), before the
	 * first use; 0, or -EINVAL with *bad at the unknown word. */
	int (*assume_broken)(const char *list, const char **bad);

	/* ---- optional groups ---- */
	const struct target_bp_ops *bp;
	const struct target_bp_cond_ops *bp_cond; /* needs bp */
	const struct target_xfer_ops *xfer;
};

struct target {
	const struct target_ops *ops;
	const struct arch *arch;
	const struct tdesc *tdesc;
};

struct target_config {
	const struct arch *arch;
	const struct tdesc *tdesc;
	bool stdio_transport; /* the client talks over our stdin/stdout: the
				 program's stdin is /dev/null, its stdout and
				 stderr go to output_fd (0: our stderr) */
	int output_fd;	      /* a pipe rstub forwards to gdb as console output */
	bool disable_randomization; /* spawn with ADDR_NO_RANDOMIZE (gdb's default) */
	int wrapper_execs; /* execs to let pass before the program's (--wrapper: 1,
			      a shell: 1 more) */
	char *const *envp; /* the program's environment (NULL: rstub's own) */
	const char *cwd;   /* the directory it starts in (NULL: rstub's own) */
	bool sw_step; /* step with breakpoints at the arch's next PCs rather than with
			 PTRACE_SINGLESTEP (--step=sw; always so without arch hw_step) */
	unsigned spin_us; /* --spin: how long to busy-wait for an event before
			     sleeping (spin_wait.h) */
};

/* The operations of Linux targets: what they can do, before any exists. */
const struct target_ops *linux_target_ops(void);

/*
 * Start argv[0] (searched in PATH if it has no '/') with argv under ptrace,
 * stopped at its first instruction; `first` is that stop (SIGTRAP). PATH is
 * searched in cfg->envp. -ENOENT / -EACCES when the program cannot be run,
 * or the errno of the chdir to cfg->cwd.
 */
int linux_target_spawn(const struct target_config *cfg, char *const argv[],
		       struct target **out, struct target_stop *first);
/* Attach to every thread of `pid` and stop them; `first` is the stop. */
int linux_target_attach(const struct target_config *cfg, pid_t pid, struct target **out,
			struct target_stop *first);

#endif
