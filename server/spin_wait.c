/*
 * spin_wait — poll() and waitpid() that busy-wait a little before they sleep
 * (contract in spin_wait.h).
 */
#include "spin_wait.h"

#include <sched.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Is the window that started at *start (0: not yet) still open? */
static bool spinning(long long *start, unsigned spin_us)
{
	long long now = now_ns();

	if (!*start)
		*start = now;
	else
		sched_yield();
	return now - *start < spin_us * 1000LL;
}

int spin_poll(struct pollfd *fds, nfds_t n, unsigned spin_us)
{
	long long start = 0;

	while (spin_us && spinning(&start, spin_us)) {
		int r = poll(fds, n, 0);

		if (r)
			return r;
	}
	return poll(fds, n, -1);
}

pid_t spin_waitpid(pid_t pid, int *status, int flags, unsigned spin_us)
{
	long long start = 0;

	while (spin_us && !(flags & WNOHANG) && spinning(&start, spin_us)) {
		pid_t r = waitpid(pid, status, flags | WNOHANG);

		if (r)
			return r;
	}
	return waitpid(pid, status, flags);
}

unsigned spin_wait_default(void)
{
	cpu_set_t cpus; /* the CPUs we may run on (a container may allow one) */
	long n = sched_getaffinity(0, sizeof(cpus), &cpus) == 0
		? CPU_COUNT(&cpus) : sysconf(_SC_NPROCESSORS_ONLN);

	return n > 1 ? SPIN_WAIT_DEFAULT_US : 0;
}
