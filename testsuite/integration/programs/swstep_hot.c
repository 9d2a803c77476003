/* swstep_hot: 32 worker threads call hot() in a tight loop, each on its own
 * record, until a debugger clears keep_going (or about 120 s pass); main
 * then checks every record against the number of calls its thread made: a
 * skipped or repeated instruction in hot() shows up as a wrong sum or mix.
 * Prints `work ok' and exits 0, else `work wrong ...' and exits 1.
 * For software single-step under many threads running the stepped code:
 * the test steps worker STEPPED; the others run at nice 19, so on a machine
 * with few cores the stepped thread gets a CPU as soon as it is resumed
 * (instead of a time slice after 31 busy threads) while they still use
 * every CPU it leaves idle. */
#define _GNU_SOURCE /* gettid */
#include <pthread.h>
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define NT 32
#define STEPPED 3

struct record {
	unsigned long calls, sum, mix;
	unsigned long n; /* calls the thread made, counted in its loop */
};

volatile int keep_going = 1;
static int started;
static struct record rec[NT];

void hot(struct record *r, unsigned long i)
{
	r->sum += i; /* @hot */
	r->mix = r->mix * 31 + (i ^ 0x5a);
	r->calls++;
}

static void *worker(void *arg)
{
	struct record *r = arg;
	unsigned long i;

	if (r != &rec[STEPPED])
		setpriority(PRIO_PROCESS, gettid(), 19);
	__atomic_add_fetch(&started, 1, __ATOMIC_SEQ_CST);
	for (i = 0; keep_going; i++)
		hot(r, i); /* @loop */
	r->n = i;
	return NULL;
}

static void nap(void)
{
	struct timespec ts = { 0, 1000 * 1000 };

	nanosleep(&ts, NULL);
}

void all_running(void)
{
	printf("all running\n"); /* @all-running */
	fflush(stdout);
}

static int check(int id, const struct record *r)
{
	unsigned long i, mix = 0;

	for (i = 0; i < r->n; i++)
		mix = mix * 31 + (i ^ 0x5a);
	if (r->calls == r->n && r->sum == r->n * (r->n - 1) / 2 && r->mix == mix)
		return 0;
	printf("work wrong in thread %d: %lu calls, %lu counted, sum %lu, mix %lx (want %lx)\n",
	       id, r->calls, r->n, r->sum, r->mix, mix);
	return 1;
}

int main(void)
{
	pthread_t t[NT];
	int i, bad = 0;

	for (i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, worker, &rec[i]);
	while (__atomic_load_n(&started, __ATOMIC_SEQ_CST) < NT)
		nap();
	all_running();
	for (i = 0; i < 120000 && keep_going; i++)
		nap();
	keep_going = 0;
	for (i = 0; i < NT; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < NT; i++)
		bad |= check(i, &rec[i]);
	if (!bad)
		printf("work ok\n");
	return bad;
}
