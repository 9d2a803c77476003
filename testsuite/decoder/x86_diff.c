/*
 * x86_diff — differential test of the x86-64 next-PC decoder against the
 * CPU itself.
 *
 *   x86_diff --name NAME --min-steps N [--max-steps M] [--stdin FILE] PROG [ARGS...]
 *
 * Runs PROG (stdout to /dev/null) under PTRACE_TRACEME and single-steps it
 * with PTRACE_SINGLESTEP from its first instruction (ld.so's entry) to exit,
 * or until M steps were compared (then it is killed). Before every step
 * x86_64_next_pcs() predicts the next PCs from the live registers
 * (PTRACE_GETREGS) and memory (process_vm_readv); after it, the observed
 * rip must be one of them. Where the CPU legitimately differs from a
 * breakpoint stepper, and only there:
 *  - a rep/repne string instruction stops after each iteration with rip
 *    unchanged: rip == pc is accepted for those (counted as rep_iters);
 *  - a stop with a signal other than SIGTRAP: the instruction faulted
 *    (ud2, a bad access: rip == pc) or the signal arrived before it ran
 *    (rip == pc) or after (rip predicted). Either rip == pc or a predicted
 *    rip is accepted; the signal is delivered with the next step, which is
 *    not compared (control then enters the handler, not the instruction's
 *    doing — counted as signal_steps);
 *  - xbegin: the step's debug trap inside the transaction aborts it, and the
 *    CPU reports the trap only after the first instruction of the abort
 *    path (a breakpoint stepper stops at the abort target itself, which the
 *    decoder predicts): rip == abort target + the length of the instruction
 *    there is accepted (counted as xaborts).
 * The ground truth is the kernel's step, except over the instructions that
 * rstub's own start-up probe (linux_probe.h) finds a hypervisor intercepts
 * so that the step runs one instruction too far (cpuid on some guests):
 * those are stepped as rstub steps them, with an int3 after them, and
 * counted as `intercepted'. --assume-broken LIST (rstub's option) forces
 * that for the instructions named, on any host.
 * On a mismatch it prints the address, the instruction bytes, the
 * prediction and the observed rip. Prints one summary line; exits 0 with
 * zero mismatches and at least N compared steps.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "arch/x86_64/decode_x86_64.h"
#include "linux_probe.h"

enum { MAX_REPORTS = 20 };

struct harness {
	pid_t pid;
	struct user_regs_struct regs;
	long steps, mismatches, rep_iters, signal_steps, faults, xaborts, intercepted;
	long vex, evex; /* compared steps by encoding, to show what was covered */
};

struct options {
	const char *name, *stdin_file, *assume_broken;
	long min_steps, max_steps;
	char **argv;
};

static int read_reg(void *ctx, int regnum, uint64_t *val)
{
	const struct user_regs_struct *r = &((struct harness *)ctx)->regs;
	const unsigned long long *gprs[16] = {
		&r->rax, &r->rbx, &r->rcx, &r->rdx, &r->rsi, &r->rdi, &r->rbp, &r->rsp,
		&r->r8,	 &r->r9,  &r->r10, &r->r11, &r->r12, &r->r13, &r->r14, &r->r15,
	};

	if (regnum >= 0 && regnum < 16)
		*val = *gprs[regnum];
	else if (regnum == X86_REG_RIP)
		*val = r->rip;
	else if (regnum == X86_REG_EFLAGS)
		*val = r->eflags;
	else if (regnum == X86_REG_FS_BASE)
		*val = r->fs_base;
	else if (regnum == X86_REG_GS_BASE)
		*val = r->gs_base;
	else
		return -EINVAL;
	return 0;
}

static int read_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
	struct harness *h = ctx;
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	ssize_t n = process_vm_readv(h->pid, &local, 1, &remote, 1, 0);

	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EFAULT;
}

/* The bytes at `pc` that can be read (up to X86_MAX_INSN). */
static size_t insn_bytes(struct harness *h, uint64_t pc, uint8_t *buf)
{
	size_t n = 0;

	if (read_mem(h, pc, buf, X86_MAX_INSN) == 0)
		return X86_MAX_INSN;
	while (n < X86_MAX_INSN && read_mem(h, pc + n, buf + n, 1) == 0)
		n++;
	return n;
}

static bool decode_at(struct harness *h, uint64_t pc, struct x86_insn *in)
{
	uint8_t buf[X86_MAX_INSN];

	return x86_insn_decode(buf, insn_bytes(h, pc, buf), in) == 0;
}

static bool is_rep_string(struct harness *h, uint64_t pc)
{
	struct x86_insn in;
	uint8_t op;

	if (!decode_at(h, pc, &in) || !in.rep || in.map != X86_MAP_1BYTE || in.vex)
		return false;
	op = in.opcode;
	return (op >= 0x6c && op <= 0x6f) || (op >= 0xa4 && op <= 0xa7) ||
	       (op >= 0xaa && op <= 0xaf);
}

