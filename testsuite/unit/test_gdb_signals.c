/*
 * test_gdb_signals — unit tests for server/gdb_signals.c.
 *
 * Contract: the expected numbers are literals copied from gdb's
 * include/gdb/signals.def and the Linux x86-64 signal numbers, not computed
 * from the code under test. Every host signal that has a gdb number must
 * survive host -> gdb -> host; gdb numbers with no host signal map to 0.
 */
#include <check.h>
#include <signal.h>
#include <stdlib.h>

#include "gdb_signals.h"

#include "check_main.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct pair {
	int host;
	int gdb;
};

/* Linux host number <-> gdb number, both written out. */
static const struct pair pairs[] = {
        {1, 1},   /* SIGHUP */
        {2, 2},   /* SIGINT */
        {3, 3},   /* SIGQUIT */
        {4, 4},   /* SIGILL */
        {5, 5},   /* SIGTRAP */
        {6, 6},   /* SIGABRT */
        {7, 10},  /* SIGBUS */
        {8, 8},   /* SIGFPE */
        {9, 9},   /* SIGKILL */
        {10, 30}, /* SIGUSR1 */
        {11, 11}, /* SIGSEGV */
        {12, 31}, /* SIGUSR2 */
        {13, 13}, /* SIGPIPE */
        {14, 14}, /* SIGALRM */
        {15, 15}, /* SIGTERM */
        {17, 20}, /* SIGCHLD */
        {18, 19}, /* SIGCONT */
        {19, 17}, /* SIGSTOP */
        {20, 18}, /* SIGTSTP */
        {21, 21}, /* SIGTTIN */
        {22, 22}, /* SIGTTOU */
        {23, 16}, /* SIGURG */
        {24, 24}, /* SIGXCPU */
        {25, 25}, /* SIGXFSZ */
        {26, 26}, /* SIGVTALRM */
        {27, 27}, /* SIGPROF */
        {28, 28}, /* SIGWINCH */
        {29, 23}, /* SIGIO */
        {30, 32}, /* SIGPWR */
        {31, 12}, /* SIGSYS */
        {32, 77}, /* SIG32 */
        {33, 45}, /* SIG33 */
        {34, 46}, /* SIG34 */
        {48, 60}, /* SIG48 */
        {63, 75}, /* SIG63 */
        {64, 78}, /* SIG64 */
};

START_TEST(test_known_pairs)
{
	const struct pair *p = &pairs[_i];

	ck_assert_int_eq(gdb_signal_from_host(p->host), p->gdb);
	ck_assert_int_eq(gdb_signal_to_host(p->gdb), p->host);
}
END_TEST

/* The table above is in Linux numbers: make sure this host agrees. */
START_TEST(test_host_numbering)
{
	ck_assert_int_eq(SIGBUS, 7);
	ck_assert_int_eq(SIGUSR1, 10);
	ck_assert_int_eq(SIGCHLD, 17);
	ck_assert_int_eq(SIGSTKFLT, 16);
	ck_assert_int_eq(SIGIO, 29);
	ck_assert_int_eq(SIGPOLL, SIGIO);
	ck_assert_int_eq(SIGRTMAX, 64);
	ck_assert_int_eq(GDB_SIGNAL_INT, gdb_signal_from_host(SIGINT));
	ck_assert_int_eq(GDB_SIGNAL_TRAP, gdb_signal_from_host(SIGTRAP));
}
END_TEST

START_TEST(test_round_trip_all)
{
	int seen[GDB_SIGNAL_LAST] = {0};

	for (int h = 1; h <= SIGRTMAX; h++) {
		int g = gdb_signal_from_host(h);

		if (h == SIGSTKFLT) {
			ck_assert_int_eq(g, GDB_SIGNAL_UNKNOWN);
			continue;
		}
		ck_assert_int_gt(g, 0);
		ck_assert_int_lt(g, GDB_SIGNAL_LAST);
		ck_assert_int_ne(g, GDB_SIGNAL_UNKNOWN);
		ck_assert_msg(!seen[g], "gdb %d given to host %d and %d", g, seen[g], h);
		seen[g] = h;
		ck_assert_int_eq(gdb_signal_to_host(g), h);
	}
}
END_TEST

START_TEST(test_from_host_unknown)
{
	ck_assert_int_eq(gdb_signal_from_host(0), GDB_SIGNAL_0);
	ck_assert_int_eq(gdb_signal_from_host(16), GDB_SIGNAL_UNKNOWN); /* SIGSTKFLT */
	ck_assert_int_eq(gdb_signal_from_host(-1), GDB_SIGNAL_UNKNOWN);
	ck_assert_int_eq(gdb_signal_from_host(65), GDB_SIGNAL_UNKNOWN);
	ck_assert_int_eq(gdb_signal_from_host(127), GDB_SIGNAL_UNKNOWN);
	ck_assert_int_eq(gdb_signal_from_host(1000), GDB_SIGNAL_UNKNOWN);
}
END_TEST

/* gdb numbers with no Linux signal behind them. */
static const int unknown_gdb[] = {
        -1,  7,                                         /* EMT */
        29,                                             /* LOST */
        34,  35,   36,  37, 38, 39, 40, 41, 42, 43, 44, /* WIND .. PRIO */
        76,                                             /* CANCEL */
        79,  100,  141, /* SIG65 .. SIG127: past SIGRTMAX */
        142,            /* INFO */
        143,            /* UNKNOWN */
        144,            /* DEFAULT */
        145, 150,       /* EXC_* */
        151,            /* LIBRT */
        152, 1000,
};

START_TEST(test_to_host_unknown)
{
	ck_assert_int_eq(gdb_signal_to_host(unknown_gdb[_i]), 0);
}
END_TEST

START_TEST(test_to_host_special)
{
	ck_assert_int_eq(gdb_signal_to_host(0), 0);
	/* SIGPOLL exists on Linux (as SIGIO): gdbserver passes it on */
	ck_assert_int_eq(gdb_signal_to_host(33), SIGIO);
}
END_TEST

static Suite *gdb_signals_suite(void)
{
	Suite *s = suite_create("gdb_signals");
	TCase *tc;

	tc = tcase_create("known_pairs");
	tcase_add_loop_test(tc, test_known_pairs, 0, (int)ARRAY_SIZE(pairs));
	tcase_add_test(tc, test_host_numbering);
	suite_add_tcase(s, tc);

	tc = tcase_create("round_trip");
	tcase_add_test(tc, test_round_trip_all);
	suite_add_tcase(s, tc);

	tc = tcase_create("unknown");
	tcase_add_test(tc, test_from_host_unknown);
	tcase_add_loop_test(tc, test_to_host_unknown, 0, (int)ARRAY_SIZE(unknown_gdb));
	tcase_add_test(tc, test_to_host_special);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(gdb_signals_suite());
}
