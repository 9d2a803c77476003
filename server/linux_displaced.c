/* linux_displaced — displaced stepping; see linux_displaced.h. */
#include "linux_displaced.h"

#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <string.h>
#include <sys/wait.h>

#include "debug.h"
#include "linux_probe.h"
#include "linux_target.h"
#include "tdesc.h"

/* ---- the scratch area ---- */

/* A page of the program's own for the slots: mapped by th (a system call
 * run for us), read and execute only (rstub writes through ptrace). */
static int map_page(struct linux_target *lt, struct lthread *th)
{
	struct ldisplaced *d = &lt->disp;
	const uint64_t args[6] = { 0, LDISP_PAGE, PROT_READ | PROT_EXEC,
	                           MAP_PRIVATE | MAP_ANONYMOUS, (uint64_t)-1, 0 };
	uint64_t addr;
	int ret;

	if (!lt->base.arch->syscall_insn)
		return -ENOTSUP;
	ret = linject_syscall(lt, th, lt->base.arch->syscall_mmap_nr, args, &addr);
	if (ret < 0)
		return ret;
	if (addr > (uint64_t)-4096)
		return (int)addr;
	d->area = addr;
	d->nslots = LDISP_SLOTS;
	return 0;
}

/* The entry point's area: two slots, as gdb's (its first byte is gdb's). */
static int entry_area(struct linux_target *lt)
{
	struct ldisplaced *d = &lt->disp;
	uint64_t entry;
	int ret = lproc_auxv(lt->pid, AT_ENTRY, &entry);

	if (ret < 0)
		return ret;
	d->area = entry + 1;
	d->nslots = LDISP_ENTRY_SLOTS;
	return 0;
}

/*
 * Is the scratch area known? On first use, th (stopped on its breakpoint)
 * maps a page for it; where it cannot, the entry point's area. Not now
 * when th was stopped by something else while mapping (it is being
 * killed): the next thread tries again.
 */
static bool area_ready(struct linux_target *lt, struct lthread *th)
{
	struct ldisplaced *d = &lt->disp;
	int ret;

	if (d->probed)
		return d->probed > 0;
	ret = map_page(lt, th);
	if (ret == -EINTR)
		return false;
	if (ret < 0) {
		debug(DBG_STEP, "displaced stepping: no page of its own (%s)", strerror(-ret));
		ret = entry_area(lt);
	}
	d->probed = ret < 0 ? ret : 1;
	debug(DBG_STEP, "displaced stepping: %s, %u slots at %#" PRIx64,
	      ret < 0 ? "off, no entry point" : "on", d->nslots, d->area);
	return ret == 0;
}

static uint64_t slot_addr(const struct ldisplaced *d, unsigned i)
{
	return d->area + (uint64_t)i * ARCH_DISPLACED_MAX;
}

static bool overlaps(uint64_t a, size_t alen, uint64_t b, size_t blen)
{
	return a < b + blen && b < a + alen;
}

static int free_slot(const struct ldisplaced *d)
{
	unsigned i;

	for (i = 0; i < d->nslots; i++) {
		if (!d->slot[i].tid)
			return (int)i;
	}
	return -EBUSY;
}

/* Any planted breakpoint in [addr, addr + len)? */
static bool breakpoint_in(const struct linux_target *lt, uint64_t addr, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (bp_find(&lt->bps, addr + i))
			return true;
	}
	return false;
}

void ldisplaced_overlay(const struct linux_target *lt, uint64_t addr, uint8_t *buf,
                        size_t len)
{
	const struct ldisp_slot *s;
	uint64_t lo, hi, a;
	unsigned i;

	for (i = 0; i < LDISP_SLOTS; i++) {
		s = &lt->disp.slot[i];
		if (!s->tid || !overlaps(addr, len, s->plan.to, s->written))
			continue;
		lo = addr > s->plan.to ? addr : s->plan.to;
		hi = addr + len < s->plan.to + s->written ? addr + len
		                                          : s->plan.to + s->written;
		for (a = lo; a < hi; a++)
			buf[a - addr] = s->saved[a - s->plan.to];
	}
}

/* ---- registers ---- */

static int sp_regno(const struct linux_target *lt)
{
	const struct tdesc_reg *r = tdesc_find_reg(lt->base.tdesc, lt->base.arch->sp_reg);

	return r ? r->regnum : -ENOENT;
}

/* ---- starting ---- */

/* The slot's first `written` bytes of plan.insn in place, the original
 * ones saved. */
