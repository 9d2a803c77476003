/*
 * diff_flow — compiled control flow for the x86-64 decoder's differential
 * test: switch jump tables (notrack jmp with -fcf-protection), computed
 * goto, calls and tail calls through function pointers, recursion,
 * qsort/bsearch callbacks, setjmp/longjmp, sigsetjmp/siglongjmp out of a
 * handler, printf's formatting, libc's string functions over many sizes and
 * alignments (their AVX2 / EVEX / rep movsb variants on this CPU), and
 * signals: synchronous (raise) and asynchronous (interval timer) ones, whose
 * handlers return through rt_sigreturn.
 *
 *   diff_flow ROUNDS
 *
 * Prints a checksum, so the work cannot be optimised away.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

static volatile sig_atomic_t alarms, usr1s;
static sigjmp_buf sig_env;
static jmp_buf env;
static unsigned long sum;

__attribute__((noinline)) static unsigned dispatch(unsigned op, unsigned x)
{
	switch (op) {
	case 0: return x + 1;
	case 1: return x * 3;
	case 2: return x ^ 0x55;
	case 3: return x >> 1;
	case 4: return x << 2;
	case 5: return x - 7;
	case 6: return ~x;
	case 7: return x | 0x100;
	case 8: return x & 0xff;
	case 9: return x * x;
	case 10: return x + 1000;
	case 11: return x / 3;
	default: return 0;
	}
}

__attribute__((noinline)) static unsigned threaded(const unsigned char *prog, unsigned x)
{
	static void *const ops[] = { &&op_inc, &&op_dbl, &&op_neg, &&op_end };

	goto *ops[*prog++];
op_inc:
	x++;
	goto *ops[*prog++];
op_dbl:
	x *= 2;
	goto *ops[*prog++];
op_neg:
	x = -x;
	goto *ops[*prog++];
op_end:
	return x;
}

static unsigned f_add(unsigned a) { return a + 11; }
static unsigned f_mul(unsigned a) { return a * 13; }
static unsigned f_rot(unsigned a) { return a << 3 | a >> 29; }

static unsigned (*const funcs[])(unsigned) = { f_add, f_mul, f_rot };

__attribute__((noinline)) static unsigned tail(unsigned (*f)(unsigned), unsigned a)
{
	return f(a); /* jmp *reg */
}

__attribute__((noinline)) static unsigned fib(unsigned n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

__attribute__((noinline)) static void deep(int level)
{
	if (level > 0)
		deep(level - 1);
	else if (sum != 1) /* always: keeps gcc from calling this endless */
		longjmp(env, 42);
}

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void on_usr1(int sig)
{
	(void)sig;
	usr1s++;
	if (usr1s % 2)
		siglongjmp(sig_env, 1);
}

static void control_flow(unsigned round)
{
	static const unsigned char prog[] = { 0, 1, 0, 2, 1, 0, 3 };
	int keys[64];

	for (unsigned i = 0; i < 48; i++)
		sum += dispatch((i * 7 + round) % 13, i);
	sum += threaded(prog, round);
	for (unsigned i = 0; i < 30; i++)
		sum += tail(funcs[(i + round) % 3], i);
	sum += fib(12);
	for (int i = 0; i < 64; i++)
		keys[i] = (int)((i * 2654435761u + round) % 1000);
	qsort(keys, 64, sizeof(keys[0]), cmp_int);
	sum += bsearch(&keys[17], keys, 64, sizeof(keys[0]), cmp_int) != NULL;
	if (setjmp(env) == 0)
		deep(5);
	else
		sum += 42;
}

static void strings(unsigned round)
{
	static char a[9000], b[9000];
	static const size_t sizes[] = { 0, 1, 3, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, 127, 128,
					129, 255, 256, 511, 777, 1024, 2049, 4096, 8192 };
	char buf[128];

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t n = sizes[i], off = (round + i) % 7;

		memset(a + off, 'a' + (int)(i % 26), n);
		a[off + n] = '\0';
		memcpy(b + 3, a + off, n + 1);
		memmove(b + 1, b + 3, n + 1);
		sum += strlen(b + 1) + (size_t)memcmp(a + off, b + 1, n);
		sum += strcmp(a + off, b + 1) == 0;
		sum += strchr(b + 1, 'z') != NULL;
		sum += (uintptr_t)memchr(a + off, 'q', n) & 1;
	}
	snprintf(buf, sizeof(buf), "%d %5.2f %s %x %lu", (int)round, round / 3.0, "str",
		 round * 77, sum);
	sum += strlen(buf);
}

static void signals(void)
{
	struct itimerval it = { { 0, 2000 }, { 0, 2000 } };
	volatile unsigned long spin = 0;

	signal(SIGALRM, on_alarm);
	signal(SIGUSR1, on_usr1);
	for (int i = 0; i < 4; i++)
		if (sigsetjmp(sig_env, 1) == 0)
			raise(SIGUSR1);
	setitimer(ITIMER_REAL, &it, NULL);
	while (alarms < 3)
		spin++;
	it.it_value.tv_usec = it.it_interval.tv_usec = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	sum += usr1s;
}

int main(int argc, char **argv)
{
	unsigned rounds = argc > 1 ? (unsigned)atoi(argv[1]) : 1;

	for (unsigned r = 0; r < rounds; r++) {
		control_flow(r);
		strings(r);
	}
	signals();
	printf("diff_flow %lu\n", sum);
	return 0;
}
