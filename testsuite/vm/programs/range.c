/* range — one-line loops for range stepping (`next') on 32-bit ARM: in an
 * ARM-state and a Thumb-state function, with a call, with an IT block
 * (one whose slots stay in the loop, one that can branch out of it), and
 * around an ldrex/strex increment (__atomic_add_fetch, armv7). Built -marm
 * and -mthumb (main's state); the functions whose state matters say so.
 *
 *   range [N [NCALL]]   runs each loop (N iterations, default 100000; the
 *                       loop with a call NCALL, default 200) and prints
 *                       "range ok" when every result is right.
 */
#include <stdio.h>
#include <stdlib.h>

volatile int counter;
volatile long callsum;

__attribute__((noinline)) int twice(int x)
{
	return 2 * x; /* @twice */
}

__attribute__((target("arm"), noinline)) long long arm_loop(long n)
{
	long long sum = 0;
	long i;
	for (i = 0; i < n; i++) sum += i; /* @arm_loop */
	return sum; /* @arm_after */
}

__attribute__((target("thumb"), noinline)) long long thumb_loop(long n)
{
	long long sum = 0;
	long i;
	for (i = 0; i < n; i++) sum += i; /* @thumb_loop */
	return sum; /* @thumb_after */
}

__attribute__((noinline)) long call_loop(long n)
{
	long i, sum = 0;
	for (i = 0; i < n; i++) sum += twice(i); /* @call_loop */
	return sum; /* @call_after */
}

/* odd += 1 for odd i, even += 1 for even i, through an ITE block */
__attribute__((target("thumb"), noinline)) long it_loop(long n)
{
	long i, odd = 0, even = 0;
	for (i = 0; i < n; i++) __asm__("tst %2, #1\n\tite ne\n\taddne %0, %0, #1\n\taddeq %1, %1, #1" : "+r"(odd), "+r"(even) : "r"(i) : "cc"); /* @it_loop */
	return odd - even; /* @it_after */
}

/* the loop ends through a conditional branch in an IT block */
__attribute__((target("thumb"), noinline)) long it_exit_loop(long n)
{
	long i;
	for (i = 0;; i++) __asm__ goto("cmp %0, %1\n\tit ge\n\tbge %l[out]" : : "r"(i), "r"(n) : "cc" : out); /* @it_exit_loop */
out:
	return i; /* @it_exit_after */
}

__attribute__((noinline)) long atomic_loop(long n)
{
	long i;
	for (i = 0; i < n; i++) __atomic_add_fetch(&counter, 1, __ATOMIC_SEQ_CST); /* @atomic_loop */
	return counter; /* @atomic_after */
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	long ncall = argc > 2 ? atol(argv[2]) : 200;
	long long sum = (long long)n * (n - 1) / 2;
	int ok = 1;

	ok &= arm_loop(n) == sum; /* @main_arm */
	ok &= thumb_loop(n) == sum;
	ok &= call_loop(ncall) == ncall * (ncall - 1);
	ok &= it_loop(n) == -(n & 1);
	ok &= it_exit_loop(n) == n;
	ok &= atomic_loop(n) == n;
	callsum = twice(21); /* @main_step */
	ok &= callsum == 42; /* @main_after_step */
	printf("range %s\n", ok ? "ok" : "bad");
	return 0;
}
