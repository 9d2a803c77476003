/*
 * linux_osdata — the host's processes, read from /proc, for gdb's process
 * list (qXfer:osdata:read:processes: `info os processes', an IDE's attach
 * dialog through MI's `-list-thread-groups --available').
 *
 * Contract: no ptrace and no target: every numeric /proc entry, ascending,
 * is handed to the callback with the columns gdbserver gives (pid, user,
 * command, cores). A process that exits while it is read is left out. Returns
 * 0, the callback's first error, or -errno when /proc cannot be listed.
 */
#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "linux_target.h"

/* Field 39 (processor) of a stat line, or -1. */
static int stat_processor(const struct strbuf *sb)
{
	const char *p = strrchr(sb->buf, ')');

	for (int field = 2; p && field < 39; field++)
		p = strchr(p + 1, ' ');
	return p ? atoi(p + 1) : -1;
}

/* "0,1": the CPUs the process's threads last ran on. */
static void add_cores(pid_t pid, struct strbuf *out)
{
	struct strbuf sb = STRBUF_INIT;
	char path[64];
	cpu_set_t seen;
	struct dirent *d;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (!dir)
		return;
	CPU_ZERO(&seen);
	while ((d = readdir(dir))) {
		char rel[sizeof(d->d_name) + 16];
		int cpu;

		snprintf(rel, sizeof(rel), "task/%s/stat", d->d_name);
		cpu = *d->d_name != '.' && !lproc_read(pid, rel, &sb)
		              ? stat_processor(&sb)
		              : -1;
		if (cpu >= 0 && cpu < CPU_SETSIZE)
			CPU_SET(cpu, &seen);
	}
	closedir(dir);
	strbuf_release(&sb);
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++)
		if (CPU_ISSET(cpu, &seen))
			strbuf_addf(out, "%s%d", out->len ? "," : "", cpu);
}

/* argv joined by spaces, or "[comm]" for a process without one. */
static int add_command(pid_t pid, struct strbuf *out)
{
	int err = lproc_read(pid, "cmdline", out);
	const char *open, *close;

	if (err)
		return err;
	while (out->len && !out->buf[out->len - 1])
		strbuf_setlen(out, out->len - 1);
	for (size_t i = 0; i < out->len; i++)
		if (!out->buf[i])
			out->buf[i] = ' ';
	if (out->len)
		return 0;
	err = lproc_read(pid, "stat", out);
	open = err ? NULL : strchr(out->buf, '(');
	close = err ? NULL : strrchr(out->buf, ')');
	if (!open || !close || close < open)
		return err ? err : -EINVAL;
	memmove(out->buf + 1, open + 1, (size_t)(close - open - 1));
	out->buf[0] = '[';
	strbuf_setlen(out, (size_t)(close - open));
	strbuf_addc(out, ']');
	return 0;
}

static void add_user(pid_t pid, struct strbuf *out)
{
	struct passwd pw, *found = NULL;
	char path[64], buf[1024];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	if (stat(path, &st))
		return;
	if (!getpwuid_r(st.st_uid, &pw, buf, sizeof(buf), &found) && found)
		strbuf_adds(out, found->pw_name);
	else
		strbuf_addf(out, "%u", (unsigned)st.st_uid);
}

static int one_process(pid_t pid, int (*fn)(const struct target_os_process *p, void *arg),
                       void *arg)
{
	struct strbuf user = STRBUF_INIT, command = STRBUF_INIT, cores = STRBUF_INIT;
	struct target_os_process p = {.pid = pid};
	int err = 0;

	add_user(pid, &user);
	if (!add_command(pid, &command)) {
		add_cores(pid, &cores);
		p.user = user.buf;
		p.command = command.buf;
		p.cores = cores.buf;
		err = fn(&p, arg);
	}
	strbuf_release(&cores);
	strbuf_release(&command);
	strbuf_release(&user);
	return err;
}

static int by_pid(const struct dirent **a, const struct dirent **b)
{
	return atoi((*a)->d_name) - atoi((*b)->d_name);
}

static int numeric(const struct dirent *d)
{
	return d->d_name[0] >= '1' && d->d_name[0] <= '9';
}

int lxfer_os_processes(int (*fn)(const struct target_os_process *p, void *arg), void *arg)
{
	struct dirent **list;
	int n = scandir("/proc", &list, numeric, by_pid);
	int err = 0;

	if (n < 0)
		return -errno;
	for (int i = 0; i < n; i++) {
		if (!err)
			err = one_process(atoi(list[i]->d_name), fn, arg);
		free(list[i]);
	}
	free(list);
	return err;
}
