/* syscalls: calls getpid() (a bare `syscall' wrapper in glibc) and exits 0
 * when the value matches the kernel's view of the process. */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	pid_t a = getpid(); /* @call */
	pid_t b = (pid_t)syscall(SYS_getpid);

	printf("pid %d\n", a);
	return a == b ? 0 : 1;
}
