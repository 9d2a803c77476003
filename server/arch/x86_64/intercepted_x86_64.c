/*
 * intercepted_x86_64 — the x86-64 instructions a hypervisor may intercept
 * (arch.h intercepted_names / intercepted_at): the unprivileged ones a
 * guest's VM exits or instruction emulation can take, where a lost
 * single-step trap has been seen (cpuid on an AMD guest under PVM) or is
 * plausible. The start-up probe tries each the CPU has (probe_x86_64.c).
 *
 * Contract: pure code. Any legacy or REX prefix may come before the
 * opcode; rdrand, rdseed and rdpid only in their register forms.
 */
#include "arch/x86_64/intercepted_x86_64.h"

#include "arch/x86_64/decode_x86_64.h"

const char *const x86_64_intercepted_names[X86_ICPT_COUNT] = {
        [X86_ICPT_CPUID] = "cpuid",   [X86_ICPT_XGETBV] = "xgetbv",
        [X86_ICPT_RDTSC] = "rdtsc",   [X86_ICPT_RDTSCP] = "rdtscp",
        [X86_ICPT_RDRAND] = "rdrand", [X86_ICPT_RDSEED] = "rdseed",
        [X86_ICPT_RDPID] = "rdpid",
};

/* 0F C7 /6 and /7 with a register operand: rdrand, rdseed, or (F3) rdpid. */
static int group9(const struct x86_insn *in)
{
	unsigned reg = (in->modrm >> 3) & 7;

	if (!in->has_modrm || (in->modrm >> 6) != 3)
		return -1;
	if (reg == 6)
		return in->rep ? -1 : X86_ICPT_RDRAND;
	if (reg == 7)
		return in->rep == 0xf3 ? X86_ICPT_RDPID : in->rep ? -1 : X86_ICPT_RDSEED;
	return -1;
}

static int which(const struct x86_insn *in)
{
	if (in->vex || in->map != X86_MAP_0F)
		return -1;
	switch (in->opcode) {
	case 0xa2:
		return X86_ICPT_CPUID;
	case 0x31:
		return X86_ICPT_RDTSC;
	case 0x01:
		if (in->modrm == 0xd0)
			return X86_ICPT_XGETBV;
		return in->modrm == 0xf9 ? X86_ICPT_RDTSCP : -1;
	case 0xc7:
		return group9(in);
	default:
		return -1;
	}
}

int x86_64_intercepted_at(const uint8_t *insn, size_t avail, unsigned *len)
{
	struct x86_insn in;
	int i;

	if (x86_insn_decode(insn, avail, &in) < 0)
		return -1;
	i = which(&in);
	if (i >= 0)
		*len = in.len;
	return i;
}
