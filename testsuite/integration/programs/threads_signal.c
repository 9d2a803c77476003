/* threads_signal: main sends SIGUSR1 to the second of three spinning
 * threads with pthread_kill; the handler records the thread it ran in.
 * Prints "handled in target" (exit 0) or "handled in other" (exit 1) once
 * the signal was handled, whichever thread gdb lets run first. */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static volatile pid_t handled_by, target_tid;
static volatile int ready;

static void on_usr1(int sig)
{
	(void)sig;
	handled_by = gettid(); /* @handler */
}

static void *spinner(void *arg)
{
	if (arg)
		target_tid = gettid();
	__atomic_add_fetch(&ready, 1, __ATOMIC_SEQ_CST);
	while (!handled_by)
		;
	return NULL;
}

int main(void)
{
	pthread_t t[3];

	signal(SIGUSR1, on_usr1);
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, spinner, (void *)(long)(i == 1));
	while (ready < 3)
		;
	pthread_kill(t[1], SIGUSR1);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	printf("handled in %s\n", handled_by == target_tid ? "target" : "other");
	return handled_by != target_tid;
}
