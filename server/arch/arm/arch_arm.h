/*
 * arch_arm — the 32-bit ARM Linux architecture descriptor (ARM + Thumb-2,
 * software single-step through the decode_arm next-PC decoder).
 *
 * Contract: constant data. The descriptor's bp_insn is the ARM-state
 * breakpoint (kind 4); its bp_insn_for_kind is arm_bp_insn(), which gives
 * every Z0 kind its instruction. Registers (regs_arm.c) and hardware
 * breakpoints (hwdbg_arm.c) need an ARM Linux host; native_arm.c makes
 * this the native arch there.
 */
#ifndef RSTUB_ARCH_ARM_ARCH_ARM_H
#define RSTUB_ARCH_ARM_ARCH_ARM_H

#include "arch/arch.h"

const struct arch *arch_arm(void);

/*
 * The breakpoint instruction (target byte order, little-endian) for a Z0
 * kind: 2 Thumb 0xde01 (2 bytes), 3 Thumb-2 0xf7f0a000 (4 bytes, as two
 * halfwords f7f0 a000), 4 ARM 0xe7f001f0 (4 bytes) — the undefined
 * instructions the Linux kernel turns into SIGTRAP. NULL for another kind.
 */
const uint8_t *arm_bp_insn(int kind, size_t *len);

#endif
