/* threads_churn [ROUNDS [SEED]]: ROUNDS (default 25) rounds of 8 threads
 * that each call tick() once and exit, joined by main: 8 * ROUNDS threads
 * created and joined while a breakpoint in tick() is hit over and over.
 * Prints "ticks N" and exits 0. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static int ticks;
static unsigned seed = 1;

void tick(int id)
{
	__atomic_add_fetch(&ticks, 1, __ATOMIC_RELAXED); /* @tick */
	(void)id;
}

static void *worker(void *arg)
{
	int id = (int)(long)arg;
	unsigned r = seed * 104729u + (unsigned)id;
	volatile unsigned spin;

	for (spin = (unsigned)rand_r(&r) % 5000; spin > 0; spin--)
		;
	tick(id);
	return NULL;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 25;
	pthread_t t[8];

	if (argc > 2)
		seed = (unsigned)atoi(argv[2]);
	for (int r = 0; r < rounds; r++) {
		for (int i = 0; i < 8; i++)
			pthread_create(&t[i], NULL, worker, (void *)(long)(r * 8 + i));
		for (int i = 0; i < 8; i++)
			pthread_join(t[i], NULL);
	}
	printf("ticks %d\n", ticks);
	return 0;
}