/* An xbegin at `pc` whose abort path's first instruction ends at `rip`. */
static bool is_xbegin_abort(struct harness *h, uint64_t pc, uint64_t rip)
{
	struct x86_insn in, first;
	uint64_t abort;

	if (!decode_at(h, pc, &in) || in.vex || in.map != X86_MAP_1BYTE ||
	    in.opcode != 0xc7 || in.modrm != 0xf8)
		return false;
	abort = pc + in.len + (uint64_t)(int64_t)(int32_t)(uint32_t)in.imm;
	return decode_at(h, abort, &first) && rip == abort + first.len;
}

static void report(struct harness *h, uint64_t pc, const struct arch_next_pc *out, int n,
		   uint64_t rip, int sig)
{
	uint8_t buf[X86_MAX_INSN];
	size_t len = insn_bytes(h, pc, buf);

	if (h->mismatches > MAX_REPORTS)
		return;
	fprintf(stderr, "mismatch at step %ld: pc %#" PRIx64 " bytes", h->steps, pc);
	for (size_t i = 0; i < len; i++)
		fprintf(stderr, " %02x", buf[i]);
	if (n < 0)
		fprintf(stderr, ": decoder error %d (%s)", n, strerror(-n));
	else
		fprintf(stderr, ": predicted");
	for (int i = 0; i < n; i++)
		fprintf(stderr, " %#" PRIx64, out[i].addr);
	fprintf(stderr, "; observed %#" PRIx64 " (stop signal %d)\n", rip, sig);
}

static bool predicted(const struct arch_next_pc *out, int n, uint64_t rip)
{
	for (int i = 0; i < n; i++)
		if (out[i].addr == rip)
			return true;
	return false;
}

/* Step once; 1: stopped (`*sig` is the stop signal), 0: the child ended. */
static int step(struct harness *h, int deliver, int *sig)
{
	int status;

	if (ptrace(PTRACE_SINGLESTEP, h->pid, 0, (void *)(long)deliver) < 0 ||
	    waitpid(h->pid, &status, 0) < 0) {
		perror("x86_diff: step");
		exit(2);
	}
	if (!WIFSTOPPED(status))
		return 0;
	*sig = WSTOPSIG(status);
	if (ptrace(PTRACE_GETREGS, h->pid, 0, &h->regs) < 0) {
		perror("x86_diff: PTRACE_GETREGS");
		exit(2);
	}
	return 1;
}

/*
 * Step over an instruction the kernel's step oversteps here, as rstub does:
 * an int3 at `next', PTRACE_CONT, the byte put back and rip rewound onto
 * it. Returns as step() does.
 */
static int step_to(struct harness *h, uint64_t next, int *sig)
{
	int status;
	long word;

	errno = 0;
	word = ptrace(PTRACE_PEEKDATA, h->pid, (void *)next, 0);
	if (errno || ptrace(PTRACE_POKEDATA, h->pid, (void *)next, (void *)((word & ~0xffL) | 0xcc)) < 0 ||
	    ptrace(PTRACE_CONT, h->pid, 0, 0) < 0 || waitpid(h->pid, &status, 0) < 0) {
		perror("x86_diff: step with a breakpoint");
		exit(2);
	}
	if (!WIFSTOPPED(status))
		return 0;
	*sig = WSTOPSIG(status);
	if (ptrace(PTRACE_POKEDATA, h->pid, (void *)next, (void *)word) < 0 ||
	    ptrace(PTRACE_GETREGS, h->pid, 0, &h->regs) < 0) {
		perror("x86_diff: ptrace");
		exit(2);
	}
	if (*sig == SIGTRAP && h->regs.rip == next + 1) {
		h->regs.rip = next;
		if (ptrace(PTRACE_SETREGS, h->pid, 0, &h->regs) < 0) {
			perror("x86_diff: PTRACE_SETREGS");
			exit(2);
		}
	}
	return 1;
}

/* Step once as the ground truth says: by the kernel, or by an int3 after
 * an instruction the kernel oversteps here. */
static int step_truth(struct harness *h, uint64_t pc, int *sig)
{
	uint8_t buf[X86_MAX_INSN];
	size_t avail = insn_bytes(h, pc, buf);
	unsigned len;

	if (!avail || !lprobe_insn_oversteps(buf, avail, &len))
		return step(h, 0, sig);
	h->intercepted++;
	return step_to(h, pc + len, sig);
}

