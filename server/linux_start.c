/*
 * linux_start — bringing a process under control: linux_target_spawn() and
 * linux_target_attach() of target.h.
 *
 * Contract: spawn forks a child that puts itself in its own process group,
 * turns address-space randomization off when asked (gdb's default, so
 * addresses are the same from run to run), sets up stdio, the environment
 * and the working directory and waits on a pipe until the parent has PTRACE_SEIZEd it,
 * then execs; an exec failure comes back as errno through a CLOEXEC pipe, so
 * a program that could not start is never reported as started. The first
 * stop is PTRACE_EVENT_EXEC, at the dynamic loader's entry. Attach seizes
 * every thread in /proc/PID/task until no new one appears, then stops them
 * all. Every waitpid here is for a process known to report.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/wait.h>
#include <unistd.h>

#include "debug.h"
#include "linux_target.h"

/* TRACEFORK: only to take planted breakpoints out of forked children
 * (linux_fork.c) */
#define ATTACH_OPTIONS                                                                   \
	(PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK | PTRACE_O_TRACEEXEC |                  \
	 PTRACE_O_TRACEEXIT)
#define SPAWN_OPTIONS (ATTACH_OPTIONS | PTRACE_O_EXITKILL)

/* In the child: set up, wait for the parent's go, exec; never returns. */
static void child_exec(const struct target_config *cfg, char *const argv[], int go_fd,
                       int err_fd)
{
	sigset_t set;
	char c;
	int fd, e;

	setpgid(0, 0);
	if (cfg->disable_randomization) {
		int persona = personality(0xffffffff);

		if (persona >= 0)
			personality((unsigned long)persona | ADDR_NO_RANDOMIZE);
	}
	if (cfg->stdio_transport) {
		fd = open("/dev/null", O_RDONLY);
		if (fd >= 0)
			dup2(fd, STDIN_FILENO);
		fd = cfg->output_fd > 0 ? cfg->output_fd : STDERR_FILENO;
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
	}
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	signal(SIGPIPE, SIG_DFL);
	while (read(go_fd, &c, 1) < 0 && errno == EINTR)
		;
	if (cfg->envp)
		environ = (char **)cfg->envp; /* execvp searches this PATH */
	if (!cfg->cwd || chdir(cfg->cwd) == 0)
		execvp(argv[0], argv);
	e = errno;
	if (write(err_fd, &e, sizeof(e)) < 0)
		_exit(126);
	_exit(127);
}

/* Why a shell or wrapper that exited before the program's exec gave up, by
 * the shells' convention: 127 not found, 126 not executable. */
static int shell_errno(int status)
{
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return ENOENT;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 126)
		return EACCES;
	return ECHILD;
}

/* A process the shell forked before the program's exec (a `$(cmd)' in
 * `run''s arguments), auto-attached: let it go, untraced. */
static void release_shell_child(pid_t shell)
{
	unsigned long msg;
	pid_t child, got;
	int status;

	if (lptrace(PTRACE_GETEVENTMSG, shell, NULL, &msg) < 0)
		return;
	child = (pid_t)msg;
	do
		got = lwaitpid(child, &status, __WALL);
	while (got == -EINTR);
	if (got == child && WIFSTOPPED(status))
		lptrace(PTRACE_DETACH, child, NULL, NULL);
}

static bool is_fork_event(int event)
{
	return event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK ||
	       event == PTRACE_EVENT_CLONE;
}

/* Wait for the program's exec (after `skip` wrapper execs): 0, or -errno
 * of the failed exec. */
static int wait_exec(pid_t pid, int err_fd, int skip)
{
	int status, e = 0;
	pid_t ret;

	for (;;) {
		ret = lwaitpid(pid, &status, __WALL);
		if (ret == -EINTR)
			continue;
		if (ret < 0)
			return ret;
		if (WIFSTOPPED(status) && (status >> 16) == PTRACE_EVENT_EXEC && skip-- == 0)
			return 0;
		if (WIFSTOPPED(status) && (status >> 16) == PTRACE_EVENT_EXEC) {
			lptrace_resume(pid, false, 0); /* the wrapper's own exec */
			continue;
		}
		if (WIFEXITED(status) || WIFSIGNALED(status))
			break;
		if (WIFSTOPPED(status) && is_fork_event(status >> 16))
			release_shell_child(pid);
		/* a stop before exec (a signal): pass it on */
		lptrace_resume(pid, false, (status >> 16) ? 0 : WSTOPSIG(status));
	}
	if (read(err_fd, &e, sizeof(e)) != sizeof(e) || e <= 0)
		e = shell_errno(status);
	return -e;
}

/* Give the terminal's foreground to the program, as gdbserver does. */
static void take_terminal(struct linux_target *lt, const struct target_config *cfg)
{
	void (*old)(int);

	if (cfg->stdio_transport || !isatty(STDIN_FILENO))
		return;
	if (tcgetpgrp(STDIN_FILENO) != getpgrp())
		return; /* we are not in the foreground ourselves */
	lt->tty_saved_pgrp = getpgrp();
	old = signal(SIGTTOU, SIG_IGN);
	if (tcsetpgrp(STDIN_FILENO, lt->pid) == 0)
		lt->tty_fd = STDIN_FILENO;
	signal(SIGTTOU, old);
}

