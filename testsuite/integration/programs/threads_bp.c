/* threads_bp [NTHREADS [NITER [SEED]]]: NTHREADS threads (default 8) each
 * call hit() NITER times (default 10).  Before each hit all threads meet at
 * a barrier, then do a SEED-dependent amount of busy work, so that many
 * threads reach hit() at nearly the same time, in an order that changes
 * from run to run.
 * Prints "total T" (the sum of hits) and exits 0.  For all-stop tests:
 * a breakpoint in hit() must be reported exactly NTHREADS * NITER times. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static int total;
static int niter = 10;
static unsigned seed = 1;
static pthread_barrier_t round;

void hit(int id)
{
	__atomic_add_fetch(&total, 1, __ATOMIC_RELAXED); /* @hit */
	(void)id;
}

static void *worker(void *arg)
{
	int id = (int)(long)arg;
	unsigned r = seed * 7919u + (unsigned)id;
	volatile unsigned spin;

	for (int i = 0; i < niter; i++) {
		pthread_barrier_wait(&round);
		for (spin = (unsigned)rand_r(&r) % 2000; spin > 0; spin--)
			;
		hit(id);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 8;
	pthread_t t[64];

	if (argc > 2)
		niter = atoi(argv[2]);
	if (argc > 3)
		seed = (unsigned)atoi(argv[3]);
	if (n < 1 || n > 64)
		n = 8;
	pthread_barrier_init(&round, NULL, (unsigned)n);
	for (int i = 0; i < n; i++)
		pthread_create(&t[i], NULL, worker, (void *)(long)i);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	printf("total %d\n", total);
	return 0;
}
