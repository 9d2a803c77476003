/*
 * probe_x86_64 — the code the start-up probe (linux_probe.h) runs in its
 * scratch child on x86-64, and how to point the child at it.
 *
 * Contract: the snippets live in rstub's text, so a fork of rstub has them
 * at the same addresses; each ends in int3. An intercepted instruction is
 * followed by a one-byte nop, so a step that runs one instruction too far
 * stops after the nop, not on the next snippet. The child's eax and ecx are
 * zeroed with its PC (cpuid leaf 0; xgetbv needs ecx 0). Only instructions
 * the CPU announces (cpuid flags) are tried: the others would fault.
 */
#include <cpuid.h>
#include <errno.h>
#include <sys/ptrace.h>
#include <sys/user.h>

#include "arch/x86_64/intercepted_x86_64.h"
#include "linux_probe.h"
#include "linux_target.h"

#define SNIPPET(name, insn) #name ":\n\t" insn "\n\tnop\n\tint3\n"

__asm__(".pushsection .text\n"
        ".p2align 4\n"
        SNIPPET(rstub_probe_plain, "nop")
        SNIPPET(rstub_probe_cpuid, "cpuid")
        SNIPPET(rstub_probe_xgetbv, "xgetbv")
        SNIPPET(rstub_probe_rdtsc, "rdtsc")
        SNIPPET(rstub_probe_rdtscp, "rdtscp")
        SNIPPET(rstub_probe_rdrand, "rdrand %eax")
        SNIPPET(rstub_probe_rdseed, "rdseed %eax")
        SNIPPET(rstub_probe_rdpid, "rdpid %rax")
        "rstub_probe_dr_exec:\n\tnop\n"
        "rstub_probe_dr_store:\n\tmovl $1, rstub_probe_dr_data(%rip)\n\tnop\n\tint3\n"
        ".popsection\n"
        ".pushsection .data\n"
        ".p2align 3\n"
        "rstub_probe_dr_data:\n\t.long 0\n"
        ".popsection\n");

#define HIDDEN __attribute__((visibility("hidden")))
extern const char rstub_probe_plain[] HIDDEN, rstub_probe_cpuid[] HIDDEN,
        rstub_probe_xgetbv[] HIDDEN, rstub_probe_rdtsc[] HIDDEN, rstub_probe_rdtscp[] HIDDEN,
        rstub_probe_rdrand[] HIDDEN, rstub_probe_rdseed[] HIDDEN, rstub_probe_rdpid[] HIDDEN,
        rstub_probe_dr_exec[] HIDDEN, rstub_probe_dr_store[] HIDDEN;
extern char rstub_probe_dr_data[] HIDDEN;

/* cpuid leaf, register (0 eax .. 3 edx), bit: where the CPU announces it */
struct cpu_flag {
	unsigned leaf, sub, reg, bit;
};

static const struct cpu_flag flags[X86_ICPT_COUNT] = {
        [X86_ICPT_CPUID] = {0, 0, 0, 32}, /* bit 32: always there */
        [X86_ICPT_XGETBV] = {1, 0, 2, 27},  /* OSXSAVE */
        [X86_ICPT_RDTSC] = {1, 0, 3, 4},    /* TSC */
        [X86_ICPT_RDTSCP] = {0x80000001, 0, 3, 27},
        [X86_ICPT_RDRAND] = {1, 0, 2, 30},
        [X86_ICPT_RDSEED] = {7, 0, 1, 18},
        [X86_ICPT_RDPID] = {7, 0, 2, 22},
};

static bool x86_cpu_has(unsigned i)
{
	const struct cpu_flag *f = &flags[i];
	unsigned r[4];

	if (i >= X86_ICPT_COUNT)
		return false;
	if (f->bit == 32)
		return true;
	if (!__get_cpuid_count(f->leaf, f->sub, &r[0], &r[1], &r[2], &r[3]))
		return false;
	return (r[f->reg] >> f->bit) & 1;
}

static int x86_set_pc(pid_t child, uint64_t pc)
{
	struct user_regs_struct regs;

	if (lptrace(PTRACE_GETREGS, child, NULL, &regs) < 0)
		return -EIO;
	regs.rip = pc;
	regs.rax = 0;
	regs.rcx = 0;
	return lptrace(PTRACE_SETREGS, child, NULL, &regs) < 0 ? -EIO : 0;
}

static int x86_get_pc(pid_t child, uint64_t *pc)
{
	struct user_regs_struct regs;

	if (lptrace(PTRACE_GETREGS, child, NULL, &regs) < 0)
		return -EIO;
	*pc = regs.rip;
	return 0;
}

#define ADDR(sym) ((uint64_t)(uintptr_t)(sym))

static const struct lprobe_arch x86_64_probe = {
        .plain = ADDR(rstub_probe_plain),
        .plain_len = 1,
        .insn = {
                [X86_ICPT_CPUID] = ADDR(rstub_probe_cpuid),
                [X86_ICPT_XGETBV] = ADDR(rstub_probe_xgetbv),
                [X86_ICPT_RDTSC] = ADDR(rstub_probe_rdtsc),
                [X86_ICPT_RDTSCP] = ADDR(rstub_probe_rdtscp),
                [X86_ICPT_RDRAND] = ADDR(rstub_probe_rdrand),
                [X86_ICPT_RDSEED] = ADDR(rstub_probe_rdseed),
                [X86_ICPT_RDPID] = ADDR(rstub_probe_rdpid),
        },
        .insn_len = {
                [X86_ICPT_CPUID] = 2, [X86_ICPT_XGETBV] = 3, [X86_ICPT_RDTSC] = 2,
                [X86_ICPT_RDTSCP] = 3, [X86_ICPT_RDRAND] = 3, [X86_ICPT_RDSEED] = 3,
                [X86_ICPT_RDPID] = 4,
        },
        .cpu_has = x86_cpu_has,
        .dr_exec = ADDR(rstub_probe_dr_exec),
        .dr_store = ADDR(rstub_probe_dr_store),
        .dr_data = ADDR(rstub_probe_dr_data),
        .set_pc = x86_set_pc,
        .get_pc = x86_get_pc,
};

const struct lprobe_arch *lprobe_arch(void)
{
	return &x86_64_probe;
}
