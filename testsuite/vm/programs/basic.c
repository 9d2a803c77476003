/* basic — what a first session on a board looks at: a call chain to
 * backtrace through, locals and arguments to print, and a global that is
 * written once and read once (hardware watchpoints). Built -marm and
 * -mthumb; libc is Thumb-2 either way. */
#include <stdio.h>

volatile int watched;
int sink;

static int leaf(int x)
{
	int y = x * 3 + 1; /* @leaf */
	return y;
}

static int middle(int x)
{
	return leaf(x + 1) + 2;
}

int main(void)
{
	int local = 42;

	watched = local; /* @write */
	sink = watched + 1; /* @read */
	printf("result %d\n", middle(local) + sink);
	return 0;
}
