/* condbp: f() called many times, from main or from several threads, for
 * target-side breakpoint conditions and dprintf.
 * Usage: condbp [threads [calls-per-thread]]; 0 threads: main calls f
 * 20000 times with i = 0..19999; N threads: thread t calls it with
 * i = t*calls .. t*calls+calls-1. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

long calls_seen; /* a global for conditions that read memory */
static long calls = 20000;

int f(int i)
{
	__atomic_fetch_add(&calls_seen, 1, __ATOMIC_RELAXED); /* @f */
	return i & 1;
}

static void *worker(void *arg)
{
	long base = (long)arg * calls, i;
	long odd = 0;

	for (i = 0; i < calls; i++)
		odd += f((int)(base + i));
	return (void *)odd;
}

int main(int argc, char **argv)
{
	int nthreads = argc > 1 ? atoi(argv[1]) : 0;
	pthread_t th[64];
	long t;

	if (argc > 2)
		calls = atol(argv[2]);
	if (nthreads <= 0) {
		worker(0);
	} else {
		if (nthreads > 64)
			nthreads = 64;
		for (t = 0; t < nthreads; t++)
			pthread_create(&th[t], NULL, worker, (void *)t);
		for (t = 0; t < nthreads; t++)
			pthread_join(th[t], NULL);
	}
	printf("condbp done: %ld calls\n", calls_seen);
	return 0;
}
