/*
 * linux_proc — what the Linux target reads from /proc: thread names and
 * CPUs, auxv, the executable's path, zombie checks.
 *
 * Contract: no ptrace; every function returns 0/-errno (or a value >= 0)
 * and leaves `out` holding the whole object on success.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linux_target.h"

int lproc_read(pid_t pid, const char *rel, struct strbuf *out)
{
	char path[128];
	int fd, ret = 0;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, rel);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	strbuf_reset(out);
	for (;;) {
		strbuf_grow(out, 4096);
		n = read(fd, out->buf + out->len, 4096);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = n < 0 ? -errno : 0;
			break;
		}
		strbuf_setlen(out, out->len + n);
	}
	close(fd);
	return ret;
}

/* /proc/PID/task/TID/<what> into out. */
static int task_read(pid_t pid, pid_t tid, const char *what, struct strbuf *out)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "task/%d/%s", (int)tid, what);
	return lproc_read(pid, rel, out);
}

int lproc_thread_name(struct target *t, pid_t tid, struct strbuf *out)
{
	struct linux_target *lt = to_lt(t);
	int ret;

	if (!threads_find(&lt->threads, tid))
		return -ESRCH;
	ret = task_read(lt->pid, tid, "comm", out);
	if (ret < 0)
		return ret;
	while (out->len && out->buf[out->len - 1] == '\n')
		strbuf_setlen(out, out->len - 1);
	return 0;
}

/* The fields of a stat line after "(comm)", the first being field 3. */
static const char *stat_fields(const struct strbuf *sb)
{
	const char *p = strrchr(sb->buf, ')');

	return p ? p + 2 : NULL;
}

/* Field `n` (1-based, as in proc(5)) of a stat line, or -EINVAL. */
static long stat_field(const struct strbuf *sb, int n)
{
	const char *p = stat_fields(sb);
	int i;

	if (!p || n < 3)
		return -EINVAL;
	for (i = 3; i < n && p; i++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	return p ? strtol(p, NULL, 10) : -EINVAL;
}

int lproc_thread_core(struct target *t, pid_t tid)
{
	struct linux_target *lt = to_lt(t);
	struct strbuf sb = STRBUF_INIT;
	long core;
	int ret;

	if (!threads_find(&lt->threads, tid))
		return -ESRCH;
	ret = task_read(lt->pid, tid, "stat", &sb);
	core = ret < 0 ? ret : stat_field(&sb, 39);
	strbuf_release(&sb);
	return (int)core;
}

/* The state letter of /proc/PID/task/TID/stat, or 0 when it is gone. */
static char thread_state_letter(pid_t pid, pid_t tid)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;
	char c = 0;

	if (task_read(pid, tid, "stat", &sb) == 0) {
		p = stat_fields(&sb);
		c = p ? *p : 0;
	}
	strbuf_release(&sb);
	return c;
}

bool lproc_thread_traced(pid_t pid, pid_t tid)
{
	return thread_state_letter(pid, tid) == 't';
}

bool lproc_signal_pending(pid_t pid, pid_t tid, int sig)
{
	struct strbuf sb = STRBUF_INIT;
	unsigned long long mask = 0;
	const char *p;

	if (task_read(pid, tid, "status", &sb) == 0 && (p = strstr(sb.buf, "\nSigPnd:")))
		mask = strtoull(p + 8, NULL, 16);
	strbuf_release(&sb);
	return sig > 0 && sig <= 64 && (mask >> (sig - 1) & 1);
}

int lproc_auxv(pid_t pid, unsigned long type, uint64_t *val)
{
	struct strbuf sb = STRBUF_INIT;
	const ElfW(auxv_t) * av;
	size_t i, n;
	int ret = lproc_read(pid, "auxv", &sb);

	*val = 0;
	av = (const ElfW(auxv_t) *)sb.buf;
	n = ret < 0 ? 0 : sb.len / sizeof(*av);
	for (i = 0; i < n && !*val; i++) {
		if (av[i].a_type == type)
			*val = av[i].a_un.a_val;
	}
	strbuf_release(&sb);
	if (ret < 0)
		return ret;
	return *val ? 0 : -ENOENT;
}

int lxfer_auxv(struct target *t, struct strbuf *out)
{
	struct linux_target *lt = to_lt(t);

	if (lt->state != PROC_LIVE)
		return -ESRCH;
	return lproc_read(lt->pid, "auxv", out);
}

int lxfer_exec_file(struct target *t, pid_t pid, struct strbuf *out)
{
	char path[64], buf[PATH_MAX];
	ssize_t n;

	if (pid <= 0)
		pid = to_lt(t)->pid;
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	n = readlink(path, buf, sizeof(buf));
	if (n < 0)
		return -errno;
	strbuf_reset(out);
	strbuf_add(out, buf, (size_t)n);
	return 0;
}
