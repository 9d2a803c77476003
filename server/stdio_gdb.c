/* stdio_gdb — see stdio_gdb.h. */
#include "stdio_gdb.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "debug.h"

/* The child's end of the pipe its parent waits on; -1: none. */
static int started_fd = -1;

int stdio_gdb_leave_shell(void)
{
	int fds[2], status = 0;
	char c = 0;
	ssize_t n;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -errno;
	}
	if (pid == 0) {
		close(fds[0]);
		started_fd = fds[1];
		return 0;
	}
	close(fds[1]);
	do
		n = read(fds[0], &c, 1);
	while (n < 0 && errno == EINTR);
	if (n == 1 && c == 'k')
		_exit(0);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
}

void stdio_gdb_started(void)
{
	if (started_fd < 0)
		return;
	if (write(started_fd, "k", 1) < 0)
		debug(DBG_EVENT, "stdio: the parent is gone");
	close(started_fd);
	started_fd = -1;
}

void stdio_gdb_show_output(int rd)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(rd, buf, sizeof(buf))) > 0)
		if (write(STDERR_FILENO, buf, (size_t)n) < 0)
			break;
}

int stdio_gdb_output_pipe(int *rd, int *wr)
{
	int fds[2];

	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	if (fcntl(fds[0], F_SETFL, O_NONBLOCK) < 0) {
		close(fds[0]);
		close(fds[1]);
		return -errno;
	}
	*rd = fds[0];
	*wr = fds[1];
	return 0;
}

void stdio_gdb_quiet(void)
{
	int fd;

	if (debug_to_stderr())
		return;
	fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	dup2(fd, STDERR_FILENO);
	close(fd);
}
