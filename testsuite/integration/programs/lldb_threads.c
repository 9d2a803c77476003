/* lldb_threads: the program of the lldb session test. Two workers name
 * themselves (lldb-alpha, lldb-beta) and wait; main calls square(), writes
 * the result to the global `counter' (for a watchpoint) and spins until
 * `keep_going' is cleared (for an interrupt), then lets the workers go. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>

volatile int counter;
volatile int keep_going = 1;
static pthread_barrier_t named, done;

int square(int x)
{
	int y = x * x; /* @square */
	return y;      /* @square-ret */
}

static void *worker(void *name)
{
	pthread_setname_np(pthread_self(), name);
	pthread_barrier_wait(&named);
	pthread_barrier_wait(&done);
	return NULL;
}

int main(void)
{
	pthread_t t[2];
	int x = 6;

	pthread_barrier_init(&named, NULL, 3);
	pthread_barrier_init(&done, NULL, 3);
	pthread_create(&t[0], NULL, worker, "lldb-alpha");
	pthread_create(&t[1], NULL, worker, "lldb-beta");
	pthread_barrier_wait(&named);
	x = square(x); /* @call */
	counter = x;
	while (keep_going)
		counter++;
	pthread_barrier_wait(&done);
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	printf("lldb_threads %d\n", x);
	return 0;
}
