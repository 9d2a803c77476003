/* threads_leader: main starts 4 threads and leaves with pthread_exit, so the
 * thread-group leader is a zombie while they run; once main has gone, each
 * thread calls hit() 10 times.  The last thread's exit ends the process
 * with status 0. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static pthread_barrier_t start;
static int total;

void hit(int id)
{
	__atomic_add_fetch(&total, 1, __ATOMIC_RELAXED); /* @hit */
	(void)id;
}

/* Has the leader (tid == pid) exited?  Read /proc/self/stat's state. */
static int leader_gone(void)
{
	char buf[512];
	FILE *f = fopen("/proc/self/stat", "r");
	char *p;
	int gone = 0;

	if (!f)
		return 1;
	if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
		gone = p[2] == 'Z' || p[2] == 'X';
	fclose(f);
	return gone;
}

static void *worker(void *arg)
{
	int id = (int)(long)arg;
	struct timespec ts = { 0, 1000 * 1000 };

	pthread_barrier_wait(&start);
	for (int i = 0; i < 2000 && !leader_gone(); i++)
		nanosleep(&ts, NULL);
	for (int i = 0; i < 10; i++)
		hit(id);
	return NULL;
}

int main(void)
{
	pthread_t t[4];

	pthread_barrier_init(&start, NULL, 5);
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, worker, (void *)(long)i);
	pthread_barrier_wait(&start);
	pthread_exit(NULL); /* @leader-exit */
}
