/*
 * linux_maps — what lldb asks about a Linux process: its ids
 * (qProcessInfo, from /proc/PID/status) and the memory region around an
 * address (qMemoryRegionInfo, from /proc/PID/maps).
 *
 * Contract: no ptrace; functions return 0 or -errno. lproc_maps_find is
 * pure (text in, region out) so that it can be unit-tested.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux_target.h"

/* The first number after `key` in /proc/PID/status text (Uid:/Gid: list
 * real, effective, saved, fs); `nth` picks one of them. */
static long status_number(const char *text, const char *key, int nth)
{
	const char *p = strstr(text, key);
	char *end;
	long v = -1;

	if (!p)
		return -1;
	p += strlen(key);
	for (int i = 0; i <= nth; i++, p = end) {
		v = strtol(p, &end, 10);
		if (end == p)
			return -1;
	}
	return v;
}

int lproc_process_info(struct target *t, struct target_process_info *out)
{
	struct linux_target *lt = to_lt(t);
	struct strbuf sb = STRBUF_INIT;
	int ret = lt->state == PROC_LIVE ? lproc_read(lt->pid, "status", &sb) : -ESRCH;

	if (!ret) {
		out->pid = lt->pid;
		out->ppid = (pid_t)status_number(sb.buf, "\nPPid:", 0);
		out->uid = (uid_t)status_number(sb.buf, "\nUid:", 0);
		out->euid = (uid_t)status_number(sb.buf, "\nUid:", 1);
		out->gid = (gid_t)status_number(sb.buf, "\nGid:", 0);
		out->egid = (gid_t)status_number(sb.buf, "\nGid:", 1);
	}
	strbuf_release(&sb);
	return ret;
}

/* One maps line at p: "start-end perms offset dev inode   path"; the
 * address of the next line, or NULL when the line is malformed. */
static const char *maps_line(const char *p, struct target_region *r)
{
	char *end;
	const char *eol = strchr(p, '\n');
	const char *path;

	r->start = strtoull(p, &end, 16);
	if (*end != '-')
		return NULL;
	r->end = strtoull(end + 1, &end, 16);
	if (*end != ' ' || strlen(end) < 5)
		return NULL;
	r->read = end[1] == 'r';
	r->write = end[2] == 'w';
	r->exec = end[3] == 'x';
	r->mapped = true;
	strbuf_reset(&r->name);
	if (!eol)
		eol = end + strlen(end);
	path = end + 5;
	for (int field = 0; field < 3 && path < eol; field++) { /* offset dev inode */
		path += strspn(path, " ");
		path += strcspn(path, " \n");
	}
	path += strspn(path, " ");
	if (path < eol)
		strbuf_add(&r->name, path, (size_t)(eol - path));
	return *eol ? eol + 1 : eol;
}

int lproc_maps_find(const char *text, uint64_t addr, struct target_region *out)
{
	struct target_region line = {.name = STRBUF_INIT};
	uint64_t gap_start = 0;
	const char *p = text;
	int ret = 0;

	out->mapped = out->read = out->write = out->exec = false;
	strbuf_reset(&out->name);
	out->end = UINT64_MAX;
	while (*p && (p = maps_line(p, &line))) {
		if (addr < line.start) {
			out->end = line.start; /* in the gap before this mapping */
			break;
		}
		if (addr < line.end) {
			strbuf_release(&out->name);
			*out = line;
			return 0;
		}
		gap_start = line.end;
	}
	if (!p)
		ret = -EINVAL;
	out->start = gap_start;
	strbuf_release(&line.name);
	return ret;
}

int lproc_memory_region(struct target *t, uint64_t addr, struct target_region *out)
{
	struct linux_target *lt = to_lt(t);
	struct strbuf sb = STRBUF_INIT;
	int ret = lt->state == PROC_LIVE ? lproc_read(lt->pid, "maps", &sb) : -ESRCH;

	if (!ret)
		ret = lproc_maps_find(sb.buf, addr, out);
	strbuf_release(&sb);
	return ret;
}
