/*
 * diff_atomic_sig — armhf test program for the decoder differential test:
 * ldrex/strex sequences through __atomic builtins on 8-, 16-, 32- and
 * 64-bit objects (ldrexb/h/d), and signal handlers entered and left through
 * sigreturn (plain handler) and rt_sigreturn (SA_SIGINFO).
 * argv[1] scales the work.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t hits;
static int i32;
static short i16;
static unsigned char i8;
static long long i64;

static void on_usr1(int sig)
{
	hits += sig == SIGUSR1;
}

static void on_usr2(int sig, siginfo_t *si, void *uc)
{
	hits += (sig == SIGUSR2) + (si->si_signo == SIGUSR2) + (uc != NULL);
}

__attribute__((noinline)) static int cas_loop(int *p, int add)
{
	int old = __atomic_load_n(p, __ATOMIC_RELAXED);

	while (!__atomic_compare_exchange_n(p, &old, old + add, 0, __ATOMIC_SEQ_CST,
	                                    __ATOMIC_RELAXED))
		;
	return old;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10, i, expect = 0;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_sigaction = on_usr2;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);

	for (i = 0; i < n; i++) {
		__atomic_fetch_add(&i32, 3, __ATOMIC_SEQ_CST);
		__atomic_fetch_sub(&i16, 1, __ATOMIC_ACQ_REL);
		__atomic_fetch_or(&i8, (unsigned char)(1 << (i & 7)), __ATOMIC_SEQ_CST);
		__atomic_fetch_add(&i64, 0x100000001LL, __ATOMIC_SEQ_CST);
		__atomic_exchange_n(&i32, __atomic_load_n(&i32, __ATOMIC_SEQ_CST) + 1,
		                    __ATOMIC_SEQ_CST);
		cas_loop(&i32, i);
		if (__atomic_add_fetch(&i32, 0, __ATOMIC_SEQ_CST) & 1)
			__atomic_and_fetch(&i8, 0x7f, __ATOMIC_RELAXED);
		if (i % 8 == 0) {
			raise(SIGUSR1);
			raise(SIGUSR2);
			expect += 4;
		}
	}
	printf("%d %d %d %lld %d/%d\n", i32, i16, i8, i64, hits, expect);
	return hits != expect;
}
