/*
 * intercepted_x86_64 — x86-64 instructions a hypervisor may intercept, so
 * that a kernel single-step over them may end one instruction late; see
 * intercepted_x86_64.c and arch.h (intercepted_names, intercepted_at).
 */
#ifndef RSTUB_ARCH_X86_64_INTERCEPTED_X86_64_H
#define RSTUB_ARCH_X86_64_INTERCEPTED_X86_64_H

#include <stddef.h>
#include <stdint.h>

enum x86_intercepted {
	X86_ICPT_CPUID,
	X86_ICPT_XGETBV,
	X86_ICPT_RDTSC,
	X86_ICPT_RDTSCP,
	X86_ICPT_RDRAND,
	X86_ICPT_RDSEED,
	X86_ICPT_RDPID,
	X86_ICPT_COUNT,
};

extern const char *const x86_64_intercepted_names[X86_ICPT_COUNT];

/* Which of them starts insn (avail bytes), its length in *len; -1: none. */
int x86_64_intercepted_at(const uint8_t *insn, size_t avail, unsigned *len);

#endif
