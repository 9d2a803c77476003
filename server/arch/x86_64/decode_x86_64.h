/*
 * decode_x86_64 — next-PC decoder for x86-64 (64-bit mode), for software
 * single-step and range analysis on x86-64.
 *
 * Contract: pure code — no ptrace, no I/O; everything about the stopped
 * thread comes through the arch_step_ctx callbacks, registers in gdb's amd64
 * numbering (X86_REG_*, the same in every amd64-*linux.xml). `pc` is the
 * address of the instruction to decode. x86_64_next_pcs() fills `out` with
 * every address control can reach after that instruction, each with Z0 kind
 * 1, and returns the count (>= 1), -EINVAL for bytes that are not an
 * instruction in 64-bit mode (an opcode invalid there, a VEX/EVEX form with
 * a reserved map or a forbidden prefix, more than 15 bytes), or the
 * callback's -errno when a register or memory read fails.
 *
 * Semantics are Intel's (the build and test machines are Intel):
 * - jcc, loop/loope/loopne, jrcxz/jecxz are evaluated against the current
 *   eflags and rcx (ecx with an address-size prefix): only the reached
 *   address is returned. An operand-size prefix on a near branch is ignored
 *   (rel32 stays 4 bytes, the target stays 64-bit), as Intel CPUs do.
 * - Indirect jmp/call (FF /2 /4, far FF /3 /5 as flat offsets), through a
 *   register or memory: ModRM/SIB, RIP-relative, fs/gs overrides through
 *   fs_base/gs_base, 32-bit address size; ret, ret imm16, retf, iret read
 *   the return address at rsp.
 * - syscall falls through to the next instruction, except rt_sigreturn
 *   (rax = 15), whose next PC is the rip saved in the signal frame at rsp.
 *   int n, int1, int3 fall through (int3: the kernel reports SIGTRAP with
 *   rip after it).
 * - xbegin: the next instruction and the abort handler.
 * - Instructions that fault fall through: ud0/ud1/ud2 (SIGILL), hlt and
 *   privileged instructions (SIGSEGV), 3DNow! 0F 0F (decoded as ModRM +
 *   ib; SIGILL on CPUs without it). AMD XOP (8F /1../7) is -EINVAL.
 *   The thread stops with the signal before reaching any breakpoint.
 * - rep/repne string instructions: the next PC is the following
 *   instruction, i.e. a breakpoint stepper runs the whole repetition in one
 *   step. (The CPU's trap flag instead stops after every iteration with rip
 *   still at the instruction while rcx is not yet exhausted.)
 */
#ifndef RSTUB_ARCH_X86_64_DECODE_X86_64_H
#define RSTUB_ARCH_X86_64_DECODE_X86_64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/arch.h"

/* gdb's amd64 register numbers the decoder reads. */
enum {
	X86_REG_RAX = 0,
	X86_REG_RCX = 2,
	X86_REG_RDX = 3,
	X86_REG_RSI = 4,
	X86_REG_RDI = 5,
	X86_REG_RSP = 7,
	X86_REG_R8 = 8,
	X86_REG_R9 = 9,
	X86_REG_R10 = 10,
	X86_REG_RIP = 16,
	X86_REG_EFLAGS = 17,
	X86_REG_FS_BASE = 58,
	X86_REG_GS_BASE = 59,
};

/* The Z0 kind of an x86 breakpoint (int3). */
enum { X86_BP_KIND = 1 };

/* The longest instruction the CPU accepts. */
enum { X86_MAX_INSN = 15 };

/* Opcode maps. */
enum x86_map {
	X86_MAP_1BYTE,
	X86_MAP_0F,
	X86_MAP_0F38,
	X86_MAP_0F3A,
	X86_MAP_EVEX5, /* EVEX maps 5 and 6 (AVX512-FP16) */
	X86_MAP_EVEX6,
};