static int write_slot(struct linux_target *lt, struct ldisp_slot *s)
{
	int ret;

	if (breakpoint_in(lt, s->plan.to, s->written))
		return -EBUSY;
	ret = lmem_read_raw(lt, s->plan.to, s->saved, s->written);
	if (ret == 0)
		ret = lmem_write_raw(lt, s->plan.to, s->plan.insn, s->written);
	return ret;
}

/* Relocate the instruction at bp_pc into slot i. */
static int prepare(struct linux_target *lt, uint64_t bp_pc, unsigned i)
{
	struct ldisp_slot *s = &lt->disp.slot[i];
	uint64_t to = slot_addr(&lt->disp, i);
	uint8_t insn[ARCH_DISPLACED_MAX];
	ssize_t n = lmem_read(&lt->base, bp_pc, insn, sizeof(insn));
	unsigned len;
	int ret;

	if (n <= 0)
		return n < 0 ? (int)n : -EIO;
	if (overlaps(bp_pc, (size_t)n, lt->disp.area, lt->disp.nslots * ARCH_DISPLACED_MAX))
		return -ENOTSUP; /* stepping _start itself */
	if (lprobe_insn_oversteps(insn, (size_t)n, &len))
		return -ENOTSUP; /* the kernel's step would run past the slot */
	ret = lt->base.arch->displaced_prepare(insn, (size_t)n, bp_pc, to, &s->plan);
	if (ret < 0)
		return ret;
	s->written = s->plan.len;
	s->by_breakpoint = false;
	return write_slot(lt, s);
}

/* Scratch register and PC for the step. */
static int set_regs(struct linux_target *lt, struct lthread *th, struct ldisp_slot *s)
{
	int ret = 0;

	if (s->plan.scratch_reg >= 0) {
		ret = lregs_get_u64(lt, th, s->plan.scratch_reg, &s->scratch_saved);
		if (ret == 0)
			ret = lregs_set_u64(lt, th, s->plan.scratch_reg, s->plan.scratch_val);
	}
	if (ret == 0)
		ret = lregs_set_pc(lt, th, s->plan.to);
	if (ret == 0)
		ret = lregs_flush(lt, th);
	return ret;
}

/* Are threads single-stepped by the kernel (else: no displaced steps
 * but system calls run to a breakpoint)? */
static bool kernel_steps(const struct linux_target *lt)
{
	return lt->base.arch->displaced_prepare && !lt->sw_step && lt->base.arch->hw_step;
}

/* Can th step aside now (the slots' area aside)? */
static bool usable(struct linux_target *lt, struct lthread *th)
{
	/* a watch emulated by stepping must see the displaced instruction's
	 * write where it runs: stepped in place instead */
	return !lswatch_active(lt) && th->state == THREAD_STOPPED && !thread_has_event(th);
}

/* Slot i holds th's plan (and its relocated instruction): step it there. */
static bool launch(struct linux_target *lt, struct lthread *th, uint64_t bp_pc, int i)
{
	struct ldisp_slot *s = &lt->disp.slot[i];
	int ret = set_regs(lt, th, s);

	if (ret < 0) {
		lmem_write_raw(lt, s->plan.to, s->saved, s->written);
		lregs_invalidate(th);
		return false;
	}
	s->tid = th->tid;
	if (i < LDISP_SLOTS && !s->by_breakpoint)
		lt->stepovers.displaced++;
	else
		lt->stepovers.syscalls++;
	th->disp.phase = TDISP_STEPPING;
	th->disp.slot = (unsigned)i;
	th->hw_stepping = !s->by_breakpoint;
	thread_set_state(th, THREAD_STEPPING, NULL);
	debug(DBG_STEP,
	      "thread %d: displaced %s of %#" PRIx64 " in slot %d at %#" PRIx64,
	      th->tid, s->by_breakpoint ? "run to a breakpoint" : "step", bp_pc, i,
	      s->plan.to);
	/* failure: it died, its exit comes */
	lptrace_resume(th->tid, th->hw_stepping, 0);
	return true;
}

/* Step th displaced in slot i; false when it cannot be. */
static bool start_in(struct linux_target *lt, struct lthread *th, uint64_t bp_pc, int i)
{
	int ret = prepare(lt, bp_pc, (unsigned)i);

	if (ret < 0) {
		debug(DBG_STEP, "thread %d: no displaced step at %#" PRIx64 ": %s",
		      th->tid, bp_pc, strerror(-ret));
		return false;
	}
	return launch(lt, th, bp_pc, i);
}

/* ---- system calls ---- */

/* Is the instruction at bp_pc (read into insn) a system call that may run
 * away from its place, given th's registers? Its length in *len. */
