/* linux_probe — start-up probes of what the host delivers; see linux_probe.h. */
#include "linux_probe.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "arch/arch.h"
#include "debug.h"
#include "linux_hwdbg.h"
#include "linux_target.h"

static struct lprobe host;
static bool probed;
static uint32_t assumed_insns, assumed; /* --assume-broken */

/* Wait for the child's next stop: its signal, or -ECHILD when it is gone. */
static int stop_signal(pid_t pid)
{
	int status;

	if (lwaitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
		return -ECHILD;
	return WSTOPSIG(status);
}

/* Run the child from `at' by one kernel step; its PC afterwards in *pc.
 * -EPERM: the kernel refused the step; -EIO: no step trap came. */
static int step_from(pid_t pid, const struct lprobe_arch *a, uint64_t at, uint64_t *pc)
{
	int sig;

	if (a->set_pc(pid, at) < 0)
		return -EIO;
	if (lptrace(PTRACE_SINGLESTEP, pid, NULL, NULL) < 0)
		return -EPERM;
	sig = stop_signal(pid);
	if (sig < 0)
		return sig;
	return sig == SIGTRAP && a->get_pc(pid, pc) == 0 ? 0 : -EIO;
}

static void probe_step(pid_t pid, const struct lprobe_arch *a, struct lprobe *r)
{
	uint64_t pc = 0;
	int ret;

	if (!a->plain) { /* no code to step: whether the kernel accepts it */
		r->step_accepted = lptrace(PTRACE_SINGLESTEP, pid, NULL, NULL) == 0;
		if (r->step_accepted)
			stop_signal(pid);
		return;
	}
	ret = step_from(pid, a, a->plain, &pc);
	r->step_accepted = ret != -EPERM;
	if (ret == 0)
		r->step = pc == a->plain + a->plain_len ? LPROBE_WORKS : LPROBE_BROKEN;
	debug(DBG_ARCH, "probe: step from %#llx ends at %#llx (%d)",
	      (unsigned long long)a->plain, (unsigned long long)pc, ret);
}

static void probe_insns(pid_t pid, const struct lprobe_arch *a, struct lprobe *r)
{
	const struct arch *arch = arch_native();
	uint64_t pc, next;
	unsigned i;

	for (i = 0; i < arch->nintercepted && i < LPROBE_MAX_INSNS; i++) {
		if (!a->insn[i] || !a->cpu_has(i) || step_from(pid, a, a->insn[i], &pc) < 0)
			continue;
		next = a->insn[i] + a->insn_len[i];
		if (pc != next && pc != next + 1)
			continue; /* neither answer: not counted as tested */
		r->insn_tested |= 1u << i;
		if (pc != next)
			r->insn_oversteps |= 1u << i;
	}
}

/* Set one debug-register breakpoint or watchpoint, run the child from
 * `start' to its trap, and see whether the slot fired. */
static enum lprobe_answer probe_dr(pid_t pid, const struct lprobe_arch *a,
                                   enum target_bp_type type, uint64_t addr, int kind,
                                   uint64_t start)
{
	const struct lhw_arch *hw = lhw_arch();
	_Alignas(8) uint8_t m[LHW_MIRROR_MAX];
	enum thread_event_kind ev;
	uint64_t hit_addr;
	siginfo_t si;
	bool hit = false;

	hw->init(m);
	if (hw->insert(m, type, addr, kind) < 0 || hw->write_thread(m, pid) < 0)
		return LPROBE_BROKEN; /* refused: as good as never firing */
	if (a->set_pc(pid, start) == 0 && lptrace(PTRACE_CONT, pid, NULL, NULL) == 0 &&
	    stop_signal(pid) == SIGTRAP && lptrace(PTRACE_GETSIGINFO, pid, NULL, &si) == 0)
		hit = hw->hit(m, pid, &si, &ev, &hit_addr);
	hw->init(m);
	hw->write_thread(m, pid);
	return hit ? LPROBE_WORKS : LPROBE_BROKEN;
}

static void run_probes(pid_t pid, struct lprobe *r)
{
	const struct lprobe_arch *a = lprobe_arch();

	if (stop_signal(pid) != SIGSTOP) {
		r->error = "the scratch child did not stop";
		return;
	}
	probe_step(pid, a, r);
	if (r->step_accepted && a->plain)
		probe_insns(pid, a, r);
	if (!a->dr_exec)
		return;
	r->dr_exec = probe_dr(pid, a, TARGET_BP_HW, a->dr_exec, 1, a->dr_exec);
	r->dr_write = probe_dr(pid, a, TARGET_WP_WRITE, a->dr_data, 4, a->dr_store);
}

static unsigned usec_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (unsigned)((t1.tv_sec - t0->tv_sec) * 1000000 +
	                  (t1.tv_nsec - t0->tv_nsec) / 1000);
}

