/*
 * decode_arm — next-PC decoder for 32-bit ARM Linux (ARM and Thumb-2 state),
 * the heart of software single-step where the kernel has no
 * PTRACE_SINGLESTEP.
 *
 * Contract: pure code — no ptrace, no I/O, no host assumptions; everything
 * about the stopped thread comes through the arch_step_ctx callbacks, with
 * registers in gdb's arm numbering (ARM_REG_*). The state (ARM or Thumb) is
 * the T bit of CPSR; `pc` is the address of the instruction to decode.
 * arm_next_pcs() fills `out` (at most ARCH_MAX_NEXT_PCS entries) with every
 * address control can reach next that a breakpoint can catch, each with its
 * Z0 kind: 2 (16-bit Thumb), 3 (32-bit Thumb-2), 4 (ARM). Thumb addresses
 * are returned without bit 0. It returns the count (>= 1), or -errno when a
 * register or memory read fails (the callback's error is passed on).
 *
 * - Conditions (ARM cond field, Thumb b<cond>, cbz/cbnz, IT slots) are
 *   evaluated against the current CPSR, so only the reached address is
 *   returned. The one undecidable case is an executed IT-block instruction
 *   followed by more IT slots: it may change the flags, so both the next
 *   slot and the first slot of the opposite condition (or the end of the
 *   block) are returned. Condition-failed IT slots are never returned.
 * - ldrex..strex: at a load-exclusive the whole sequence up to the matching
 *   store-exclusive is one step (a breakpoint inside would clear the
 *   exclusive monitor and livelock the loop): the result is the address
 *   after the store plus the targets of branches leaving the sequence.
 * - svc with r7 = sigreturn (119) / rt_sigreturn (173): the PC saved in the
 *   signal frame at sp; any other svc falls through.
 * - Kernel user helpers (0xffff0000 and up) cannot hold breakpoints: at a
 *   PC there, or for a call into them, the result is the return address.
 * - Undefined or unpredictable encodings fall through to the next
 *   instruction (the kernel raises SIGILL there; the stepper sees it).
 */
#ifndef RSTUB_ARCH_ARM_DECODE_ARM_H
#define RSTUB_ARCH_ARM_DECODE_ARM_H

#include "arch/arch.h"

enum {
	ARM_REG_SP = 13,
	ARM_REG_LR = 14,
	ARM_REG_PC = 15,
	ARM_REG_CPSR = 25,
};

/* Z0 kinds for ARM breakpoints (gdb's numbering). */
enum {
	ARM_BP_KIND_THUMB = 2,
	ARM_BP_KIND_THUMB2 = 3,
	ARM_BP_KIND_ARM = 4,
};

int arm_next_pcs(const struct arch_step_ctx *c, uint64_t pc, struct arch_next_pc *out);

#endif
