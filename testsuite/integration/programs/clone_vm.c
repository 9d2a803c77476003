/* clone_vm [ROUNDS]: ROUNDS (default 50) times, main clones `middle' with
 * CLONE_VM but without CLONE_THREAD (a process of its own sharing main's
 * memory, which gdb sees as one more thread), middle clones `last' the same
 * way and exits, and last, once middle is gone, calls reached(). As in GDB's
 * gdb.threads/current-lwp-dead.exp. Prints "reached N" and exits 0. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define STACK_SIZE (64 * 1024)

static volatile int middle_gone, last_done;
static int reached_count;

void reached(void)
{
	reached_count++; /* @reached */
}

static int clone_vm(int (*fn)(void *))
{
	char *stack = malloc(STACK_SIZE);
	int pid;

	if (!stack)
		exit(2);
	pid = clone(fn, stack + STACK_SIZE, CLONE_VM | CLONE_FILES, NULL);
	if (pid < 0)
		exit(3);
	return pid;
}

static int last(void *unused)
{
	(void)unused;
	while (!middle_gone)
		usleep(1);
	reached();
	last_done = 1;
	return 0;
}

static int middle(void *unused)
{
	(void)unused;
	clone_vm(last);
	return 0;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 50;

	for (int i = 0; i < rounds; i++) {
		int status, pid;

		middle_gone = last_done = 0;
		pid = clone_vm(middle);
		if (waitpid(pid, &status, __WALL) != pid || !WIFEXITED(status))
			return 4;
		middle_gone = 1;
		while (!last_done)
			usleep(1);
	}
	printf("reached %d\n", reached_count);
	return 0;
}
