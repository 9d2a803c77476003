/*
 * arm_diff — differential test of the ARM next-PC decoder against qemu-arm.
 *
 *   arm_diff --qemu qemu-arm --min-steps N [--max-steps M] --name NAME PROG [ARGS...]
 *
 * Runs PROG under `qemu-arm -g SOCKET` and single-steps it over RSP from the
 * first instruction to exit. Before every step the decoder (arm_next_pcs)
 * predicts the next PCs from live registers (`g`) and memory (`m`); after
 * it, the observed PC must be one of them, with the right breakpoint kind.
 * Where qemu and a breakpoint stepper legitimately differ:
 *  - qemu stops on condition-failed Thumb IT slots, where a breakpoint never
 *    traps: those stops are stepped over (the first executed instruction is
 *    compared) — FINDINGS.md, "differential test".
 *  - an ldrex..strex sequence is one decoder step: qemu is stepped until it
 *    reaches one of the predicted addresses (at most ATOMIC_STEPS steps).
 *  - a signal stop (not SIGTRAP) is delivered with the next step, which is
 *    not compared (signal delivery is not the instruction's doing).
 * Prints one summary line; exits 0 with zero mismatches and at least N
 * compared steps.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "decode_arm.h"
#include "hex.h"
#include "rsp_client.h"

enum { ATOMIC_STEPS = 256, MAX_REPORTS = 20, CACHE_LINES = 16, LINE = 64 };

struct line {
	bool valid;
	uint32_t base;
	uint8_t bytes[LINE];
};

struct harness {
	struct rsp_client rsp;
	uint32_t regs[16], cpsr;
	struct line cache[CACHE_LINES]; /* memory read this step */
	long steps, mismatches, it_skips, atomics, signal_steps, qemu_steps, svcs;
};

static int read_reg(void *ctx, int regnum, uint64_t *val)
{
	struct harness *h = ctx;

	if (regnum >= 0 && regnum < 16)
		*val = h->regs[regnum];
	else if (regnum == ARM_REG_CPSR)
		*val = h->cpsr;
	else
		return -EINVAL;
	return 0;
}

static int read_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
	struct harness *h = ctx;
	uint32_t base = (uint32_t)addr & ~(uint32_t)(LINE - 1);
	struct line *l;
	int i, err;

	if ((addr & (LINE - 1)) + len > LINE)
		return rsp_read_mem(&h->rsp, addr, buf, len);
	for (i = 0; i < CACHE_LINES; i++) {
		l = &h->cache[i];
		if (l->valid && l->base == base)
			goto hit;
		if (!l->valid)
			break;
	}
	if (i == CACHE_LINES)
		return rsp_read_mem(&h->rsp, addr, buf, len);
	err = rsp_read_mem(&h->rsp, base, l->bytes, LINE);
	if (err) /* the line crosses into unmapped memory: read exactly */
		return rsp_read_mem(&h->rsp, addr, buf, len);
	l->valid = true;
	l->base = base;
hit:
	memcpy(buf, l->bytes + (addr - base), len);
	return 0;
}

static int fetch_regs(struct harness *h)
{
	uint8_t b[68];
	int n, i;

	memset(h->cache, 0, sizeof(h->cache));
	n = rsp_cmd(&h->rsp, "g");
	if (n < 0)
		return n;
	if (n < 2 * 68 || hex_decode(b, h->rsp.reply, 68) < 0)
		return -EPROTO;
	for (i = 0; i < 17; i++) {
		uint32_t v = (uint32_t)b[4 * i] | (uint32_t)b[4 * i + 1] << 8 |
		             (uint32_t)b[4 * i + 2] << 16 | (uint32_t)b[4 * i + 3] << 24;

		if (i < 16)
			h->regs[i] = v;
		else
			h->cpsr = v;
	}
	return 0;
}

/* The stop after a step: 0 trap, >0 signal number, -1 exited, <-1 error. */
static int step(struct harness *h, int sig)
{
	int n, s;

	h->qemu_steps++;
	n = sig ? rsp_cmd(&h->rsp, "vCont;S%02x", sig) : rsp_cmd(&h->rsp, "s");
	if (n < 0)
		return n;
	if (h->rsp.reply[0] == 'W' || h->rsp.reply[0] == 'X')
		return -1;
	if ((h->rsp.reply[0] != 'T' && h->rsp.reply[0] != 'S') ||
	    sscanf(h->rsp.reply + 1, "%2x", &s) != 1)
		return -EPROTO;
	return s == SIGTRAP ? 0 : s;
}

/* Test-side condition check, independent of the decoder's. */
static bool cond_ok(unsigned cond, uint32_t cpsr)
{
	bool n = cpsr >> 31 & 1, z = cpsr >> 30 & 1, c = cpsr >> 29 & 1, v = cpsr >> 28 & 1;
	bool r[8] = { z, c, n, v, c && !z, n == v, n == v && !z, true };

	return cond == 0xf || ((cond & 1) && cond != 0xf ? !r[cond >> 1] : r[cond >> 1]);
}

