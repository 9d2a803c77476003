/* threads_pair: two threads meet at a barrier, then one calls left() and
 * the other right(), each with a breakpoint-friendly body, so that both
 * breakpoints are hit at nearly the same time: in all-stop one is reported
 * and the other is kept pending.  Exits 0 once both threads are joined. */
#include <pthread.h>
#include <stdio.h>

static pthread_barrier_t meet;
volatile int lefts, rights;

void left(void)
{
	lefts++; /* @left */
	lefts++; /* @left-2 */
}

void right(void)
{
	rights++; /* @right */
	rights++; /* @right-2 */
}

static void *worker(void *arg)
{
	pthread_barrier_wait(&meet);
	if (arg)
		right();
	else
		left();
	return NULL;
}

int main(void)
{
	pthread_t t[2];

	pthread_barrier_init(&meet, NULL, 2);
	pthread_create(&t[0], NULL, worker, NULL);
	pthread_create(&t[1], NULL, worker, (void *)1);
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	printf("pair %d %d\n", lefts, rights);
	return 0;
}