static void apply_assumptions(struct lprobe *r)
{
	r->forced = assumed;
	if (assumed & LPROBE_FORCE_DR_EXEC)
		r->dr_exec = LPROBE_BROKEN;
	if (assumed & LPROBE_FORCE_DR_WRITE)
		r->dr_write = LPROBE_BROKEN;
	r->insn_forced = assumed_insns;
	r->insn_tested |= assumed_insns;
	r->insn_oversteps |= assumed_insns;
}

const struct lprobe *lprobe_host(void)
{
	struct timespec t0;
	int status;
	pid_t pid;

	if (probed)
		return &host;
	probed = true;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		_exit(0);
	}
	if (pid < 0) {
		host.error = "fork failed";
	} else {
		run_probes(pid, &host);
		kill(pid, SIGKILL);
		while (lwaitpid(pid, &status, 0) == pid && !WIFEXITED(status) &&
		       !WIFSIGNALED(status))
			;
	}
	host.usec = usec_since(&t0);
	apply_assumptions(&host);
	return &host;
}

static int insn_index(const char *name, size_t len)
{
	const struct arch *a = arch_native();
	unsigned i;

	for (i = 0; i < a->nintercepted && i < LPROBE_MAX_INSNS; i++) {
		if (strlen(a->intercepted_names[i]) == len &&
		    !strncmp(a->intercepted_names[i], name, len))
			return (int)i;
	}
	return -1;
}

static bool word_is(const char *w, size_t len, const char *name)
{
	return strlen(name) == len && !strncmp(w, name, len);
}

int lprobe_assume_broken(const char *list, const char **bad)
{
	const char *w = list, *end;
	size_t len;
	int i;

	for (; *w; w = *end ? end + 1 : end) {
		end = strchrnul(w, ',');
		len = (size_t)(end - w);
		i = insn_index(w, len);
		if (i >= 0)
			assumed_insns |= 1u << i;
		else if (word_is(w, len, "insns"))
			assumed_insns |= (1u << arch_native()->nintercepted) - 1;
		else if (word_is(w, len, "dregs"))
			assumed |= LPROBE_FORCE_DR_EXEC | LPROBE_FORCE_DR_WRITE;
		else if (word_is(w, len, "dr-exec"))
			assumed |= LPROBE_FORCE_DR_EXEC;
		else if (word_is(w, len, "dr-write"))
			assumed |= LPROBE_FORCE_DR_WRITE;
		else {
			*bad = w;
			return -EINVAL;
		}
	}
	return 0;
}

bool lprobe_insn_oversteps(const uint8_t *insn, size_t avail, unsigned *len)
{
	const struct lprobe *p = lprobe_host();
	const struct arch *a = arch_native();
	int i;

	if (!p->insn_oversteps || !a->intercepted_at)
		return false;
	i = a->intercepted_at(insn, avail, len);
	return i >= 0 && ((p->insn_oversteps >> i) & 1);
}

static const char *assumed_note(bool assumed)
{
	return assumed ? " (assumed: --assume-broken)" : "";
}

static void describe_dr(const struct lprobe *p, struct strbuf *out, const char *what,
                        enum lprobe_answer ans, uint32_t bit, const char *fallback)
{
	strbuf_addf(out, "%s: %s%s\n", what,
	            ans == LPROBE_UNTESTED ? "not probed on this arch (trusted)"
	            : ans == LPROBE_WORKS  ? "traps"
	                                   : fallback,
	            assumed_note(p->forced & bit));
}

void lprobe_describe(const struct lprobe *p, struct strbuf *out)
{
	const struct arch *a = arch_native();
	unsigned i;

	if (p->error)
		strbuf_addf(out, "probes: could not run: %s\n", p->error);
	strbuf_addf(out, "single-step: %s\n",
	            !p->step_accepted              ? "refused by the kernel (software steps)"
	            : p->step == LPROBE_WORKS      ? "exact"
	            : p->step == LPROBE_BROKEN     ? "lands elsewhere than the next instruction"
	                                           : "accepted (not checked on this arch)");
	for (i = 0; i < a->nintercepted && i < LPROBE_MAX_INSNS; i++) {
		const char *what = !((p->insn_tested >> i) & 1) ? "not tried (the CPU lacks it)"
		                   : (p->insn_oversteps >> i) & 1
		                           ? "one instruction too far: stepped with a "
		                             "breakpoint after it"
		                           : "exact";

		strbuf_addf(out, "single-step over %s: %s%s\n", a->intercepted_names[i], what,
		            assumed_note((p->insn_forced >> i) & 1));
	}
	describe_dr(p, out, "hardware breakpoint", p->dr_exec, LPROBE_FORCE_DR_EXEC,
	            "never traps: hbreak is planted in memory, invisibly");
	describe_dr(p, out, "hardware watchpoint", p->dr_write, LPROBE_FORCE_DR_WRITE,
	            "never traps: watch and awatch (rwatch too, as an access "
	            "watchpoint) are emulated by stepping");
	strbuf_addf(out, "probes took %u us\n", p->usec);
}