static bool displaceable_syscall(struct linux_target *lt, struct lthread *th, uint64_t bp_pc,
				 uint8_t insn[ARCH_DISPLACED_MAX], unsigned *len)
{
	const struct arch *a = lt->base.arch;
	ssize_t n = lmem_read(&lt->base, bp_pc, insn, ARCH_DISPLACED_MAX);
	uint64_t nr;

	if (!a->syscall_insn_len || n <= 0)
		return false;
	*len = a->syscall_insn_len(insn, (size_t)n);
	return *len && lregs_get_u64(lt, th, a->syscall_nr_reg, &nr) == 0 &&
	       a->syscall_displaceable(nr);
}

/* th is on a system call that may run displaced: its plan in a free
 * system-call slot; the slot's index, or -errno. */
static int syscall_slot(struct linux_target *lt, struct lthread *th, uint64_t bp_pc)
{
	const struct arch *a = lt->base.arch;
	uint8_t insn[ARCH_DISPLACED_MAX];
	unsigned len;
	uint64_t to;
	int i;

	if (!displaceable_syscall(lt, th, bp_pc, insn, &len))
		return -ENOTSUP;
	to = linject_gadget(lt, insn, len);
	if (!to || breakpoint_in(lt, to, len))
		return -ENOTSUP;
	for (i = LDISP_SLOTS; i < LDISP_SLOTS + LDISP_SYSCALLS; i++) {
		if (!lt->disp.slot[i].tid)
			break;
	}
	if (i == LDISP_SLOTS + LDISP_SYSCALLS)
		return -EBUSY;
	lt->disp.slot[i].plan = (struct arch_displaced){
	        .from = bp_pc, .to = to, .len = len, .scratch_reg = -1,
	        .pc = ARCH_DISPLACED_PC_RELATIVE, .fix_reg = a->syscall_next_reg};
	lt->disp.slot[i].written = 0;
	lt->disp.slot[i].by_breakpoint = false;
	debug(DBG_STEP, "thread %d: system call at %#" PRIx64 " stepped at %#" PRIx64, th->tid,
	      bp_pc, to);
	return i;
}

/*
 * Without kernel steps: th's system call at bp_pc runs in a slot of
 * rstub's page with a breakpoint instruction after it, th running until it
 * traps there. False: no such call, no page, no free slot.
 */
static bool syscall_by_breakpoint(struct linux_target *lt, struct lthread *th, uint64_t bp_pc)
{
	const struct arch *a = lt->base.arch;
	uint8_t insn[ARCH_DISPLACED_MAX];
	struct ldisp_slot *s;
	unsigned len;
	int i;

	/* the page only for a system call: mapping it takes th's time */
	if (!displaceable_syscall(lt, th, bp_pc, insn, &len) ||
	    len + a->bp_len > ARCH_DISPLACED_MAX || !area_ready(lt, th) ||
	    lt->disp.nslots != LDISP_SLOTS)
		return false;
	i = free_slot(&lt->disp);
	if (i < 0)
		return false;
	s = &lt->disp.slot[i];
	s->plan = (struct arch_displaced){
	        .from = bp_pc, .to = slot_addr(&lt->disp, (unsigned)i), .len = len,
	        .scratch_reg = -1, .pc = ARCH_DISPLACED_PC_RELATIVE,
	        .fix_reg = a->syscall_next_reg};
	memcpy(s->plan.insn, insn, len);
	memcpy(s->plan.insn + len, a->bp_insn, a->bp_len);
	s->written = len + a->bp_len;
	s->by_breakpoint = true;
	return write_slot(lt, s) == 0 && launch(lt, th, bp_pc, i);
}

/* th waits for a slot (false: LDISP_WAITERS already do). */
static bool wait_for_slot(struct linux_target *lt, struct lthread *th)
{
	struct ldisplaced *d = &lt->disp;

	if (d->nwaiters == LDISP_WAITERS) {
		debug(DBG_STEP, "thread %d: %d threads wait for a displaced-step slot: "
		      "steps over in place", th->tid, LDISP_WAITERS);
		return false;
	}
	debug(DBG_STEP, "thread %d: waits for a displaced-step slot", th->tid);
	lt->stepovers.waits++;
	d->waiter[(d->waiter_head + d->nwaiters++) % LDISP_WAITERS] = th->tid;
	th->disp.phase = TDISP_WAITING;
	return true;
}

/* The oldest thread still waiting for a slot, taken off the queue; NULL:
 * none. */
static struct lthread *next_waiter(struct linux_target *lt)
{
	struct ldisplaced *d = &lt->disp;
	struct lthread *th;

