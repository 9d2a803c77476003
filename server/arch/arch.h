/*
 * arch — one descriptor per architecture: what generic code may know about
 * an instruction set without decoding it.
 *
 * Contract: descriptors are data chosen at build time (arch_native());
 * generic code never tests __x86_64__ or __arm__. Register names refer to
 * the target description loaded from `tdesc_file`, which the arch may pick
 * for the host CPU (x86-64: AVX, AVX-512) at the first call; the descriptor
 * does not change afterwards.
 */
#ifndef RSTUB_ARCH_H
#define RSTUB_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * What a next-PC decoder may ask of the stopped thread it decodes for.
 * Registers use the target description's numbering (tdesc.h regnum).
 * Both return 0 or -errno.
 */
struct arch_step_ctx {
	void *ctx;
	int (*read_mem)(void *ctx, uint64_t addr, void *buf, size_t len);
	int (*read_reg)(void *ctx, int regnum, uint64_t *val);
};

/* One place control may reach after the decoded instruction. */
struct arch_next_pc {
	uint64_t addr;
	int bp_kind; /* the Z0 kind to plant there (ARM: 2 Thumb, 3 Thumb-2, 4 ARM) */
};

enum { ARCH_MAX_NEXT_PCS = 4 };

/* Where control goes after one instruction, known from its bytes alone. */
enum arch_flow_kind {
	ARCH_FLOW_NEXT,   /* only to the next instruction (pc + len) */
	ARCH_FLOW_BRANCH, /* a direct jump to `target`; also to pc + len when
	                     conditional (`falls_through`) */
	ARCH_FLOW_LEAVE,  /* anywhere: call, return, indirect jump, system call,
	                     trap, fault, or an instruction not classified */
};

struct arch_insn_flow {
	unsigned len;
	enum arch_flow_kind kind;
	bool falls_through; /* ARCH_FLOW_BRANCH */
	uint64_t target;    /* ARCH_FLOW_BRANCH */
	int bp_kind;        /* the breakpoint to plant on it (bp_insn_for_kind);
	                       0: the default bp_insn */
};

/* The longest relocated instruction a displaced step places at `to'. */
enum { ARCH_DISPLACED_MAX = 16 };

/* How the PC is fixed after a displaced step. */
enum arch_displaced_pc {
	ARCH_DISPLACED_PC_RELATIVE, /* new pc = pc - to + from (falls through,
	                             * relative branches) */
	ARCH_DISPLACED_PC_ABSOLUTE, /* left alone (ret, indirect jmp / call) */
};

/*
 * A displaced step: the instruction at `from' copied to `to', run there
 * with one single-step, and fixed up so the thread ends as if it had run
 * the instruction in place.
 */
struct arch_displaced {
	uint64_t from, to;
	uint8_t insn[ARCH_DISPLACED_MAX]; /* the bytes to place at `to' */
	size_t len;                       /* of insn, and of the original */
	/* a register (tdesc regnum) set to scratch_val for the step and
	 * restored afterwards; -1: none */
	int scratch_reg;
	uint64_t scratch_val;
	enum arch_displaced_pc pc;
	/* a call: the return address it pushed (to + len) is rewritten to
	 * ret_addr (from + len) at sp */
	bool fix_return;
	uint64_t ret_addr;
	/* a register (tdesc regnum) left holding to + len (syscall's rcx),
	 * set to from + len afterwards; -1: none */
	int fix_reg;
};

/* The PC after a displaced step that ended at `pc'. */
static inline uint64_t arch_displaced_fixup_pc(const struct arch_displaced *d,
                                               uint64_t pc)
{
	return d->pc == ARCH_DISPLACED_PC_RELATIVE ? pc - d->to + d->from : pc;
}