/* The parent's half of spawn, once the child exists. */
static int spawn_parent(struct linux_target *lt, int go_fd, int err_fd, int wrapper_execs)
{
	long ret;

	setpgid(lt->pid, lt->pid);
	ret = lptrace(PTRACE_SEIZE, lt->pid, NULL, (void *)(long)SPAWN_OPTIONS);
	if (ret < 0) {
		kill(lt->pid, SIGKILL);
		close(go_fd);
		wait_exec(lt->pid, err_fd, 0);
		return (int)ret;
	}
	if (write(go_fd, "g", 1) < 0)
		ret = -errno;
	close(go_fd);
	if (ret < 0)
		return (int)ret; /* EXITKILL takes the child down with lt */
	return wait_exec(lt->pid, err_fd, wrapper_execs);
}

static void first_stop(struct linux_target *lt, int sig, struct target_stop *first)
{
	memset(first, 0, sizeof(*first));
	first->kind = TARGET_STOP_SIGNAL;
	first->pid = first->tid = lt->pid;
	first->sig = sig;
}

int linux_target_spawn(const struct target_config *cfg, char *const argv[],
                       struct target **out, struct target_stop *first)
{
	struct linux_target *lt;
	int go[2], err[2], ret;
	pid_t pid;

	if (!argv || !argv[0])
		return -EINVAL;
	if (pipe2(go, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(err, O_CLOEXEC) < 0) {
		ret = -errno;
		goto out_close_go;
	}
	ret = lt_new(cfg, 0, false, &lt);
	if (ret < 0)
		goto out_close_err;
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		goto out_destroy;
	}
	if (pid == 0)
		child_exec(cfg, argv, go[0], err[1]);
	lt->pid = pid;
	close(go[0]);
	go[0] = -1;
	/* ours closed, the error pipe ends (EOF) when the child execs or exits:
	 * a shell that cannot find the program exits without writing to it */
	close(err[1]);
	err[1] = -1;
	ret = spawn_parent(lt, go[1], err[0], cfg->wrapper_execs);
	go[1] = -1;
	if (ret < 0) {
		lt->state = PROC_GONE; /* reaped by wait_exec */
		goto out_destroy;
	}
	if (!threads_add(&lt->threads, pid, THREAD_STOPPED)) {
		ret = -ENOMEM;
		goto out_destroy;
	}
	take_terminal(lt, cfg);
	ldrain_events(lt);
	first_stop(lt, SIGTRAP, first);
	*out = &lt->base;
	debug(DBG_TARGET, "process %d: spawned %s", pid, argv[0]);
	ret = 0;
	goto out_close_err;

out_destroy:
	lt->base.ops->destroy(&lt->base);
out_close_err:
	close(err[0]);
	if (err[1] >= 0)
		close(err[1]);
out_close_go:
	if (go[0] >= 0)
		close(go[0]);
	if (go[1] >= 0)
		close(go[1]);
	return ret;
}

/* Seize every thread of /proc/PID/task we do not know yet; how many. */
static int seize_new_threads(struct linux_target *lt)
{
	char path[64];
	struct dirent *de;
	DIR *dir;
	int found = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)lt->pid);
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((de = readdir(dir)) != NULL) {
		pid_t tid = (pid_t)atoi(de->d_name);

		if (tid <= 0 || threads_find(&lt->threads, tid))
			continue;
		/* EPERM: already ours through TRACECLONE; it reports by itself */
		if (lptrace(PTRACE_SEIZE, tid, NULL, (void *)(long)ATTACH_OPTIONS) < 0)
			continue;
		if (!threads_add(&lt->threads, tid, THREAD_RUNNING))
			break;
		found++;
	}
	closedir(dir);
	return found;
}

int linux_target_attach(const struct target_config *cfg, pid_t pid, struct target **out,
                        struct target_stop *first)
{
	struct linux_target *lt;
	long ret;
	int found;

	ret = lt_new(cfg, pid, true, &lt);
	if (ret < 0)
		return (int)ret;
	ret = lptrace(PTRACE_SEIZE, pid, NULL, (void *)(long)ATTACH_OPTIONS);
	if (ret < 0 || !threads_add(&lt->threads, pid, THREAD_RUNNING)) {
		lt->state = PROC_GONE;
		lt->base.ops->destroy(&lt->base);
		return ret < 0 ? (int)ret : -ENOMEM;
	}
	do
		found = seize_new_threads(lt);
	while (found > 0);
	ret = lstop_all(lt);
	if (ret == 0 && lt->state != PROC_LIVE)
		ret = -ESRCH;
	if (ret < 0) {
		lt->base.ops->destroy(&lt->base);
		return (int)ret;
	}
	ldrain_events(lt);
	first_stop(lt, 0, first);
	*out = &lt->base;
	debug(DBG_TARGET, "process %d: attached, %zu threads", pid, lt->threads.n);
	return 0;
}
