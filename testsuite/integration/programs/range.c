/*
 * range: one-line loops and calls for range stepping (vCont;r) tests.
 *
 *   range loop [N]  sum of 0..N-1 (default 20000) on one line, prints "sum S"
 *   range call      one line that calls counted() once, prints "calls N"
 *   range threads [N]  a second thread runs work(N) (a one-line loop,
 *                   N default 20000) over and over while main runs it
 *                   once; prints "bad B" (wrong sums seen by either thread)
 *   range signal    a one-line loop that spins until three SIGVTALRMs from
 *                   a 1 ms (CPU time) interval timer have been handled;
 *                   prints "ticks N spins some"
 * Exit status 0.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#define N 20000L

volatile int calls;
volatile int ticks;
volatile int bad;
volatile int stop_other;
volatile long other_rounds;
static long iterations = N;

__attribute__((noinline)) int counted(int x)
{
	calls++;
	return x + 1;
}

__attribute__((noinline)) long work(long n)
{
	long i, sum = 0;
	for (i = 0; i < n; i++) sum += i; /* @work_loop */
	return sum; /* @work_after */
}

static void *other(void *arg)
{
	(void)arg;
	while (!stop_other) {
		if (work(iterations) != iterations * (iterations - 1) / 2)
			bad++;
		other_rounds++; /* @other_round */
	}
	return NULL;
}

static void on_alarm(int sig)
{ /* @on_alarm */
	(void)sig;
	ticks++;
}

static int loop(long n)
{
	long i, sum = 0;
	for (i = 0; i < n; i++) sum += i; /* @loop */
	printf("sum %ld\n", sum); /* @loop_after */
	return sum == n * (n - 1) / 2 ? 0 : 1;
}

static int call(void)
{
	int x = 41;
	x = counted(x); /* @call */
	printf("calls %d x %d\n", calls, x); /* @call_after */
	return 0;
}

static int threads(void)
{
	pthread_t t;
	long sum;

	if (pthread_create(&t, NULL, other, NULL))
		return 2;
	while (!other_rounds)
		;
	sum = work(iterations); /* @threads_call */
	if (sum != iterations * (iterations - 1) / 2)
		bad++;
	stop_other = 1; /* @threads_after */
	pthread_join(t, NULL);
	printf("bad %d\n", bad);
	return 0;
}

static int alarms(void)
{
	struct sigaction sa;
	struct itimerval it = {{0, 1000}, {0, 1000}};
	struct itimerval off;
	unsigned long spins = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGVTALRM, &sa, NULL);
	setitimer(ITIMER_VIRTUAL, &it, NULL);
	while (ticks < 3) spins++; /* @signal_loop */
	memset(&off, 0, sizeof(off)); /* @signal_after */
	setitimer(ITIMER_VIRTUAL, &off, NULL);
	printf("ticks %d spins %s\n", ticks, spins ? "some" : "none");
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "loop";

	if (!strcmp(mode, "call"))
		return call();
	if (argc > 2)
		iterations = atol(argv[2]);
	if (!strcmp(mode, "threads"))
		return threads();
	if (!strcmp(mode, "signal"))
		return alarms();
	return loop(iterations);
}
