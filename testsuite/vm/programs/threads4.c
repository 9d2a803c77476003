/* threads4 — four threads running the same loop at once, so that the
 * breakpoints of a software single-step in one of them are met by the
 * others (which must never notice). The main thread waits for them. */
#include <pthread.h>
#include <stdio.h>

enum { NTHREADS = 4, ROUNDS = 200000 };

volatile unsigned long total[NTHREADS];

__attribute__((noinline)) unsigned long mix(unsigned long v, int i)
{
	v = v * 33 + (unsigned long)i; /* @mix */
	return v ^ (v >> 7);
}

static void *work(void *arg)
{
	int id = (int)(long)arg;
	unsigned long v = (unsigned long)id;
	int i;

	for (i = 0; i < ROUNDS; i++) {
		v = mix(v, i); /* @loop */
		total[id] = v;
	}
	return NULL;
}

int main(void)
{
	pthread_t th[NTHREADS];
	long i;

	for (i = 0; i < NTHREADS; i++)
		pthread_create(&th[i], NULL, work, (void *)i);
	for (i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	printf("threads done\n"); /* @done */
	return 0;
}
