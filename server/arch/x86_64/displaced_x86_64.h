/*
 * displaced_x86_64 — relocation of one x86-64 instruction for a displaced
 * step (arch.h displaced_prepare), as gdb's amd64_displaced_step_copy_insn
 * and amd64_displaced_step_fixup do it.
 *
 * Contract: pure code, no ptrace. The relocated instruction has the
 * original's length. A RIP-relative memory operand (ModRM mod 00 r/m 101)
 * becomes [scratch + disp32] (mod 10) with the REX / VEX / EVEX B bit
 * cleared, where scratch is rsi, rdi, rbx or rbp, the first not named by
 * the ModRM reg field or VEX.vvvv (rax, rcx, rdx and rsp are never chosen:
 * implicit operands of mul / div / cmpxchg / shifts, and the stack); the
 * caller sets it to from + len for the step and restores it afterwards.
 * The PC is fixed relatively (pc - to + from) except after ret and
 * indirect jmp / call; a call (E8, FF /2) pushed to + len, which the caller
 * rewrites to from + len. Refused (-ENOTSUP): bytes the decoder rejects,
 * syscall / sysenter / sysret / sysexit, int3 / int n / int1 / into, hlt,
 * ud0 / ud1 / ud2, xbegin, far call / jmp / ret and iret.
 *
 * A system call is relocated differently (arch.h syscall_insn_len): the
 * caller runs it at another `syscall' instruction of the process;
 * x86_64_syscall_insn_len() says it is one, x86_64_syscall_displaceable()
 * which calls may run there.
 */
#ifndef RSTUB_ARCH_X86_64_DISPLACED_X86_64_H
#define RSTUB_ARCH_X86_64_DISPLACED_X86_64_H

#include "arch/arch.h"

int x86_64_displaced_prepare(const uint8_t *insn, size_t avail, uint64_t from,
                             uint64_t to, struct arch_displaced *out);
/* 2 for `syscall' (any prefixes: the length with them), else 0. */
unsigned x86_64_syscall_insn_len(const uint8_t *insn, size_t avail);
/* Not rt_sigreturn, clone, fork, vfork, execve, execveat or clone3. */
bool x86_64_syscall_displaceable(uint64_t nr);

#endif