/* qemu stopped on a Thumb IT slot whose condition fails (never a bp stop). */
static bool it_slot_failed(const struct harness *h)
{
	unsigned it = (h->cpsr >> 8 & 0xfc) | (h->cpsr >> 25 & 3);

	return (h->cpsr & 0x20) && (it & 0xf) && !cond_ok(it >> 4, h->cpsr);
}

static bool at_ldrex(struct harness *h)
{
	uint32_t pc = h->regs[15], w;
	uint8_t b[4];

	if (read_mem(h, pc, b, 4))
		return false;
	w = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
	if (!(h->cpsr & 0x20))
		return (w & 0x0f900fff) == 0x01900f9f;
	if ((w & 0xfff0) == 0xe850)
		return true;
	return (w & 0xfff0) == 0xe8d0 && ((w >> 20 & 0xf) == 4 || (w >> 20 & 0xf) == 5 ||
	                                  (w >> 20 & 0xf) == 7);
}

/* The breakpoint kind a stepper would need at the current pc. */
static int kind_here(struct harness *h)
{
	uint8_t b[2];

	if (!(h->cpsr & 0x20))
		return ARM_BP_KIND_ARM;
	if (read_mem(h, h->regs[15], b, 2))
		return -1;
	return ((b[1] << 8 | b[0]) & 0xf800) >= 0xe800 ? ARM_BP_KIND_THUMB2 : ARM_BP_KIND_THUMB;
}

static bool predicted(struct harness *h, const struct arch_next_pc *out, int n)
{
	int i, kind = kind_here(h);

	for (i = 0; i < n; i++)
		if (out[i].addr == h->regs[15] && out[i].bp_kind == kind)
			return true;
	return false;
}

static void report(struct harness *h, const char *name, uint32_t pc, uint32_t cpsr,
                   const struct arch_next_pc *out, int n, const char *why)
{
	uint8_t b[4] = { 0 };
	int i;

	if (h->mismatches++ >= MAX_REPORTS)
		return;
	read_mem(h, pc, b, 4); /* best effort; the line cache was reset */
	fprintf(stderr, "%s: MISMATCH step %ld at %08" PRIx32 " (%s, insn %02x%02x%02x%02x):"
	        " %s; observed %08" PRIx32 " kind %d; predicted",
	        name, h->steps, pc, (cpsr & 0x20) ? "thumb" : "arm", b[3], b[2], b[1], b[0],
	        why, h->regs[15], kind_here(h));
	for (i = 0; i < n; i++)
		fprintf(stderr, " %08" PRIx64 "/%d", out[i].addr, out[i].bp_kind);
	fprintf(stderr, n < 0 ? " error %d\n" : "\n", n);
}

/*
 * qemu 7.2 loses the single-step trap of an svc and stops one instruction
 * late. There the harness does what a breakpoint stepper does: plant the
 * predicted breakpoints and continue. A wrong prediction lets the program
 * run away (another stop or exit): a mismatch all the same.
 */
static int run_to(struct harness *h, const struct arch_next_pc *out, int n)
{
	int i, r, s;

	for (i = 0; i < n; i++)
		if (rsp_cmd(&h->rsp, "Z0,%" PRIx64 ",%d", out[i].addr, out[i].bp_kind) < 0 ||
		    strcmp(h->rsp.reply, "OK"))
			return -EPROTO;
	h->qemu_steps++;
	r = rsp_cmd(&h->rsp, "c");
	if (r < 0)
		return r;
	if (h->rsp.reply[0] == 'W' || h->rsp.reply[0] == 'X')
		return -1;
	if ((h->rsp.reply[0] != 'T' && h->rsp.reply[0] != 'S') ||
	    sscanf(h->rsp.reply + 1, "%2x", &s) != 1)
		return -EPROTO;
	for (i = 0; i < n; i++)
		if (rsp_cmd(&h->rsp, "z0,%" PRIx64 ",%d", out[i].addr, out[i].bp_kind) < 0)
			return -EPROTO;
	return s == SIGTRAP ? 0 : s;
}

static bool at_svc(struct harness *h)
{
	uint8_t b[4];

	if (read_mem(h, h->regs[15], b, 4))
		return false;
	if (h->cpsr & 0x20)
		return b[1] == 0xdf;
	return (b[3] & 0x0f) == 0x0f && (b[3] & 0xf0) != 0xf0;
}

/*
 * Step until qemu stops on an instruction that executes (see header); with
 * `out`, run to those breakpoints instead of the first step.
 */
static int step_executed(struct harness *h, int sig, const struct arch_next_pc *out, int n)
{
	int s = out ? run_to(h, out, n) : step(h, sig), err;

	while (s == 0) {
		if ((err = fetch_regs(h)))
			return err;
		if (!it_slot_failed(h))
			return 0;
		h->it_skips++;
		s = step(h, 0);
	}
	if (s > 0 && (err = fetch_regs(h)))
		return err;
	return s;
}

