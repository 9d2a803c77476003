/*
 * test_osdata — unit tests for server/linux_osdata.c (the host's processes
 * from /proc) and server/rsp_osdata.c (gdb's <osdata type="processes">).
 *
 * Contract: the Linux side is checked against processes this test makes (its
 * own, a zombie child, whose argv is gone); the XML against a fake target
 * kind, written out as gdbserver sends it.
 */
#include <check.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linux_target.h"
#include "rsp.h"

#include "check_main.h"

struct seen {
	pid_t want;
	pid_t last;
	bool ascending;
	char command[256], user[64], cores[256];
};

static int collect(const struct target_os_process *p, void *arg)
{
	struct seen *s = arg;

	if (p->pid <= s->last)
		s->ascending = false;
	s->last = p->pid;
	if (p->pid == s->want) {
		snprintf(s->command, sizeof(s->command), "%s", p->command);
		snprintf(s->user, sizeof(s->user), "%s", p->user);
		snprintf(s->cores, sizeof(s->cores), "%s", p->cores);
	}
	return 0;
}

static bool matches(const char *rx, const char *text)
{
	regex_t re;
	bool ok;

	ck_assert_int_eq(regcomp(&re, rx, REG_EXTENDED | REG_NOSUB), 0);
	ok = !regexec(&re, text, 0, NULL, 0);
	regfree(&re);
	return ok;
}

START_TEST(test_own_process)
{
	struct seen s = {.want = getpid(), .ascending = true};

	ck_assert_int_eq(lxfer_os_processes(collect, &s), 0);
	ck_assert(s.ascending);
	ck_assert_msg(strstr(s.command, "test_osdata"), "command '%s'", s.command);
	ck_assert_msg(*s.user, "no user");
	ck_assert_msg(matches("^[0-9]+(,[0-9]+)*$", s.cores), "cores '%s'", s.cores);
}
END_TEST

/* A zombie has no argv: its command is [comm], as gdbserver shows kernel
 * threads. */
START_TEST(test_no_argv)
{
	struct seen s = {.ascending = true};

	s.want = fork();
	ck_assert_int_ge(s.want, 0);
	if (!s.want)
		_exit(0);
	ck_assert_int_eq(waitid(P_PID, (id_t)s.want, NULL, WEXITED | WNOWAIT), 0);
	ck_assert_int_eq(lxfer_os_processes(collect, &s), 0);
	waitpid(s.want, NULL, 0);
	ck_assert_str_eq(s.command, "[test_osdata]");
}
END_TEST

static int stop_at_first(const struct target_os_process *p, void *arg)
{
	(void)p;
	++*(int *)arg;
	return -EINTR;
}

START_TEST(test_callback_error)
{
	int calls = 0;

	ck_assert_int_eq(lxfer_os_processes(stop_at_first, &calls), -EINTR);
	ck_assert_int_eq(calls, 1);
}
END_TEST

static int fake_processes(int (*fn)(const struct target_os_process *p, void *arg),
                          void *arg)
{
	static const struct target_os_process procs[] = {
	        {1, "root", "/sbin/init splash", "0"},
	        {42, "1000", "a<b&c \"d\"", "0,3"},
	};

	for (size_t i = 0; i < sizeof(procs) / sizeof(procs[0]); i++) {
		int err = fn(&procs[i], arg);

		if (err)
			return err;
	}
	return 0;
}

static const struct target_xfer_ops fake_xfer = {.os_processes = fake_processes};
static const struct target_ops fake_kind = {.xfer = &fake_xfer};

START_TEST(test_xml)
{
	struct rsp_session s = {.kind = &fake_kind};
	struct strbuf out = STRBUF_INIT;

	ck_assert_int_eq(rsp_xfer_osdata(&s, "processes", &out), 0);
	ck_assert_str_eq(out.buf,
	                 "<?xml version=\"1.0\"?>\n"
	                 "<!DOCTYPE target SYSTEM \"osdata.dtd\">\n"
	                 "<osdata type=\"processes\">\n"
	                 "<item><column name=\"pid\">1</column>"
	                 "<column name=\"user\">root</column>"
	                 "<column name=\"command\">/sbin/init splash</column>"
	                 "<column name=\"cores\">0</column></item>\n"
	                 "<item><column name=\"pid\">42</column>"
	                 "<column name=\"user\">1000</column>"
	                 "<column name=\"command\">a&lt;b&amp;c &quot;d&quot;</column>"
	                 "<column name=\"cores\">0,3</column></item>\n"
	                 "</osdata>\n");
	strbuf_release(&out);
}
END_TEST

START_TEST(test_other_annex)
{
	struct rsp_session s = {.kind = &fake_kind};
	struct strbuf out = STRBUF_INIT;

	ck_assert_int_eq(rsp_xfer_osdata(&s, "", &out), -EINVAL);
	ck_assert_int_eq(rsp_xfer_osdata(&s, "files", &out), -EINVAL);
	s.kind = NULL;
	ck_assert_int_eq(rsp_xfer_osdata(&s, "processes", &out), -ENOSYS);
	strbuf_release(&out);
}
END_TEST

static Suite *osdata_suite(void)
{
	Suite *s = suite_create("osdata");
	TCase *proc = tcase_create("linux");
	TCase *xml = tcase_create("xml");

	tcase_add_test(proc, test_own_process);
	tcase_add_test(proc, test_no_argv);
	tcase_add_test(proc, test_callback_error);
	tcase_add_test(xml, test_xml);
	tcase_add_test(xml, test_other_annex);
	suite_add_tcase(s, proc);
	suite_add_tcase(s, xml);
	return s;
}

int main(void)
{
	return run_suite(osdata_suite());
}