/* One instruction, decoded for its length and operands. */
struct x86_insn {
	uint8_t len;	   /* bytes, 1..15 */
	uint8_t prefix_len; /* legacy and REX prefix bytes before the opcode (or VEX/EVEX) */
	enum x86_map map;
	uint8_t opcode;
	uint8_t seg;	   /* last segment override (26 2E 36 3E 64 65) or 0 */
	uint8_t rep;	   /* last of F2 / F3, or 0 */
	bool lock;	   /* F0 */
	bool opsize;	   /* 66 */
	bool adsize;	   /* 67: 32-bit addressing */
	uint8_t rex;	   /* the REX byte in effect (40-4F), or 0 */
	uint8_t vex;	   /* C4 / C5 (VEX), 62 (EVEX), or 0 */
	bool has_modrm;
	uint8_t modrm;
	bool has_sib;
	uint8_t sib;
	uint8_t disp_size; /* 0, 1 or 4 */
	int32_t disp;	   /* sign-extended */
	uint8_t imm_size;  /* 0, 1, 2, 3 (enter), 4 or 8 */
	uint64_t imm;	   /* little-endian value, not extended */
};

/*
 * Decode the instruction at the start of `buf` (`avail` readable bytes).
 * Returns 0, -EINVAL (not an instruction in 64-bit mode), or -ENODATA when
 * it continues past `avail` bytes.
 */
int x86_insn_decode(const uint8_t *buf, size_t avail, struct x86_insn *in);

/*
 * Read the instruction at pc through c and decode it: 0, -EINVAL, or the
 * read's -errno (an instruction cut short by an unreadable page).
 */
int x86_fetch_insn(const struct arch_step_ctx *c, uint64_t pc, struct x86_insn *in);
/*
 * The address of in's ModRM memory operand (mod != 3), fs/gs base and
 * RIP-relative (from `next', the address after it) included, with the
 * registers c reads now. 0 or the register read's -errno.
 */
int x86_effective_address(const struct arch_step_ctx *c, const struct x86_insn *in,
                          uint64_t next, uint64_t *addr);

int x86_64_next_pcs(const struct arch_step_ctx *c, uint64_t pc, struct arch_next_pc *out);

/*
 * Emulated watchpoints (arch.h insn_may_write): could the instruction at
 * pc, which the thread has just run (c reads its registers after it), have
 * written a byte of [lo, hi)? A store through its ModRM operand is checked
 * against the address the registers give now (a store does not change its
 * own address registers); pushes and calls against the stack below rsp;
 * system calls, string stores, x87, xsave, and VEX/EVEX or 0F38/0F3A forms
 * that touch memory are always "maybe"; an instruction known to only read
 * its operand, or with no memory operand, is "no".
 */
bool x86_64_insn_may_write(const struct arch_step_ctx *c, uint64_t pc, uint64_t lo,
                           uint64_t hi);
/*
 * Emulated access watchpoints (arch.h insn_may_access): could the
 * instruction at pc, about to run (c reads the registers before it), read
 * or write a byte of [lo, hi)? Its ModRM operand's address (any size up to
 * an xsave area), the stack around rsp for pushes, pops, calls, returns,
 * enter and leave, the source and destination of string instructions
 * (times rcx with rep, downwards with DF), a 64-bit absolute mov address.
 * "Maybe" for a vector-indexed operand; no for lea, prefetches and nops,
 * and for what the kernel accesses in a system call.
 */
bool x86_64_insn_may_access(const struct arch_step_ctx *c, uint64_t pc, uint64_t lo,
                            uint64_t hi);

/*
 * The static control flow of the instruction at pc (arch.h insn_flow):
 * jmp rel / jcc / loop / jrcxz are ARCH_FLOW_BRANCH; call, ret, indirect
 * jmp/call, syscall/sysenter, int/int1/int3/into, xbegin, ud0/ud1/ud2,
 * hlt and every 0F 01 form are ARCH_FLOW_LEAVE; anything else, VEX/EVEX
 * included, is ARCH_FLOW_NEXT. Errors as x86_64_next_pcs().
 */
int x86_64_insn_flow(const struct arch_step_ctx *c, uint64_t pc,
                     struct arch_insn_flow *out);

#endif
