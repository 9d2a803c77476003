/*
 * linux_ptrace — the only door to ptrace() and waitpid() for the Linux
 * target, so that every request and wait status is traced (DBG_PTRACE).
 *
 * Contract: thin wrappers; -errno on failure instead of -1/errno.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "debug.h"
#include "linux_target.h"
#include "spin_wait.h"

static const char *req_name(enum __ptrace_request req)
{
	switch (req) {
	case PTRACE_CONT:
		return "CONT";
	case PTRACE_SINGLESTEP:
		return "SINGLESTEP";
	case PTRACE_SEIZE:
		return "SEIZE";
	case PTRACE_INTERRUPT:
		return "INTERRUPT";
	case PTRACE_DETACH:
		return "DETACH";
	case PTRACE_GETREGSET:
		return "GETREGSET";
	case PTRACE_SETREGSET:
		return "SETREGSET";
	case PTRACE_GETSIGINFO:
		return "GETSIGINFO";
	case PTRACE_GETEVENTMSG:
		return "GETEVENTMSG";
	case PTRACE_SETOPTIONS:
		return "SETOPTIONS";
	case PTRACE_KILL:
		return "KILL";
	case PTRACE_PEEKUSER:
		return "PEEKUSER";
	case PTRACE_POKEUSER:
		return "POKEUSER";
	case PTRACE_GETREGS:
		return "GETREGS";
	case PTRACE_SETREGS:
		return "SETREGS";
	default:
		return "?";
	}
}

long lptrace(enum __ptrace_request req, pid_t tid, void *addr, void *data)
{
	long ret;
	int err;

	errno = 0;
	ret = ptrace(req, tid, addr, data);
	err = errno;
	debug(DBG_PTRACE, "ptrace(%s, %d, %p, %p) = %ld%s%s", req_name(req), tid, addr,
	      data, ret, ret < 0 ? " " : "", ret < 0 ? strerror(err) : "");
	return ret < 0 ? -err : ret;
}

int lptrace_resume(pid_t tid, bool step, int sig)
{
	long ret = lptrace(step ? PTRACE_SINGLESTEP : PTRACE_CONT, tid, NULL,
	                   (void *)(long)sig);

	return ret < 0 ? (int)ret : 0;
}

static void trace_status(pid_t pid, int st)
{
	if (WIFEXITED(st))
		debug(DBG_PTRACE, "waitpid: %d exited %d", pid, WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		debug(DBG_PTRACE, "waitpid: %d killed by %d", pid, WTERMSIG(st));
	else if (WIFSTOPPED(st))
		debug(DBG_PTRACE, "waitpid: %d stopped sig %d event %d", pid,
		      WSTOPSIG(st), st >> 16);
	else
		debug(DBG_PTRACE, "waitpid: %d status %#x", pid, st);
}

static pid_t traced_wait(pid_t ret, int *status)
{
	if (ret < 0)
		return -errno;
	if (ret > 0)
		trace_status(ret, *status);
	return ret;
}

pid_t lwaitpid(pid_t pid, int *status, int flags)
{
	return traced_wait(waitpid(pid, status, flags), status);
}

pid_t lwaitpid_spin(int *status, int flags, unsigned spin_us)
{
	return traced_wait(spin_waitpid(-1, status, flags, spin_us), status);
}
