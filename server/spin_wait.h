/*
 * spin_wait — poll() and waitpid() that busy-wait a little before they sleep.
 *
 * On virtual machines, and on hosts whose idle CPUs sleep deeply, waking a
 * task whose CPU has gone idle costs tens of microseconds: more than a whole
 * ptrace single-step or TCP round trip. Between gdb's packets and the
 * program's stops a stub mostly waits for something about to happen (the stop
 * of a single-step, gdb's next packet after a reply, the stop of a thread it
 * interrupted), so it keeps its CPU awake for a short window before sleeping.
 *
 * Contract: each call returns what its blocking counterpart would
 * (poll(fds, n, -1); waitpid(pid, status, flags) without WNOHANG) after first
 * trying without blocking, yielding the CPU between tries (so a program or
 * client the scheduler put on this CPU runs), for at most spin_us
 * microseconds; spin_us 0 sleeps at once. The window costs CPU only while
 * events come faster than it: a longer wait sleeps as before.
 */
#ifndef RSTUB_SPIN_WAIT_H
#define RSTUB_SPIN_WAIT_H

#include <poll.h>
#include <sys/types.h>

/* The default window: covers one wake-up of an idle CPU on a VM. */
enum { SPIN_WAIT_DEFAULT_US = 100 };

int spin_poll(struct pollfd *fds, nfds_t n, unsigned spin_us);
pid_t spin_waitpid(pid_t pid, int *status, int flags, unsigned spin_us);

/* The window to use when none is asked for: 0 when this process may run on
 * a single CPU only, where spinning only delays the task waited for. */
unsigned spin_wait_default(void);

#endif
