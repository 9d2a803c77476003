/* syscall_block [wait]: the main thread reads one byte from a pipe with a
 * `syscall' instruction of its own (global label blocking_read), printing
 * "blocking" just before; a second thread writes the byte once the main
 * thread is about to read, or with `wait' only once a debugger sets
 * `release'. Prints "read N C rcx ok" (rcx, which `syscall' sets to the
 * address after it, is "moved" when it is not) and exits 0. For
 * step-overs of a system call that blocks until another thread runs. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern const char after_read[];
static int fds[2];
static volatile int go;
volatile int release = 1;

static void *writer(void *arg)
{
	struct timespec ms = {0, 1000 * 1000};

	(void)arg;
	while (!go || !release)
		nanosleep(&ms, NULL);
	nanosleep(&ms, NULL); /* mostly after the reader blocked */
	write(fds[1], "x", 1);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;
	unsigned long rcx;
	long n;
	char c = 0;

	if (argc > 1 && !strcmp(argv[1], "wait"))
		release = 0;
	if (pipe(fds) || pthread_create(&t, NULL, writer, NULL))
		return 1;
	puts("blocking");
	fflush(stdout);
	go = 1;
	__asm__ volatile(".globl blocking_read\nblocking_read: syscall\n"
	                 ".globl after_read\nafter_read:"
	                 : "=a"(n), "=c"(rcx)
	                 : "a"(0L), "D"((long)fds[0]), "S"(&c), "d"(1L)
	                 : "r11", "memory");
	pthread_join(t, NULL);
	printf("read %ld %c rcx %s\n", n, c,
	       rcx == (unsigned long)after_read ? "ok" : "moved");
	return 0;
}
