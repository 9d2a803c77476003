/* stdio_gdb — see stdio_gdb.h. */
#include "stdio_gdb.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "debug.h"

int stdio_gdb_leave_shell(void)
{
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid > 0)
		_exit(0);
	return 0;
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
