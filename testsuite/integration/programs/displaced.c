/* displaced: worker threads run instructions of several kinds, each at a
 * global label, for breakpoints whose condition is false (stepped in the
 * scratch slots at _start by rstub). One iteration of a worker:
 *   at_lock  lock incq counter(%rip)     RIP-relative read-modify-write
 *   at_load  mov src_val(%rip),%reg      RIP-relative load
 *   at_push  push %rbx                   plain
 *   at_call  call bump                   relative call; bump adds i to total
 *   at_ret   ret                         (in bump) absolute transfer
 *   at_lea   lea src_buf(%rip),%rsi      RIP-relative address
 *   at_rep   rep movsb                   64 bytes, one trap per byte
 * main starts the workers and a thread sending SIGUSR1 (counted by a
 * handler) to those past iteration 8, waits until every worker is past
 * iteration 8 and half the work is done, calls checkpoint() (for a
 * breakpoint taken while the workers run), waits for the workers to
 * finish, stops the signals, joins them all and checks that _start is
 * what it was at the start.
 * Usage: displaced [threads [iterations]] */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern char _start[];
long counter, total, loaded, src_val = 3;
long sigs;
char src_buf[64] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde";
static long iterations = 200;
static long progress[64];
static int done;

void bump(long v);
__asm__(".text\n.globl bump\n.type bump,@function\nbump:\n"
        "\tlock addq %rdi, total(%rip)\n"
        ".globl at_ret\nat_ret:\n\tret\n.size bump, .-bump\n");

/* Below the red zone: the compiler may keep this frame's locals there. */
static void one(long i, char *dst)
{
	long tmp;

	__asm__ volatile("sub $128, %%rsp\n"
	                 ".globl at_lock\nat_lock: lock incq counter(%%rip)\n"
	                 ".globl at_load\nat_load: mov src_val(%%rip), %[tmp]\n"
	                 "\tlock add %[tmp], loaded(%%rip)\n"
	                 ".globl at_push\nat_push: push %%rbx\n"
	                 "\tpop %%rbx\n"
	                 "\tmov %[i], %%rdi\n"
	                 ".globl at_call\nat_call: call bump\n"
	                 ".globl at_lea\nat_lea: lea src_buf(%%rip), %%rsi\n"
	                 "\tmov %[dst], %%rdi\n"
	                 "\tmov $64, %%ecx\n"
	                 ".globl at_rep\nat_rep: rep movsb\n"
	                 "\tadd $128, %%rsp\n"
	                 : [tmp] "=&r"(tmp)
	                 : [i] "r"(i), [dst] "r"(dst)
	                 : "rdi", "rsi", "rcx", "memory", "cc");
}

static void *worker(void *arg)
{
	long t = (long)arg, i;
	char dst[64];

	for (i = 0; i < iterations; i++) {
		memset(dst, 0, sizeof(dst));
		one(i, dst);
		if (memcmp(dst, src_buf, sizeof(dst)))
			abort();
		__atomic_store_n(&progress[t], i + 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

static void on_usr1(int sig)
{
	(void)sig;
	__atomic_fetch_add(&sigs, 1, __ATOMIC_RELAXED);
}

static int nthreads = 16;
static pthread_t th[64];

static void *signaller(void *arg)
{
	struct timespec pace = {0, 200000};
	long n = 0;

	(void)arg;
	while (!__atomic_load_n(&done, __ATOMIC_ACQUIRE)) {
		/* only threads past i == 7: a signal that interrupts gdb's own
		 * step over that reported breakpoint can have it reported again */
		if (__atomic_load_n(&progress[n % nthreads], __ATOMIC_ACQUIRE) > 8)
			pthread_kill(th[n % nthreads], SIGUSR1);
		n++;
		nanosleep(&pace, NULL); /* a load, not a synchronisation */
	}
	return NULL;
}

void checkpoint(void)
{
	__asm__ volatile("" ::: "memory");
}

static int all_past(long n)
{
	long sum = 0;
	int t;

	for (t = 0; t < nthreads; t++) {
		if (__atomic_load_n(&progress[t], __ATOMIC_ACQUIRE) < n &&
		    __atomic_load_n(&progress[t], __ATOMIC_ACQUIRE) < iterations)
			return 0;
		sum += __atomic_load_n(&progress[t], __ATOMIC_ACQUIRE);
	}
	return sum >= nthreads * iterations / 2;
}

int main(int argc, char **argv)
{
	unsigned char start[33];
	pthread_t sig;
	long t, want;

	memcpy(start, _start, sizeof(start));
	if (argc > 1)
		nthreads = atoi(argv[1]);
	if (argc > 2)
		iterations = atol(argv[2]);
	if (nthreads < 1 || nthreads > 64)
		nthreads = 16;
	signal(SIGUSR1, on_usr1);
	for (t = 0; t < nthreads; t++)
		pthread_create(&th[t], NULL, worker, (void *)t);
	pthread_create(&sig, NULL, signaller, NULL);
	while (!all_past(9))
		;
	checkpoint();
	while (!all_past(iterations))
		;
	/* no pthread_kill of a joined thread */
	__atomic_store_n(&done, 1, __ATOMIC_RELEASE);
	pthread_join(sig, NULL);
	for (t = 0; t < nthreads; t++)
		pthread_join(th[t], NULL);
	want = nthreads * iterations;
	printf("displaced done: counter %s, total %s, loaded %s, start %s, signals %s\n",
	       counter == want ? "ok" : "WRONG",
	       total == nthreads * (iterations * (iterations - 1) / 2) ? "ok" : "WRONG",
	       loaded == 3 * want ? "ok" : "WRONG",
	       memcmp(start, _start, sizeof(start)) ? "CHANGED" : "intact",
	       sigs > 0 ? "handled" : "none");
	return 0;
}