/* One compared step; returns 0 when the child ended. */
static int compare_step(struct harness *h, int *pending)
{
	const struct arch_step_ctx ctx = { h, read_mem, read_reg };
	struct arch_next_pc out[ARCH_MAX_NEXT_PCS];
	uint64_t pc = h->regs.rip;
	int n = x86_64_next_pcs(&ctx, pc, out), sig;
	struct x86_insn in;

	if (!step_truth(h, pc, &sig))
		return 0;
	h->steps++;
	if (decode_at(h, pc, &in) && in.vex) {
		h->vex += in.vex != 0x62;
		h->evex += in.vex == 0x62;
	}
	if (sig != SIGTRAP) {
		*pending = sig;
		if (h->regs.rip == pc) {
			h->faults++;
			return 1;
		}
	}
	if (n > 0 && predicted(out, n, h->regs.rip))
		return 1;
	if (h->regs.rip == pc && is_rep_string(h, pc)) {
		h->rep_iters++;
		return 1;
	}
	if (is_xbegin_abort(h, pc, h->regs.rip)) {
		h->xaborts++;
		return 1;
	}
	h->mismatches++;
	report(h, pc, out, n, h->regs.rip, sig);
	return 1;
}

static void run(struct harness *h, const struct options *o)
{
	int pending = 0, sig, status;

	if (waitpid(h->pid, &status, 0) < 0 || !WIFSTOPPED(status)) {
		fprintf(stderr, "x86_diff: %s did not stop at exec\n", o->argv[0]);
		exit(2);
	}
	if (ptrace(PTRACE_SETOPTIONS, h->pid, 0, (void *)PTRACE_O_EXITKILL) < 0 ||
	    ptrace(PTRACE_GETREGS, h->pid, 0, &h->regs) < 0) {
		perror("x86_diff: ptrace");
		exit(2);
	}
	for (;;) {
		if (o->max_steps && h->steps >= o->max_steps) {
			kill(h->pid, SIGKILL);
			waitpid(h->pid, &status, 0);
			return;
		}
		if (pending) {
			h->signal_steps++;
			sig = pending;
			pending = 0;
			if (!step(h, sig, &sig))
				return;
			if (sig != SIGTRAP)
				pending = sig;
			continue;
		}
		if (!compare_step(h, &pending))
			return;
	}
}

static void child(const struct options *o)
{
	int null = open("/dev/null", O_WRONLY);

	if (null < 0 || dup2(null, STDOUT_FILENO) < 0)
		_exit(127);
	if (o->stdin_file) {
		int in = open(o->stdin_file, O_RDONLY);

		if (in < 0 || dup2(in, STDIN_FILENO) < 0)
			_exit(127);
	}
	if (ptrace(PTRACE_TRACEME, 0, 0, 0) < 0)
		_exit(127);
	execv(o->argv[0], o->argv);
	_exit(127);
}

/* Which instructions the kernel's step oversteps here, before any step. */
static void describe_probe(const struct options *o)
{
	const struct lprobe *p = lprobe_host();

	printf("%s: kernel steps over intercepted instructions: %s%s\n", o->name,
	       p->insn_oversteps ? "some overstep, stepped with an int3 after them instead"
	                         : "all exact",
	       p->insn_forced ? " (forced by --assume-broken)" : "");
}

static void usage(void)
{
	fprintf(stderr, "usage: x86_diff --name NAME --min-steps N [--max-steps M] "
			"[--stdin FILE] [--assume-broken LIST] PROG [ARGS...]\n");
	exit(2);
}

static void parse_args(int argc, char **argv, struct options *o)
{
	int i;

	for (i = 1; i + 1 < argc && !strncmp(argv[i], "--", 2); i += 2) {
		if (!strcmp(argv[i], "--name"))
			o->name = argv[i + 1];
		else if (!strcmp(argv[i], "--min-steps"))
			o->min_steps = atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--max-steps"))
			o->max_steps = atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--stdin"))
			o->stdin_file = argv[i + 1];
		else if (!strcmp(argv[i], "--assume-broken"))
			o->assume_broken = argv[i + 1];
		else
			usage();
	}
	if (i >= argc || !o->name || o->min_steps <= 0)
		usage();
	o->argv = argv + i;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	struct harness h = { 0 };
	struct timespec t0, t1;
	const char *bad = NULL;
	double secs;

	parse_args(argc, argv, &o);
	if (o.assume_broken && lprobe_assume_broken(o.assume_broken, &bad)) {
		fprintf(stderr, "x86_diff: --assume-broken: unknown '%s'\n", bad);
		return 2;
	}
	describe_probe(&o);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	h.pid = fork();
	if (h.pid < 0) {
		perror("x86_diff: fork");
		return 2;
	}
	if (h.pid == 0)
		child(&o);
	run(&h, &o);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%s: steps %ld mismatches %ld (vex %ld evex %ld) rep_iters %ld faults %ld "
	       "signal_steps %ld xaborts %ld intercepted %ld (%.2f s, %.2f us/step)\n",
	       o.name, h.steps, h.mismatches, h.vex, h.evex, h.rep_iters, h.faults,
	       h.signal_steps, h.xaborts, h.intercepted, secs,
	       h.steps ? secs * 1e6 / (double)h.steps : 0.0);
	if (h.mismatches || h.steps < o.min_steps) {
		if (h.steps < o.min_steps)
			fprintf(stderr, "%s: fewer than %ld compared steps\n", o.name,
				o.min_steps);
		return 1;
	}
	return 0;
}