struct arch {
	const char *name;	/* "x86_64" */
	const char *tdesc_file; /* main feature file in xml/, "amd64-linux.xml" */
	const char *pc_reg;	/* register names for expedited stop replies */
	const char *sp_reg;
	const char *fp_reg;
	const uint8_t *bp_insn; /* default software breakpoint instruction */
	size_t bp_len;
	/*
	 * The breakpoint instruction for a Z0/Z1 `kind' or a next-PC's bp_kind
	 * (x86: 1; ARM: 2 Thumb, 3 Thumb-2, 4 ARM), or NULL when the arch has
	 * no such kind. The default above is one of these.
	 */
	const uint8_t *(*bp_insn_for_kind)(int kind, size_t *len);
	size_t decr_pc_after_break; /* PC reported past a breakpoint by this much */
	/* The kernel can single-step a thread (PTRACE_SINGLESTEP); false: every
	 * step is a software step through next_pcs (32-bit ARM). */
	bool hw_step;
	size_t ptr_size;
	/* gdb's name for this family in qSupported's xmlRegisters= ("i386"),
	 * and the `g' size of gdb's built-in layout for a gdb that does not
	 * use target descriptions (set remote target-features-packet off);
	 * 0: no such layout, always the description's */
	const char *xml_family;
	size_t legacy_g_size;
	/* LLVM's target triple, for lldb (qHostInfo, qProcessInfo) */
	const char *triple;
	/*
	 * Software single-step: every address the instruction at `pc` can
	 * transfer control to (at most ARCH_MAX_NEXT_PCS), so breakpoints there
	 * catch the thread whatever it does. Returns the count, or -errno when
	 * the instruction cannot be decoded (-ENOSYS: no decoder for this arch).
	 */
	int (*next_pcs)(const struct arch_step_ctx *c, uint64_t pc, struct arch_next_pc *out);
	/*
	 * Range stepping's fast path (range_exits.h): the instruction at `pc`
	 * described statically (no register read but the instruction-set state,
	 * ARM's CPSR.T; ARM describes an IT block or an ldrex..strex sequence
	 * as one instruction), 0 or -errno when it cannot be decoded. NULL: no
	 * such decoder, range steps go instruction by instruction. The exits
	 * found with it get the breakpoint of their bp_kind.
	 */
	int (*insn_flow)(const struct arch_step_ctx *c, uint64_t pc,
	                 struct arch_insn_flow *out);
	/*
	 * Displaced stepping (optional, NULL: unsupported): relocate the
	 * instruction at the start of `insn' (`avail' bytes, breakpoints
	 * hidden) from `from' to `to'. 0 and *out filled, or -ENOTSUP for an
	 * instruction that must be stepped in place (system calls, traps,
	 * far transfers, undecodable bytes).
	 */
	int (*displaced_prepare)(const uint8_t *insn, size_t avail, uint64_t from,
	                         uint64_t to, struct arch_displaced *out);
	/*
	 * Instructions a hypervisor may intercept and emulate, losing the
	 * trap of a kernel single-step over them so that the step ends one
	 * instruction late (x86 cpuid on some guests). The start-up probe
	 * (linux_probe.h) tries each; intercepted_at() says which of them
	 * (an index into intercepted_names, *len its length) starts `insn'
	 * (`avail' bytes), or -1. nintercepted 0: none.
	 */
	const char *const *intercepted_names;
	unsigned nintercepted;
	int (*intercepted_at)(const uint8_t *insn, size_t avail, unsigned *len);
	/*
	 * Write watchpoints emulated by stepping (linux_swatch.h): could the
	 * instruction at `pc', which the thread has just run (its registers
	 * now are those after it), have written a byte of [lo, hi)? True when
	 * unsure. NULL: always maybe.
	 */
	bool (*insn_may_write)(const struct arch_step_ctx *c, uint64_t pc, uint64_t lo,
	                       uint64_t hi);
	/*
	 * Access watchpoints emulated by stepping: could the instruction at
	 * `pc', about to run (the registers are those before it), read or
	 * write a byte of [lo, hi) (a system call's kernel accesses aside)?
	 * True when unsure. NULL: access watchpoints are not emulated.
	 */
	bool (*insn_may_access)(const struct arch_step_ctx *c, uint64_t pc, uint64_t lo,
	                        uint64_t hi);
	/*
	 * Displaced system calls (optional; syscall_insn_len NULL: none): the
	 * length of the system-call instruction at the start of `insn', 0 if
	 * it is none; whether call `nr' may run away from its place (not one
	 * that starts a thread or process at the next instruction, replaces
	 * the image or restores a PC: clone, fork, exec, sigreturn); the
	 * register holding the call's number and the one the instruction
	 * leaves holding the address after it (x86-64: rax, rcx; -1: none).
	 */
	unsigned (*syscall_insn_len)(const uint8_t *insn, size_t avail);
	bool (*syscall_displaceable)(uint64_t nr);
	int syscall_nr_reg, syscall_next_reg;
	/*
	 * System calls rstub runs in the program (optional; syscall_insn NULL:
	 * none; linux_inject.c): the instruction's bytes, the registers of the
	 * six arguments and of the result, and the number of an anonymous mmap
	 * (x86-64 mmap; 32-bit arm would be mmap2).
	 */
	const uint8_t *syscall_insn;
	size_t syscall_insn_size;
	int syscall_arg_reg[6], syscall_ret_reg;
	uint64_t syscall_mmap_nr;
};

/* The architecture this rstub was built for. */
const struct arch *arch_native(void);

#endif
