/*
 * flow_arm — range stepping's exit analysis for 32-bit ARM and Thumb-2:
 * the arch insn_flow hook (arch.h, range_exits.h).
 *
 * Contract: pure code (memory and registers through the arch_step_ctx
 * callbacks only). The one register read is CPSR, for the state (T bit)
 * the range is walked in: no instruction of a range changes the state
 * without leaving it (bx, blx, ldr/pop pc are exits), so the state of the
 * stepped thread is that of every instruction of its range. Each
 * instruction's class comes from decode_arm_static.c (see
 * decode_arm_int.h): direct branches (b, b<cond>, cbz/cbnz, B.W,
 * B<cond>.W) are ARCH_FLOW_BRANCH with their target; calls (bl, blx, as
 * x86's call), bx, every write to pc, ldm/pop with pc, ldr pc, tbb/tbh,
 * svc, bkpt/udf and other traps are ARCH_FLOW_LEAVE. bp_kind is the
 * instruction's own breakpoint (4 ARM, 2 16-bit Thumb, 3 32-bit Thumb),
 * so a skipped one skips the whole instruction.
 *
 * Two kinds of instruction group are described as one "instruction" (len
 * covers the group), so that no breakpoint is ever planted inside one and
 * a thread inside one is never let run (range stepping runs only from the
 * walk's instructions, and steps one at a time elsewhere):
 *
 * - An IT block: the IT instruction and the 1-4 instructions it makes
 *   conditional. A breakpoint on a condition-failed slot does not trap, so
 *   neither END nor an exit may be relied on inside a block. The group is
 *   ARCH_FLOW_LEAVE when any slot can leave (its breakpoint is on the IT
 *   instruction, which always executes: the thread traps there and the
 *   stepper steps it through the block, where the next-PC decoder follows
 *   the IT state), ARCH_FLOW_BRANCH (conditional) for a direct branch in
 *   the last slot, else ARCH_FLOW_NEXT and the thread runs through it. A
 *   range whose end falls inside a block has no fast path (the walk does
 *   not land on END). A range that starts inside a block (gdb never makes
 *   one: it moves line breakpoints to the IT instruction) is walked as if
 *   its first slots were not conditional.
 * - A load-exclusive .. store-exclusive sequence (armdec_atomic_scan: the
 *   one the next-PC decoder steps as a unit): a trap inside clears the
 *   exclusive monitor and the store would fail forever. The group is
 *   ARCH_FLOW_NEXT, or ARCH_FLOW_BRANCH to its one exit (a cmpxchg's
 *   failure path), or ARCH_FLOW_LEAVE (its breakpoint on the ldrex; the
 *   stepper then runs the whole sequence in one step) when it has more.
 *   An ldrex the scan cannot make a unit of (no strex in reach, a call or
 *   indirect branch inside) is a plain instruction, as in the stepper.
 *
 * arm_insn_flow() returns 0, or -errno: the callback's error, -EINVAL for
 * a pc above 32 bits or in the kernel's helper page, or a nested IT.
 */
#ifndef RSTUB_ARCH_ARM_FLOW_ARM_H
#define RSTUB_ARCH_ARM_FLOW_ARM_H

#include "arch/arch.h"

int arm_insn_flow(const struct arch_step_ctx *c, uint64_t pc, struct arch_insn_flow *out);

#endif
