/*
 * linux_probe — what this host's CPU, kernel and hypervisor really deliver
 * to a debugger, found by trying it on a scratch child once per rstub run,
 * never from a return code alone or a guess from the CPU's name.
 *
 * What is probed (on code the arch provides: lprobe_arch() below):
 *  - single-step: PTRACE_SINGLESTEP is accepted, and one step of a plain
 *    instruction stops exactly on the next one;
 *  - the instructions a hypervisor may intercept (arch.h intercepted_names:
 *    x86 cpuid, xgetbv, rdtsc, rdtscp, rdrand, rdseed, rdpid): one step
 *    over each that the CPU has lands on the next instruction, or one too
 *    far ("oversteps": the hypervisor lost the trap);
 *  - debug registers: an execute breakpoint and a write watchpoint set
 *    through ptrace both trap (a guest may accept them and never fire).
 *
 * Contract: lprobe_host() runs the probes at its first call (a fork, a
 * dozen ptrace requests, well under 5 ms) and returns the same answers for
 * the rest of the run. lprobe_assume_broken() (the --assume-broken option,
 * before the first call) makes rstub act as if the named probes had
 * failed, so that each fallback can be tested on any host. Who acts on the
 * answers: linux_step (oversteps: a breakpoint after the instruction),
 * linux_displaced (never displaces such an instruction), target_linux and
 * linux_hwbp (breakpoints and watchpoints the debug registers cannot give
 * are planted in memory or emulated by stepping: linux_swatch.h).
 */
#ifndef RSTUB_LINUX_PROBE_H
#define RSTUB_LINUX_PROBE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "strbuf.h"

enum lprobe_answer {
	LPROBE_UNTESTED, /* not tried: the arch or the CPU has no such thing */
	LPROBE_WORKS,
	LPROBE_BROKEN,
};

/* Bits of the intercepted-instruction sets: bit i is the arch's
 * intercepted_names[i]. */
enum { LPROBE_MAX_INSNS = 16 };

struct lprobe {
	bool step_accepted;		  /* PTRACE_SINGLESTEP returns 0 */
	enum lprobe_answer step;	  /* ... and lands on the next instruction */
	uint32_t insn_tested;		  /* intercepted instructions tried */
	uint32_t insn_oversteps;	  /* ... whose step ran one too far */
	enum lprobe_answer dr_exec;	  /* a debug-register execute breakpoint traps */
	enum lprobe_answer dr_write;	  /* a debug-register write watchpoint traps */
	uint32_t forced;		  /* LPROBE_FORCE_* bits: said broken, not found */
	uint32_t insn_forced;		  /* intercepted instructions said to overstep */
	unsigned usec;			  /* how long the probes took */
	const char *error;		  /* the probe could not run (then all UNTESTED) */
};

enum {
	LPROBE_FORCE_DR_EXEC = 1u << 0,
	LPROBE_FORCE_DR_WRITE = 1u << 1,
};

/* The probes' answers for this host (run at the first call). */
const struct lprobe *lprobe_host(void);

/*
 * --assume-broken=LIST: act as if these probes failed. LIST is a comma list
 * of dregs (both debug-register kinds), dr-exec, dr-write, and the names
 * of intercepted instructions (cpuid, ...) or `insns' (all of them).
 * 0, or -EINVAL with *bad at the unknown word.
 */
int lprobe_assume_broken(const char *list, const char **bad);

/* Does the instruction at the start of insn (avail bytes) overstep a
 * kernel single-step on this host? Its length goes to *len. */
bool lprobe_insn_oversteps(const uint8_t *insn, size_t avail, unsigned *len);

/* The answers as text for a person, one line each (`rstub --probe',
 * `monitor probe', --debug=arch). */
void lprobe_describe(const struct lprobe *p, struct strbuf *out);

/* ---- the arch's half (arch/<name>/probe_<name>.c) ---- */

/*
 * Code in rstub's own text that the scratch child (a fork of rstub, so the
 * same addresses) runs under ptrace, and how to point it there. Every
 * snippet ends in a trap instruction: a thread that runs further than it
 * should stops there.
 */
struct lprobe_arch {
	/* an ordinary instruction, plain_len bytes, then another */
	uint64_t plain;
	unsigned plain_len;
	/* intercepted instruction i (arch intercepted_names order) at insn[i],
	 * insn_len[i] bytes, then a one-byte no-op; cpu_has(i): the CPU has it */
	uint64_t insn[LPROBE_MAX_INSNS];
	unsigned insn_len[LPROBE_MAX_INSNS];
	bool (*cpu_has)(unsigned i);
	/* debug registers (dr_exec 0: not probed): a one-byte instruction at
	 * dr_exec, then at dr_store a store of 4 bytes to dr_data (aligned) */
	uint64_t dr_exec, dr_store, dr_data;
	/* point the stopped child at pc, with the registers the snippets read
	 * zeroed; read its pc */
	int (*set_pc)(pid_t child, uint64_t pc);
	int (*get_pc)(pid_t child, uint64_t *pc);
};

const struct lprobe_arch *lprobe_arch(void);

#endif