	while (d->nwaiters) {
		th = threads_find(&lt->threads, d->waiter[d->waiter_head]);
		d->waiter_head = (d->waiter_head + 1) % LDISP_WAITERS;
		d->nwaiters--;
		if (th && th->disp.phase == TDISP_WAITING) {
			th->disp.phase = TDISP_NONE;
			return th;
		}
	}
	return NULL;
}

bool ldisplaced_start(struct linux_target *lt, struct lthread *th, uint64_t bp_pc)
{
	int i;

	if (!usable(lt, th))
		return false;
	if (!kernel_steps(lt))
		return syscall_by_breakpoint(lt, th, bp_pc);
	if (!area_ready(lt, th))
		return false;
	i = syscall_slot(lt, th, bp_pc);
	if (i >= 0)
		return launch(lt, th, bp_pc, i);
	i = free_slot(&lt->disp);
	if (i >= 0)
		return start_in(lt, th, bp_pc, i);
	return wait_for_slot(lt, th);
}

/*
 * A slot is free: the next waiting thread takes it (or, when it cannot,
 * runs on and traps on its breakpoint again). Not while a stop of every
 * thread is under way: it ends the waits (ldisplaced_all_stopped).
 */
static void start_waiter(struct linux_target *lt)
{
	struct lthread *th;
	uint64_t pc;
	int i;

	if (lt->state != PROC_LIVE || !lt->disp.nwaiters ||
	    threads_count_state(&lt->threads, THREAD_STOPPING))
		return;
	while ((th = next_waiter(lt))) {
		i = free_slot(&lt->disp);
		if (i >= 0 && lregs_get_pc(lt, th, &pc) == 0 && kernel_steps(lt) &&
		    usable(lt, th) && start_in(lt, th, pc, i))
			return;
		if (th->state == THREAD_STOPPED && !thread_has_event(th) &&
		    thread_set_state(th, THREAD_RUNNING, NULL) == 0)
			lswatch_run(lt, th, 0);
	}
}

void ldisplaced_all_stopped(struct linux_target *lt)
{
	while (next_waiter(lt))
		;
}

/* ---- ending ---- */

static void free_slot_of(struct linux_target *lt, struct lthread *th)
{
	struct ldisp_slot *s = &lt->disp.slot[th->disp.slot];

	if (lt->state == PROC_LIVE && s->written)
		lmem_write_raw(lt, s->plan.to, s->saved, s->written);
	s->tid = 0;
	th->disp.phase = TDISP_NONE;
	start_waiter(lt);
}

/*
 * The step is over, completed or not (PC on the slot): make th look as if
 * it had run the instruction in place, or never started it.
 */
static void finish(struct linux_target *lt, struct lthread *th, int status)
{
	struct ldisp_slot *s = &lt->disp.slot[th->disp.slot];
	uint64_t pc = 0, sp, to, ret_addr = s->plan.ret_addr, next;
	bool done;
	int sp_reg;

	lregs_get_pc(lt, th, &pc);
	done = pc != s->plan.to;
	if (done && s->plan.fix_return) {
		sp_reg = sp_regno(lt);
		if (sp_reg >= 0 && lregs_get_u64(lt, th, sp_reg, &sp) == 0)
			lmem_write_raw(lt, sp, &ret_addr, lt->base.arch->ptr_size);
	}
	if (done && s->plan.fix_reg >= 0 &&
	    lregs_get_u64(lt, th, s->plan.fix_reg, &next) == 0 &&
	    next == s->plan.to + s->plan.len)
		lregs_set_u64(lt, th, s->plan.fix_reg, s->plan.from + s->plan.len);
	to = done ? arch_displaced_fixup_pc(&s->plan, pc) : s->plan.from;
	lregs_set_pc(lt, th, to);
	if (s->plan.scratch_reg >= 0)
		lregs_set_u64(lt, th, s->plan.scratch_reg, s->scratch_saved);
	debug(DBG_STEP,
	      "thread %d: displaced step %s (status %#x), pc %#" PRIx64 " -> %#" PRIx64,
	      th->tid, done ? "done" : "undone", status, pc, to);
	free_slot_of(lt, th);
	lregs_flush(lt, th);
}

/*
 * The step's own trap: a SIGTRAP from the kernel (si_code > 0) that no
 * watchpoint explains. Usually TRAP_TRACE; as after `syscall', the kernel
 * may say TRAP_BRKPT for the end of a step, and the slot holds no
 * breakpoint instruction (they are refused) that could mean anything else.
 */
