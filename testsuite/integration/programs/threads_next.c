/* threads_next — three workers call work() until stop_flag is set; work()
 * has a few lines to `next' over. For all-stop tests where a thread's range
 * step is cut short by another thread's breakpoint. Prints "done" and
 * exits 0. */
#include <pthread.h>
#include <stdio.h>

volatile int stop_flag;
static volatile long counter[3];

__attribute__((noinline)) void work(int id)
{
	counter[id]++; /* @work-first */
	counter[id] += 2;
	counter[id] ^= 1;
}

static void *worker(void *arg)
{
	int id = (int)(long)arg;

	while (!stop_flag)
		work(id);
	return NULL;
}

int main(void)
{
	pthread_t t[3];
	int i;

	for (i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, worker, (void *)(long)i);
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	puts("done");
	return 0;
}
