/*
 * linux_mem — memory of the traced process.
 *
 * Contract: reads use process_vm_readv and fall back to pread on
 * /proc/PID/mem for what it could not read (pages it refuses, e.g. without
 * read permission); writes use pwrite on /proc/PID/mem, which writes
 * read-only text too. The fd is opened once per process image. Reads and
 * writes through the target hide planted breakpoints (breakpoints.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "linux_target.h"

static int mem_fd(struct linux_target *lt)
{
	char path[64];

	if (lt->memfd >= 0)
		return lt->memfd;
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)lt->pid);
	lt->memfd = open(path, O_RDWR | O_CLOEXEC);
	return lt->memfd >= 0 ? lt->memfd : -errno;
}

void lmem_close(struct linux_target *lt)
{
	if (lt->memfd >= 0)
		close(lt->memfd);
	lt->memfd = -1;
}

/* Bytes read with process_vm_readv from the start of the range (0 if none). */
static size_t vm_read(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	struct iovec local = {buf, len};
	struct iovec remote = {(void *)(uintptr_t)addr, len};
	ssize_t n = process_vm_readv(pid, &local, 1, &remote, 1, 0);

	return n > 0 ? (size_t)n : 0;
}

/* Bytes read with pread from /proc/PID/mem, or -errno when none. */
/* pread/pwrite on /proc/PID/mem until done or stuck; bytes moved or -EIO. */
static ssize_t proc_io(struct linux_target *lt, uint64_t addr, void *buf, size_t len,
                       bool write)
{
	int fd = mem_fd(lt);
	size_t done = 0;

	if (fd < 0)
		return fd;
	while (done < len) {
		ssize_t n = write ? pwrite(fd, (char *)buf + done, len - done, (off_t)(addr + done))
		                  : pread(fd, (char *)buf + done, len - done, (off_t)(addr + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	return done ? (ssize_t)done : -EIO;
}

static ssize_t proc_read(struct linux_target *lt, uint64_t addr, void *buf, size_t len)
{
	return proc_io(lt, addr, buf, len, false);
}

static ssize_t raw_read(struct linux_target *lt, uint64_t addr, void *buf, size_t len)
{
	size_t done;
	ssize_t n;

	if (lt->state == PROC_GONE)
		return -ESRCH;
	if (len == 0)
		return 0;
	done = vm_read(lt->pid, addr, buf, len);
	if (done == len)
		return (ssize_t)len;
	n = proc_read(lt, addr + done, (char *)buf + done, len - done);
	if (n < 0)
		return done ? (ssize_t)done : n;
	return (ssize_t)(done + n);
}

static ssize_t raw_write(struct linux_target *lt, uint64_t addr, const void *buf,
                         size_t len)
{
	if (lt->state == PROC_GONE)
		return -ESRCH;
	return proc_io(lt, addr, (void *)buf, len, true);
}

int lmem_read_raw(void *ctx, uint64_t addr, void *buf, size_t len)
{
	ssize_t n = raw_read(ctx, addr, buf, len);

	if (n < 0)
		return (int)n;
	return (size_t)n == len ? 0 : -EIO;
}

int lmem_write_raw(void *ctx, uint64_t addr, const void *buf, size_t len)
{
	ssize_t n = raw_write(ctx, addr, buf, len);

	if (n < 0)
		return (int)n;
	return (size_t)n == len ? 0 : -EIO;
}

ssize_t lmem_read(struct target *t, uint64_t addr, void *buf, size_t len)
{
	struct linux_target *lt = to_lt(t);
	ssize_t n = raw_read(lt, addr, buf, len);

	if (n > 0) {
		bp_overlay(&lt->bps, addr, buf, (size_t)n);
		ldisplaced_overlay(lt, addr, buf, (size_t)n);
	}
	return n;
}

ssize_t lmem_write(struct target *t, uint64_t addr, const void *buf, size_t len)
{
	struct linux_target *lt = to_lt(t);
	uint8_t *tmp;
	ssize_t n;

	if (len == 0)
		return 0;
	tmp = malloc(len);
	if (!tmp)
		return -ENOMEM;
	memcpy(tmp, buf, len);
	bp_absorb_write(&lt->bps, addr, tmp, len);
	n = raw_write(lt, addr, tmp, len);
	free(tmp);
	if (n > 0 && lswatch_active(lt))
		lswatch_refresh(lt, addr, (size_t)n);
	return n;
}
