/* steps — code for instruction stepping on 32-bit ARM: Thumb-2 IT blocks
 * and tbb/tbh table branches, an ARM-state function, interworking calls
 * both ways and into libc (Thumb-2), an ldrex/strex loop, and a signal
 * handler. Built -marm and -mthumb; the functions whose instruction set
 * matters say so with target attributes. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

volatile int counter;
volatile sig_atomic_t got_signal;
const char *volatile interworking = "interworking";

/* r0 = a < 0 ? -a*2 : a+3, through a 4-slot IT block */
__attribute__((target("thumb"), noinline)) int it_block(int a)
{
	int r;

	__asm__ volatile("cmp %1, #0\n\t"
	                 "ittee lt\n\t"
	                 "neglt %0, %1\n\t"
	                 "lsllt %0, %0, #1\n\t"
	                 "addge %0, %1, #3\n\t"
	                 "nopge\n\t"
	                 : "=&r"(r)
	                 : "r"(a)
	                 : "cc");
	return r;
}

/* i in 0..2 through tbb, then again through tbh */
__attribute__((target("thumb"), noinline)) int table_branch(int i)
{
	int r;

	__asm__ volatile("tbb [pc, %1]\n\t"
	                 "1: .byte (2f - 1b) / 2, (3f - 1b) / 2, (4f - 1b) / 2, 0\n\t"
	                 "2: movs %0, #10\n\t"
	                 "b 5f\n\t"
	                 "3: movs %0, #20\n\t"
	                 "b 5f\n\t"
	                 "4: movs %0, #30\n\t"
	                 "5: tbh [pc, %1, lsl #1]\n\t"
	                 "6: .hword (7f - 6b) / 2, (8f - 6b) / 2, (9f - 6b) / 2, 0\n\t"
	                 "7: adds %0, #1\n\t"
	                 "b 10f\n\t"
	                 "8: adds %0, #2\n\t"
	                 "b 10f\n\t"
	                 "9: adds %0, #3\n\t"
	                 "10:\n\t"
	                 : "=&l"(r)
	                 : "r"(i)
	                 : "cc");
	return r;
}

__attribute__((target("arm"), noinline)) int arm_state(int x)
{
	return it_block(x - 5) + table_branch(x % 3); /* ARM -> Thumb */
}

__attribute__((noinline)) void atomic_add(int n)
{
	__atomic_fetch_add(&counter, n, __ATOMIC_SEQ_CST); /* @atomic */
}

static void on_usr1(int sig)
{
	got_signal = sig; /* @handler */
}

__attribute__((noinline)) int steps_begin(void)
{
	int sum, i;

	sum = (int)strlen(interworking); /* into Thumb-2 libc */
	for (i = 0; i < 3; i++)
		sum += arm_state(i);
	return sum;
}

int main(void)
{
	int sum;

	signal(SIGUSR1, on_usr1);
	sum = steps_begin();
	atomic_add(2);
	kill(getpid(), SIGUSR1); /* @kill */
	printf("sum %d counter %d signal %d\n", sum, counter, (int)got_signal); /* @after */
	return 0;
}
