/* threads_spin: 4 worker threads spin, each bumping its own counter through
 * work(); main waits until all of them have run, then loops nap() (a short
 * sleep) and wait_progress() (returns once every counter has moved), until
 * a debugger clears keep_going (or about 60 s pass).  Exit code 3.
 * For scheduler-locking and per-thread stepping tests. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#define NW 4

volatile unsigned long counters[NW];
volatile int keep_going = 1;

void work(int id)
{
	counters[id]++; /* @work */
}

static void *worker(void *arg)
{
	int id = (int)(long)arg;

	while (keep_going)
		work(id); /* @worker-loop */
	return NULL;
}

static void nap(void)
{
	struct timespec ts = { 0, 1000 * 1000 };

	nanosleep(&ts, NULL);
}

/* Return once every counter differs from its value at the call. */
static void wait_progress(void)
{
	unsigned long snap[NW];
	int moved;

	for (int i = 0; i < NW; i++)
		snap[i] = counters[i];
	do {
		nap();
		moved = 0;
		for (int i = 0; i < NW; i++)
			moved += counters[i] != snap[i];
	} while (moved < NW && keep_going);
}

void all_running(void)
{
	printf("all running\n"); /* @all-running */
	fflush(stdout);
}

int main(void)
{
	pthread_t t[NW];

	for (int i = 0; i < NW; i++)
		pthread_create(&t[i], NULL, worker, (void *)(long)i);
	wait_progress();
	all_running();
	for (int i = 0; i < 60000 && keep_going; i++) {
		nap();          /* @nap */
		wait_progress(); /* @progress */
	}
	keep_going = 0;
	for (int i = 0; i < NW; i++)
		pthread_join(t[i], NULL);
	return 3;
}
