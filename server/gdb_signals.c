/* gdb_signals — see gdb_signals.h for the contract. */
#include "gdb_signals.h"

#include <signal.h>
#include <stddef.h>

/* Host signal -> gdb number for the classic signals (index = host number). */
static const unsigned char classic[] = {
	[SIGHUP] = 1,	 [SIGINT] = 2,	   [SIGQUIT] = 3,  [SIGILL] = 4,  [SIGTRAP] = 5,
	[SIGABRT] = 6,	 [SIGBUS] = 10,	   [SIGFPE] = 8,   [SIGKILL] = 9, [SIGUSR1] = 30,
	[SIGSEGV] = 11,	 [SIGUSR2] = 31,   [SIGPIPE] = 13, [SIGALRM] = 14, [SIGTERM] = 15,
	[SIGSTKFLT] = 0, [SIGCHLD] = 20,   [SIGCONT] = 19, [SIGSTOP] = 17, [SIGTSTP] = 18,
	[SIGTTIN] = 21,	 [SIGTTOU] = 22,   [SIGURG] = 16,  [SIGXCPU] = 24, [SIGXFSZ] = 25,
	[SIGVTALRM] = 26, [SIGPROF] = 27,  [SIGWINCH] = 28, [SIGIO] = 23,  [SIGPWR] = 32,
	[SIGSYS] = 12,
};

/* gdb number of realtime signal `n` (32..127), see signals.def. */
static int realtime_to_gdb(int n)
{
	if (n == 32)
		return 77;
	if (n >= 33 && n <= 63)
		return 45 + (n - 33);
	if (n >= 64 && n <= 127)
		return 78 + (n - 64);
	return GDB_SIGNAL_UNKNOWN;
}

int gdb_signal_from_host(int hostsig)
{
	if (hostsig == 0)
		return GDB_SIGNAL_0;
	if (hostsig > 0 && (size_t)hostsig < sizeof(classic) && classic[hostsig])
		return classic[hostsig];
	if (hostsig >= 32 && hostsig <= SIGRTMAX)
		return realtime_to_gdb(hostsig);
	return GDB_SIGNAL_UNKNOWN;
}

int gdb_signal_to_host(int gdbsig)
{
	if (gdbsig <= 0 || gdbsig >= GDB_SIGNAL_LAST)
		return 0;
	for (size_t h = 1; h < sizeof(classic); h++)
		if (classic[h] == gdbsig)
			return (int)h;
	/* gdb's SIGPOLL: we never report it (it is SIGIO on Linux) but gdb may send it */
	if (gdbsig == 33)
		return SIGPOLL;
	if (gdbsig == 77)
		return 32;
	if (gdbsig >= 45 && gdbsig <= 75)
		return 33 + (gdbsig - 45);
	if (gdbsig >= 78 && gdbsig <= 141 && 64 + (gdbsig - 78) <= SIGRTMAX)
		return 64 + (gdbsig - 78);
	return 0;
}