/* One decoder step. Returns 0 to go on, 1 when PROG exited, or -errno. */
static int one_step(struct harness *h, const char *name, int *pending_sig)
{
	struct arch_step_ctx c = { .ctx = h, .read_mem = read_mem, .read_reg = read_reg };
	struct arch_next_pc out[ARCH_MAX_NEXT_PCS];
	uint32_t pc = h->regs[15], cpsr = h->cpsr;
	int n, s, i;
	bool atomic, svc;

	if (*pending_sig) { /* deliver it; where the handler starts is not compared */
		s = step_executed(h, *pending_sig, NULL, 0);
		*pending_sig = s > 0 ? s : 0;
		h->signal_steps++;
		return s == -1 ? 1 : s < -1 ? s : 0;
	}
	n = arm_next_pcs(&c, pc, out);
	atomic = n > 0 && at_ldrex(h);
	svc = n > 0 && at_svc(h);
	s = step_executed(h, 0, svc ? out : NULL, n);
	if (s == -1)
		return 1;
	if (s < -1)
		return s;
	if (s > 0) {
		*pending_sig = s;
		h->signal_steps++;
		return 0;
	}
	for (i = 0; atomic && !predicted(h, out, n) && i < ATOMIC_STEPS; i++) {
		s = step_executed(h, 0, NULL, 0);
		if (s)
			return s == -1 ? 1 : s < -1 ? s : -EINTR;
	}
	h->atomics += atomic;
	h->svcs += svc;
	h->steps++;
	if (n < 0)
		report(h, name, pc, cpsr, out, n, "decode error");
	else if (!predicted(h, out, n))
		report(h, name, pc, cpsr, out, n, atomic ? "ldrex sequence" : "not predicted");
	return 0;
}

static int setup(struct harness *h)
{
	int n, off = 0;

	if (rsp_cmd(&h->rsp, "qSupported:swbreak+;hwbreak+;xmlRegisters=arm") < 0)
		return -EPROTO;
	/* Reading target.xml switches qemu 7.2 to the gdbserver 'g' layout. */
	do {
		n = rsp_cmd(&h->rsp, "qXfer:features:read:target.xml:%x,800", off);
		if (n < 1 || (h->rsp.reply[0] != 'm' && h->rsp.reply[0] != 'l'))
			return -EPROTO;
		off += n - 1;
	} while (h->rsp.reply[0] == 'm');
	if (rsp_cmd(&h->rsp, "?") < 0)
		return -EPROTO;
	return fetch_regs(h);
}

static pid_t spawn_qemu(const char *qemu, const char *sock, char **prog)
{
	char *argv[64] = { (char *)qemu, "-g", (char *)sock };
	pid_t pid;
	int i;

	for (i = 0; prog[i] && i < 60; i++)
		argv[3 + i] = prog[i];
	pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "r", stdin) || !freopen("/dev/null", "w", stdout))
			_exit(127);
		execvp(qemu, argv);
		_exit(127);
	}
	return pid;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int usage(void)
{
	fprintf(stderr, "usage: arm_diff --qemu QEMU --min-steps N [--max-steps M] "
	                "--name NAME PROG [ARGS...]\n");
	return 2;
}

int main(int argc, char **argv)
{
	static struct harness h;
	const char *qemu = "qemu-arm", *name = "prog";
	long min = 0, max = 100000000;
	char dir[] = "/tmp/arm_diff.XXXXXX", sock[64];
	int i, err = 0, status, pending = 0;
	double t0;
	pid_t pid;

	for (i = 1; i + 1 < argc && !strncmp(argv[i], "--", 2); i += 2) {
		if (!strcmp(argv[i], "--qemu"))
			qemu = argv[i + 1];
		else if (!strcmp(argv[i], "--name"))
			name = argv[i + 1];
		else if (!strcmp(argv[i], "--min-steps"))
			min = atol(argv[i + 1]);
		else if (!strcmp(argv[i], "--max-steps"))
			max = atol(argv[i + 1]);
		else
			return usage();
	}
	if (i >= argc)
		return usage();
	if (!mkdtemp(dir))
		return perror("mkdtemp"), 1;
	snprintf(sock, sizeof(sock), "%s/gdb.sock", dir);
	pid = spawn_qemu(qemu, sock, argv + i);
	if (pid < 0)
		return perror("fork"), 1;
	t0 = now();
	err = rsp_connect_unix(&h.rsp, sock, pid);
	if (!err)
		err = setup(&h);
	while (!err && h.steps < max)
		err = one_step(&h, name, &pending);
	if (err == 1)
		err = 0;
	else if (!err) /* --max-steps reached */
		rsp_cmd(&h.rsp, "k");
	rsp_close(&h.rsp);
	if (err)
		kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	unlink(sock);
	rmdir(dir);
	printf("%s: steps=%ld mismatches=%ld (qemu steps %ld, IT slots skipped %ld, "
	       "ldrex units %ld, svc %ld, signal steps %ld) in %.1f s\n",
	       name, h.steps, h.mismatches, h.qemu_steps, h.it_skips, h.atomics,
	       h.svcs, h.signal_steps, now() - t0);
	if (err)
		fprintf(stderr, "%s: harness error %d (%s)\n", name, err, strerror(-err));
	if (!err && h.steps < min)
		fprintf(stderr, "%s: only %ld steps, want %ld\n", name, h.steps, min);
	return err || h.mismatches || h.steps < min;
}
