/* threads_leader_locked: main starts a thread that never ends, then leaves
 * with pthread_exit while the other thread lives (a zombie leader). */
#include <pthread.h>
#include <unistd.h>

static void *spin(void *arg)
{
	(void)arg;
	for (;;)
		sleep(1);
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, spin, NULL);
	pthread_exit(NULL); /* @leave */
}
