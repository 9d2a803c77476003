/* threads_procsig [NTHREADS [NITER [NSIG]]]: NTHREADS threads (default 4)
 * call hit() NITER times each (default 20) while another thread sends
 * NSIG (default 50) SIGUSR1s to the whole process with kill(), one at a
 * time (it waits for each to be handled, so none coalesce).
 * Prints "total T" and "signals S" and exits 0 when every signal arrived. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int total, handled;
static int niter = 20, nsig = 50;

static void on_usr1(int sig)
{
	(void)sig;
	__atomic_add_fetch(&handled, 1, __ATOMIC_SEQ_CST);
}

void hit(void)
{
	__atomic_add_fetch(&total, 1, __ATOMIC_RELAXED); /* @hit */
}

static void *worker(void *arg)
{
	volatile unsigned spin;

	(void)arg;
	for (int i = 0; i < niter; i++) {
		for (spin = 20000; spin > 0; spin--)
			;
		hit();
	}
	return NULL;
}

static void *signaller(void *arg)
{
	(void)arg;
	for (int i = 0; i < nsig; i++) {
		kill(getpid(), SIGUSR1);
		while (__atomic_load_n(&handled, __ATOMIC_SEQ_CST) <= i)
			sched_yield();
	}
	return NULL;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 4;
	pthread_t t[32], s;

	if (argc > 2)
		niter = atoi(argv[2]);
	if (argc > 3)
		nsig = atoi(argv[3]);
	if (n < 1 || n > 32)
		n = 4;
	signal(SIGUSR1, on_usr1);
	pthread_create(&s, NULL, signaller, NULL);
	for (int i = 0; i < n; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	pthread_join(s, NULL);
	printf("total %d\nsignals %d\n", total, handled);
	return handled == nsig ? 0 : 1;
}
