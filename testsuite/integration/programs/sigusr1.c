/* sigusr1: raises SIGUSR1 five times, counts deliveries in a handler and
 * exits with the count, so the exit status proves what was delivered. */
#include <signal.h>
#include <string.h>

#define RAISES 5

static volatile sig_atomic_t delivered;

static void on_usr1(int sig)
{
	(void)sig;
	delivered++;
}

int main(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) != 0)
		return 100;
	for (int i = 0; i < RAISES; i++)
		raise(SIGUSR1); /* @raise */
	return delivered;
}
