/* threads_attach: prints "ready PID", then creates 100 threads named
 * w00..w99, one every millisecond (so that an attach lands while threads
 * are still being created); they sleep in a loop.  Once all exist, main
 * calls checkpoint() every few milliseconds until a debugger clears
 * keep_going (or about 60 s pass), then exits with 4. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define NT 100

volatile int keep_going = 1;

static void nap(long ms)
{
	struct timespec ts = { 0, ms * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

static void *sleeper(void *arg)
{
	while (keep_going)
		nap(10);
	return arg;
}

void checkpoint(void)
{
	nap(1); /* @checkpoint */
}

int main(void)
{
	pthread_t t[NT];
	char name[16];

	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	for (int i = 0; i < NT; i++) {
		pthread_create(&t[i], NULL, sleeper, NULL);
		snprintf(name, sizeof(name), "w%02d", i);
		pthread_setname_np(t[i], name);
		nap(1);
	}
	for (int i = 0; i < 12000 && keep_going; i++)
		checkpoint();
	keep_going = 0;
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], NULL);
	return 4;
}
