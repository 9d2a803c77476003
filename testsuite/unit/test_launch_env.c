/*
 * Unit tests for the launch environment and command line: envlist (set,
 * replace in place, unset, always NULL-terminated) and shell_quote (one word
 * back from the shell, literal or with the shell's expansions left to it).
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envlist.h"
#include "shell_quote.h"

#include "check_main.h"

START_TEST(test_envlist)
{
	char *const start[] = { "A=1", "B=2", NULL };
	struct envlist e;

	envlist_init(&e, start);
	ck_assert_uint_eq(e.n, 2);
	ck_assert_int_eq(envlist_set(&e, "A=x=y"), 0); /* replaced where it was */
	ck_assert_str_eq(e.v[0], "A=x=y");
	ck_assert_int_eq(envlist_set(&e, "C="), 0);
	ck_assert_str_eq(e.v[2], "C=");
	ck_assert_ptr_null(e.v[3]);
	ck_assert_int_eq(envlist_set(&e, "NOEQUALS"), -EINVAL);
	ck_assert_int_eq(envlist_set(&e, "=1"), -EINVAL);
	envlist_unset(&e, "A");
	envlist_unset(&e, "MISSING");
	envlist_unset(&e, "B=2"); /* a name, not an entry */
	ck_assert_uint_eq(e.n, 2);
	ck_assert_str_eq(e.v[0], "B=2");
	ck_assert_str_eq(e.v[1], "C=");
	ck_assert_ptr_null(e.v[2]);
	envlist_release(&e);
	envlist_init(&e, NULL);
	ck_assert_uint_eq(e.n, 0);
	ck_assert_ptr_null(e.v[0]);
	envlist_release(&e);
}
END_TEST

static const struct {
	const char *word;
	int literal;
	const char *want; /* what `printf %s\n WORD` prints through sh */
} quote_vecs[] = {
	{ "plain", 1, "plain" },
	{ "", 1, "" },
	{ "", 0, "" },
	{ "a b", 0, "a b" },
	{ "it's \"x\" \\ ; | & < > ( ) # \t", 0, "it's \"x\" \\ ; | & < > ( ) # \t" },
	{ "it's $HOME *", 1, "it's $HOME *" },
	{ "line\nbreak", 0, "line\nbreak" },
	{ "$QUOTE_TEST", 0, "expanded" },
	{ "${QUOTE_TEST}-x", 0, "expanded-x" },
	{ "$QUOTE_TEST", 1, "$QUOTE_TEST" },
};

/* The word as sh gives it to a program (one argument, printed with a NUL). */
static void through_shell(const char *word, bool literal, char *out, size_t size)
{
	struct strbuf cmd = STRBUF_INIT;
	FILE *f;
	size_t n;

	strbuf_adds(&cmd, "QUOTE_TEST=expanded; printf '%s\\0' ");
	shell_quote(&cmd, word, literal);
	f = popen(cmd.buf, "r");
	ck_assert_ptr_nonnull(f);
	n = fread(out, 1, size - 1, f);
	out[n] = '\0';
	ck_assert_int_eq(pclose(f), 0);
	ck_assert_uint_eq(strlen(out) + 1, n); /* exactly one word */
	strbuf_release(&cmd);
}

START_TEST(test_shell_quote)
{
	char out[256];

	through_shell(quote_vecs[_i].word, quote_vecs[_i].literal, out, sizeof(out));
	ck_assert_str_eq(out, quote_vecs[_i].want);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("launch_env");
	TCase *tc = tcase_create("envlist");

	tcase_add_test(tc, test_envlist);
	suite_add_tcase(s, tc);
	tc = tcase_create("shell_quote");
	tcase_add_loop_test(tc, test_shell_quote, 0, sizeof(quote_vecs) / sizeof(quote_vecs[0]));
	suite_add_tcase(s, tc);
	return run_suite(s);
}
