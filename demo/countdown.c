/*
 * The demo program `run-demo` serves: small enough to read in the debugger,
 * with a function to step into, a loop, a global to watch and a libc call.
 */
#include <stdio.h>

int ticks;

static int square(int n)
{
	int result = n * n;

	return result;
}

int main(void)
{
	int sum = 0;

	for (int i = 3; i > 0; i--) {
		ticks++;
		sum += square(i);
		printf("tick %d: sum = %d\n", i, sum);
	}
	return sum == 14 ? 0 : 1;
}
