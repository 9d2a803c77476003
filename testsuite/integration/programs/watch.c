/* watch — globals and a local for the watchpoint and hbreak tests. */
#include <stdio.h>

int counter;
int reads_me = 42;
int sink;
long w1, w2, w3, w4, w5;

static int __attribute__((noinline)) bump(int x)
{
	int local = 0; /* @local-decl */

	local = x * 2; /* @local-write */
	local += 1;
	return local;
}

int __attribute__((noinline)) hfunc(int x)
{
	return x + 1; /* @hfunc */
}

int main(void)
{
	int i;

	for (i = 0; i < 3; i++)
		counter = counter + 1; /* @counter-write */
	reads_me = 7;             /* @reads-me-write */
	sink = reads_me;          /* @reads-me-read */
	sink = bump(sink);        /* @bump-call */
	sink = hfunc(sink);
	w1 = w2 = w3 = w4 = w5 = sink;
	printf("watch %d %d %ld\n", counter, sink, w5);
	return 0;
}
