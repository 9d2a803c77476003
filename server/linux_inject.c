/*
 * linux_inject — system calls the program makes on rstub's behalf, and the
 * place they (and displaced system calls) run: a copy of the system-call
 * instruction in the vDSO.
 *
 * Contract: linject_gadget() finds a copy of the instruction bytes in the
 * vDSO (which holds some for its own fallbacks; nothing is planted or
 * written there), cached per instruction. linject_syscall() has a STOPPED
 * thread with no pending event run one system call there: its general
 * registers (the whole NT_PRSTATUS set, read past rstub's register cache,
 * which is flushed first and forgotten after) and its signal mask are
 * saved, every signal is blocked (so none can stop the step half-way; they
 * stay pending), the number and arguments are set, the thread is
 * single-stepped alone and waited for, and everything is put back. Only a
 * call that cannot block belongs here (mmap, munmap): the wait is
 * synchronous. A stop other than the step's end (the thread killed: its
 * exit stop; a group-stop that keeps coming) fails the call with -EINTR:
 * the thread is left in that stop, registers and mask back, its state
 * unchanged (STOPPED); resumed later, it goes where that stop leads. The
 * thread's state never changes here.
 */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include "debug.h"
#include "linux_target.h"

/* Big enough for any NT_PRSTATUS (x86-64: 216 bytes, arm: 72). */
enum { PRSTATUS_MAX = 1024 };

uint64_t linject_gadget(struct linux_target *lt, const uint8_t *insn, size_t len)
{
	struct ldisplaced *d = &lt->disp;
	uint8_t vdso[4 * 4096];
	uint64_t base;
	ssize_t n;
	size_t i;

	if (d->gadget_len == len && !memcmp(d->gadget_insn, insn, len))
		return d->gadget;
	memcpy(d->gadget_insn, insn, len);
	d->gadget_len = len;
	d->gadget = 0;
	if (lproc_auxv(lt->pid, AT_SYSINFO_EHDR, &base) < 0)
		return 0;
	n = lmem_read(&lt->base, base, vdso, sizeof(vdso));
	for (i = 0; n > 0 && i + len <= (size_t)n && !d->gadget; i++)
		if (!memcmp(vdso + i, insn, len))
			d->gadget = base + i;
	debug(DBG_STEP, "system-call instruction in the vDSO: %s %#" PRIx64,
	      d->gadget ? "at" : "none", d->gadget);
	return d->gadget;
}

/* The saved state of a thread lent to a system call. */
struct lent {
	uint8_t regs[PRSTATUS_MAX];
	struct iovec iov;
	uint64_t mask;
	bool have_regs, have_mask;
};

static int save(struct linux_target *lt, struct lthread *th, struct lent *l)
{
	uint64_t all = ~0ull;
	int ret = lregs_flush(lt, th);

	l->iov = (struct iovec){ l->regs, sizeof(l->regs) };
	l->have_regs = ret == 0 &&
	               lptrace(PTRACE_GETREGSET, th->tid, (void *)NT_PRSTATUS, &l->iov) == 0;
	l->have_mask = l->have_regs &&
	               lptrace(PTRACE_GETSIGMASK, th->tid, (void *)sizeof(l->mask), &l->mask) == 0;
	if (ret == 0 && !l->have_mask)
		ret = -ESRCH;
	if (ret == 0 && lptrace(PTRACE_SETSIGMASK, th->tid, (void *)sizeof(all), &all) < 0)
		ret = -ESRCH;
	return ret;
}

/* Whatever save() took, back. */
static void restore(struct lthread *th, struct lent *l)
{
	if (l->have_regs)
		lptrace(PTRACE_SETREGSET, th->tid, (void *)NT_PRSTATUS, &l->iov);
	if (l->have_mask)
		lptrace(PTRACE_SETSIGMASK, th->tid, (void *)sizeof(l->mask), &l->mask);
	lregs_invalidate(th);
}

/* Number, arguments and PC at the gadget. */
static int load(struct linux_target *lt, struct lthread *th, uint64_t at, uint64_t nr,
                const uint64_t args[6])
{
	const struct arch *a = lt->base.arch;
	int ret = lregs_set_u64(lt, th, a->syscall_nr_reg, nr);

	for (int i = 0; i < 6 && ret == 0; i++)
		ret = lregs_set_u64(lt, th, a->syscall_arg_reg[i], args[i]);
	if (ret == 0)
		ret = lregs_set_pc(lt, th, at);
	return ret == 0 ? lregs_flush(lt, th) : ret;
}

/* Step the call; the wait status it ended with, or -errno. */
static int step(struct linux_target *lt, struct lthread *th, uint64_t at)
{
	int status, tries = 0;
	uint64_t pc;
	pid_t got;

	for (;;) {
		if (lptrace_resume(th->tid, true, 0) < 0)
			return -ESRCH;
		do
			got = lwaitpid(th->tid, &status, __WALL);
		while (got == -EINTR);
		if (got < 0)
			return (int)got;
		/* a group-stop or a stale interrupt before the call: again */
		if (WIFSTOPPED(status) && status >> 16 == PTRACE_EVENT_STOP && ++tries < 4 &&
		    lregs_get_pc(lt, th, &pc) == 0 && pc == at)
			continue;
		lregs_invalidate(th);
		return status;
	}
}

int linject_syscall(struct linux_target *lt, struct lthread *th, uint64_t nr,
                    const uint64_t args[6], uint64_t *result)
{
	const struct arch *a = lt->base.arch;
	uint64_t at, pc = 0;
	struct lent l;
	int ret, status;

	if (!a->syscall_insn)
		return -ENOTSUP;
	at = linject_gadget(lt, a->syscall_insn, a->syscall_insn_size);
	if (!at)
		return -ENOTSUP;
	ret = save(lt, th, &l);
	if (ret == 0)
		ret = load(lt, th, at, nr, args);
	status = ret == 0 ? step(lt, th, at) : ret;
	if (status >= 0 && WIFSTOPPED(status) && WSTOPSIG(status) == SIGTRAP && !(status >> 16) &&
	    lregs_get_pc(lt, th, &pc) == 0 && pc == at + a->syscall_insn_size)
		ret = lregs_get_u64(lt, th, a->syscall_ret_reg, result);
	else if (ret == 0)
		ret = -EINTR;
	restore(th, &l);
	debug(DBG_STEP, "thread %d: system call %" PRIu64 " run at %#" PRIx64 ": %s %#" PRIx64,
	      th->tid, nr, at, ret ? strerror(-ret) : "returned", ret ? 0 : *result);
	return ret;
}
