/*
 * linux_fork — processes the traced program forks. rstub debugs one
 * process; a child made by fork() starts as a copy of its memory, planted
 * breakpoints included (gdb's and step ones), and would die of SIGTRAP on
 * the first it runs. With PTRACE_O_TRACEFORK the kernel stops each such
 * child before it runs: rstub writes the original bytes back over every
 * planted breakpoint in the child and detaches it.
 *
 * Contract: the child's first stop and the parent's PTRACE_EVENT_FORK come
 * in either order. lfork_event() (the parent's event) waits for the child's
 * stop unless lfork_child_stop() has already released it (the child is then
 * no tracee of ours: waitpid() says ECHILD at once). vfork children (shared
 * memory: cleaning them would clean the parent) are not traced. Nor is a
 * stop that comes before its parent's event taken for a fork child's when
 * the child shares our memory: that is a clone (CLONE_VM without
 * CLONE_THREAD: a group of its own), one more thread as gdb sees it, and
 * cleaning it would take every breakpoint out of the program itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kcmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "debug.h"
#include "linux_target.h"

/* Put the original bytes back in the child's copy of every breakpoint. */
static void clean_child(struct linux_target *lt, pid_t child)
{
	char path[64];
	size_t i;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)child);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		debug(DBG_TARGET, "fork child %d: %s: %s", child, path, strerror(errno));
		return;
	}
	for (i = 0; i < lt->bps.n; i++) {
		const struct bp *b = &lt->bps.v[i];

		if (pwrite(fd, b->saved, b->len, (off_t)b->addr) != (ssize_t)b->len)
			debug(DBG_TARGET, "fork child %d: breakpoint %#llx stays: %s",
			      child, (unsigned long long)b->addr, strerror(errno));
	}
	close(fd);
}

static void release(struct linux_target *lt, pid_t child)
{
	clean_child(lt, child);
	lptrace(PTRACE_DETACH, child, NULL, NULL);
	debug(DBG_TARGET, "fork child %d: %zu breakpoints taken out, detached", child,
	      lt->bps.n);
}

/* Do a and b share one address space? (No when the kernel cannot say.) */
static bool same_memory(pid_t a, pid_t b)
{
	return syscall(SYS_kcmp, a, b, KCMP_VM, 0, 0) == 0;
}

bool lfork_child_stop(struct linux_target *lt, pid_t tid)
{
	if (syscall(SYS_tgkill, lt->pid, tid, 0) == 0)
		return false; /* a thread of ours */
	if (same_memory(lt->pid, tid)) {
		debug(DBG_TARGET, "%d: a clone in a group of its own, taken as a thread", tid);
		return false;
	}
	release(lt, tid);
	return true;
}

void lfork_event(struct linux_target *lt, struct lthread *parent)
{
	unsigned long msg = 0;
	pid_t child, got;
	int status;

	if (lptrace(PTRACE_GETEVENTMSG, parent->tid, NULL, &msg) < 0)
		return;
	child = (pid_t)msg;
	do
		got = lwaitpid(child, &status, __WALL);
	while (got == -EINTR);
	if (got == child && WIFSTOPPED(status))
		release(lt, child);
}
