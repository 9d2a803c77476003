/* watch_threads — a global written only by a second thread. */
#include <pthread.h>
#include <stdio.h>

int shared;

static void *worker(void *arg)
{
	(void)arg;
	shared = 5; /* @worker-write */
	shared = 6;
	return NULL;
}

int main(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, worker, NULL) != 0)
		return 1;
	pthread_join(t, NULL);
	printf("watch_threads %d\n", shared);
	return 0;
}
