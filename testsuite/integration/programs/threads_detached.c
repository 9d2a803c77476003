/* threads_detached [CYCLES [MAX_ALIVE]]: the main thread starts short-lived
 * detached threads, 100 a cycle, never more than MAX_ALIVE (32) alive at
 * once (it waits for some to end), and calls cycle_done() after each cycle
 * with how many are alive. A thread the debugger leaves stopped never ends, so the main
 * thread waits for it forever. Prints "done N" once every thread ended and
 * exits 0. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

static long started, finished;

static void *short_life(void *arg)
{
	volatile int i;

	(void)arg;
	for (i = 0; i < 2000; i++) /* @short-life-loop */
		;
	__atomic_add_fetch(&finished, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static long alive(void)
{
	return started - __atomic_load_n(&finished, __ATOMIC_SEQ_CST);
}

__attribute__((noinline)) void cycle_done(long now_alive)
{
	(void)now_alive;
}

int main(int argc, char **argv)
{
	int cycles = argc > 1 ? atoi(argv[1]) : 5;
	long max_alive = argc > 2 ? atol(argv[2]) : 32;
	pthread_attr_t a;
	pthread_t t;

	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	for (int c = 0; c < cycles; c++) {
		for (int k = 0; k < 100; k++) {
			while (alive() >= max_alive)
				sched_yield();
			if (pthread_create(&t, &a, short_life, NULL) == 0)
				started++;
		}
		cycle_done(alive());
	}
	while (alive() > 0)
		sched_yield();
	printf("done %ld\n", started);
	return 0;
}
