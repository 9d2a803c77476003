/* threads_exec: a second thread (not the leader) execs this program again
 * with the argument "after" while main is blocked in pthread_join and two
 * more threads spin; the new image calls after_exec() and exits with 5. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

volatile int spin = 1;

void after_exec(void)
{
	printf("after exec\n"); /* @after-exec */
	fflush(stdout);
}

static void *spinner(void *arg)
{
	while (spin)
		;
	return arg;
}

static void *execer(void *arg)
{
	char *const argv[] = { (char *)arg, "after", NULL };

	execv("/proc/self/exe", argv); /* @exec */
	perror("execv");
	_exit(99);
}

int main(int argc, char **argv)
{
	pthread_t s[2], e;

	if (argc > 1 && !strcmp(argv[1], "after")) {
		after_exec();
		return 5;
	}
	for (int i = 0; i < 2; i++)
		pthread_create(&s[i], NULL, spinner, NULL);
	pthread_create(&e, NULL, execer, argv[0]);
	pthread_join(e, NULL);
	return 98;
}