static bool step_trap(struct linux_target *lt, struct lthread *th, int status)
{
	struct thread_event hw;
	siginfo_t si;

	if (status >> 16 || WSTOPSIG(status) != SIGTRAP)
		return false;
	memset(&si, 0, sizeof(si));
	lptrace(PTRACE_GETSIGINFO, th->tid, NULL, &si);
	if (si.si_code != TRAP_TRACE)
		debug(DBG_STEP, "thread %d: displaced step ends with SIGTRAP si_code %#x",
		      th->tid, (unsigned)si.si_code);
	return si.si_code > 0 && !lhw_stop_reason(lt, th, &si, &hw);
}

/* The step's trap, pending behind a stop that overtook it, is taken now:
 * swallowed; th stops (STOPPING) or runs on (RUNNING) as it was going. */
static bool drained(struct linux_target *lt, struct lthread *th, int status)
{
	th->disp.phase = TDISP_NONE;
	if (!step_trap(lt, th, status))
		return false;
	debug(DBG_STEP, "thread %d: displaced step's trap taken", th->tid);
	if (th->state == THREAD_STOPPING)
		thread_set_state(th, THREAD_STOPPED, NULL);
	else
		lswatch_run(lt, th, 0);
	return true;
}

/* A system call run to the breakpoint after it: past that breakpoint
 * (x86 reports the PC after int3) is just after the call. */
static void before_breakpoint(struct linux_target *lt, struct lthread *th, uint64_t *pc)
{
	const struct ldisp_slot *s = &lt->disp.slot[th->disp.slot];
	size_t decr = lt->base.arch->decr_pc_after_break;

	if (s->by_breakpoint && decr && *pc == s->plan.to + s->plan.len + decr) {
		*pc -= decr;
		lregs_set_pc(lt, th, *pc);
	}
}

bool ldisplaced_stop(struct linux_target *lt, struct lthread *th, int status)
{
	uint64_t pc = 0;
	int event = status >> 16;
	bool trap = th->disp.phase == TDISP_STEPPING && step_trap(lt, th, status);

	if (th->disp.phase == TDISP_DRAIN)
		return drained(lt, th, status);
	lregs_get_pc(lt, th, &pc);
	before_breakpoint(lt, th, &pc);
	if (th->state == THREAD_STEPPING && (trap || event == PTRACE_EVENT_STOP) &&
	    pc == lt->disp.slot[th->disp.slot].plan.to) {
		/* between two iterations of a rep string instruction, or a
		 * group-stop or stale interrupt: go on with the step */
		lptrace_resume(th->tid, th->hw_stepping, 0);
		return true;
	}
	finish(lt, th, status);
	if (trap && th->state == THREAD_STOPPING) {
		/* the trap's stop cleared the requested one: this is it */
		thread_set_state(th, THREAD_STOPPED, NULL);
		return true;
	}
	if (th->state == THREAD_STEPPING)
		thread_set_state(th, THREAD_RUNNING, NULL);
	if (trap) {
		lswatch_run(lt, th, 0);
		return true;
	}
	if (event == PTRACE_EVENT_STOP && lproc_signal_pending(lt->pid, th->tid, SIGTRAP)) {
		th->disp.phase = TDISP_DRAIN;
		lswatch_run(lt, th, 0);
		return true;
	}
	return false;
}

void ldisplaced_gone(struct linux_target *lt, struct lthread *th)
{
	if (th->disp.phase == TDISP_STEPPING)
		free_slot_of(lt, th);
	th->disp.phase = TDISP_NONE;
}

void ldisplaced_describe(const struct linux_target *lt, struct strbuf *out)
{
	const struct ldisplaced *d = &lt->disp;
	const struct lstepover_stats *st = &lt->stepovers;

	strbuf_addf(out, "Breakpoints with a false condition stepped over:\n"
			 "  displaced, the other threads running: %lu"
			 " (system calls: %lu; waits for a slot: %lu)\n"
			 "  in place, every thread stopped: %lu\n",
		    st->displaced + st->syscalls, st->syscalls, st->waits, st->in_place);
	if (kernel_steps(lt))
		strbuf_adds(out, "Displaced stepping: on, ");
	else
		strbuf_addf(out, "Displaced stepping: system calls only (%s), ",
			    lt->sw_step ? "--step=sw" : "no kernel single-step");
	if (d->probed > 0)
		strbuf_addf(out, "%u slots at %#" PRIx64 " (%s)\n", d->nslots, d->area,
			    d->nslots == LDISP_SLOTS ? "a page of rstub's" : "entry point");
	else
		strbuf_adds(out, d->probed ? "no slots (no entry point)\n" : "not used yet\n");
}

void ldisplaced_forget(struct linux_target *lt)
{
	memset(&lt->disp, 0, sizeof(lt->disp));
}
