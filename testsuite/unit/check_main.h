/*
 * check_main — the one way a unit-test executable runs its suite: every
 * test, normal output, exit status for ctest. CK_FORK=no in the environment
 * runs tests in-process (to debug one under gdb).
 */
#ifndef RSTUB_CHECK_MAIN_H
#define RSTUB_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

static inline int run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
