/* loop: prints "ready PID", then sleeps in a loop until a debugger clears
 * keep_going (or about 60 s pass), prints "loop done" and exits with 7.
 * For --attach and interrupt tests. */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

volatile int keep_going = 1;

static void nap(void)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };

	nanosleep(&ts, NULL); /* @nap */
}

int main(void)
{
	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	for (int i = 0; keep_going && i < 1200; i++)
		nap(); /* @loop */
	printf("loop done\n");
	fflush(stdout);
	return 7;
}
