/* hello: a function to step into, a libc call, an exit status that says
 * whether the program ran with the values it was meant to. */
#include <stdio.h>

int global_counter = 42;

int square(int x)
{
	int y = x * x; /* @square-body */
	return y;
}

int main(void)
{
	int n = 6; /* @main-first */
	int r = square(n); /* @call */
	printf("hello %d\n", r); /* @print */
	fflush(stdout); /* @flush */
	return r == 36 ? 0 : 1; /* @return */
}
