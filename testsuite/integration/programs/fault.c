/* fault MODE [N]: a program for the fault tests (a client that vanishes, a
 * program killed under the debugger). It fills its 1 MiB array big[] with
 * a pattern, prints "ready PID spin ADDR marker ADDR" (run-time
 * addresses, for raw RSP clients), then, until SIGUSR1 (or 60 s, SIGALRM):
 *   spin       main runs spin(), one loop that never leaves by itself
 *   tick       main calls marker() about every millisecond
 *   threads N  N threads (default 1000) call marker() and sleep 50 ms,
 *              over and over; main, once all N run, as in tick
 *   traps N    N threads (default 1000) and main call trap(), which raises
 *              SIGTRAP and counts, then sleep 1 ms, over and over
 * On SIGUSR1 it prints "done" and exits 0; a breakpoint instruction left in
 * it by a debugger that is gone kills it with SIGTRAP instead. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

volatile sig_atomic_t keep_going = 1;
volatile long spins, ticks;
unsigned char big[1 << 20]; /* every byte value, RSP's specials included */

static void on_usr1(int sig)
{
	(void)sig;
	keep_going = 0;
}

__attribute__((noinline)) void spin(void)
{
	while (keep_going) spins++; /* @spin */
}

__attribute__((noinline)) void marker(void)
{
	__atomic_add_fetch(&ticks, 1, __ATOMIC_RELAXED); /* @marker */
}

/* A stop of its own: SIGTRAP, which a debugger's plain continue discards. */
__attribute__((noinline)) void trap(void)
{
	raise(SIGTRAP);
	__atomic_add_fetch(&ticks, 1, __ATOMIC_RELAXED);
}

static void nap(long ms)
{
	struct timespec ts = { 0, ms * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

static void *worker(void *arg)
{
	while (keep_going) {
		if (arg) {
			trap();
			nap(1);
		} else {
			marker();
			nap(50);
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "spin";
	int n = argc > 2 ? atoi(argv[2]) : 1000;
	pthread_attr_t a;
	pthread_t t;

	for (unsigned long i = 0; i < sizeof(big); i++)
		big[i] = (unsigned char)(i * 7 + i / 251);
	signal(SIGUSR1, on_usr1);
	alarm(60);
	printf("ready %d spin %p marker %p\n", (int)getpid(), (void *)spin, (void *)marker);
	fflush(stdout);
	if (!strcmp(mode, "spin")) {
		spin();
	} else if (!strcmp(mode, "threads") || !strcmp(mode, "traps")) {
		pthread_attr_init(&a);
		pthread_attr_setstacksize(&a, 64 * 1024);
		pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
		for (int i = 0; i < n; i++)
			if (pthread_create(&t, &a, worker, (void *)(long)(mode[1] == 'r')))
				return 2;
		printf("threads %d\n", n);
		fflush(stdout);
	}
	while (keep_going) {
		if (mode[1] == 'r')
			trap();
		else
			marker();
		nap(1);
	}
	printf("done\n");
	fflush(stdout);
	return 0;
}
