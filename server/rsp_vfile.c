/*
 * rsp_vfile — host I/O (vFile:*): gdb reads the program, its libraries and
 * /proc files of the machine rstub runs on through the connection, so a
 * remote board needs no shared file system.
 *
 * Contract: numbers on the wire are gdb's fileio values (open flags, mode
 * bits, errno) and are translated both ways here. gdb can only use
 * descriptors it opened itself (the session's table), never
 * rstub's own socket or files. Replies are `F result[,errno][;data]`.
 * rstub's own /proc files (its memory, its descriptors: /proc/self,
 * /proc/thread-self, /proc/<rstub's pid>, however reached) are refused
 * with EACCES, so a client cannot patch the stub through its memory; what
 * is not a regular file (a FIFO nobody writes) is opened and read without
 * blocking, so the server never hangs on it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rsp.h"

/* The most a pread reply carries, whatever gdb asks (it asks for its
 * PacketSize and keeps the reply as a read-ahead block). gdb reads a
 * library's headers and symbol tables scattered in small pieces, so a larger
 * block is mostly bytes it never uses: with 128 KiB blocks a session start
 * moved 4x the bytes, which over a pipe (gdb reads its stub's stderr after
 * every byte) took 2.5x as long; 4 KiB is the best measured over a pipe and
 * TCP alike. */
enum { VFILE_IO_MAX = 4096 };

/* gdb's fileio open flags (gdb manual, "Open Flags") */
enum { FIO_WRONLY = 1, FIO_RDWR = 2, FIO_APPEND = 8, FIO_CREAT = 0x200, FIO_TRUNC = 0x400,
       FIO_EXCL = 0x800 };

static const struct {
	int host, fio;
} errnos[] = {
	{ EPERM, 1 },	 { ENOENT, 2 },	  { EINTR, 4 },	  { EBADF, 9 },	  { EACCES, 13 },
	{ EFAULT, 14 },	 { EBUSY, 16 },	  { EEXIST, 17 }, { ENODEV, 19 }, { ENOTDIR, 20 },
	{ EISDIR, 21 },	 { EINVAL, 22 },  { ENFILE, 23 }, { EMFILE, 24 }, { EFBIG, 27 },
	{ ENOSPC, 28 },	 { ESPIPE, 29 },  { EROFS, 30 },  { ENAMETOOLONG, 91 },
};

static int fio_errno(int host)
{
	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (errnos[i].host == host)
			return errnos[i].fio;
	return 9999; /* EUNKNOWN */
}

static int host_flags(uint64_t fio)
{
	int f = (fio & FIO_RDWR) ? O_RDWR : (fio & FIO_WRONLY) ? O_WRONLY : O_RDONLY;

	f |= (fio & FIO_APPEND) ? O_APPEND : 0;
	f |= (fio & FIO_CREAT) ? O_CREAT : 0;
	f |= (fio & FIO_TRUNC) ? O_TRUNC : 0;
	f |= (fio & FIO_EXCL) ? O_EXCL : 0;
	return f | O_CLOEXEC | O_NONBLOCK;
}

/* Is fd one of rstub's own /proc files? The kernel's name for what was
 * opened, so links and /proc/self spellings are all seen through. */
static bool own_proc_file(int fd)
{
	char link[64], path[128], own[32];
	ssize_t n;
	int len;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 0)
		return false;
	path[n] = '\0';
	len = snprintf(own, sizeof(own), "/proc/%d", (int)getpid());
	return !strncmp(path, own, (size_t)len) && (path[len] == '/' || path[len] == '\0');
}

/* Open for gdb: -1 with errno, or the descriptor (blocking again for a
 * regular file, where O_NONBLOCK means nothing anyway). */
static int open_for_gdb(const char *path, int flags, mode_t mode)
{
	struct stat st;
	int fd = open(path, flags, mode);

	if (fd < 0)
		return -1;
	if (own_proc_file(fd)) {
		close(fd);
		errno = EACCES;
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		fcntl(fd, F_SETFL, flags & ~O_NONBLOCK & ~O_CLOEXEC);
	return fd;
}

/* The session's descriptor for gdb's number `fd`, or NULL. */
static int *slot(struct rsp_session *s, uint64_t fd)
{
	if (fd >= RSP_VFILE_MAX_FDS || s->vfile_fds[fd] < 0)
		return NULL;
	return &s->vfile_fds[fd];
}

static void reply_result(struct rsp_session *s, long long result, int err)
{
	strbuf_reset(&s->reply);
	if (result < 0)
		strbuf_addf(&s->reply, "F-1,%x", fio_errno(err));
	else
		strbuf_addf(&s->reply, "F%llx", result);
	rsp_send(s, s->reply.buf, s->reply.len);
}

static void reply_data(struct rsp_session *s, const void *data, size_t len)
{
	strbuf_reset(&s->reply);
	strbuf_addf(&s->reply, "F%zx;", len);
	strbuf_add(&s->reply, data, len);
	rsp_send(s, s->reply.buf, s->reply.len);
}

static void vfile_open(struct rsp_session *s, const struct rsp_request *r)
{
	int fd, i;

	for (i = 0; i < RSP_VFILE_MAX_FDS && s->vfile_fds[i] >= 0; i++)
		;
	if (i == RSP_VFILE_MAX_FDS) {
		reply_result(s, -1, EMFILE);
		return;
	}
	fd = open_for_gdb(r->u.vfile.path, host_flags(r->u.vfile.flags),
	                  (mode_t)(r->u.vfile.mode & 07777));
	if (fd >= 0)
		s->vfile_fds[i] = fd;
	reply_result(s, fd < 0 ? -1 : i, errno);
}

static void vfile_pread(struct rsp_session *s, const struct rsp_request *r, int fd)
{
	struct strbuf buf = STRBUF_INIT;
	size_t count = r->u.vfile.count < VFILE_IO_MAX ? (size_t)r->u.vfile.count : VFILE_IO_MAX;
	ssize_t n;

	strbuf_grow(&buf, count);
	n = pread(fd, buf.buf, count, (off_t)r->u.vfile.offset);
	if (n < 0)
		reply_result(s, -1, errno);
	else
		reply_data(s, buf.buf, (size_t)n);
	strbuf_release(&buf);
}

static void put_be(uint8_t **p, uint64_t v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--)
		*(*p)++ = (uint8_t)(v >> (8 * i));
}

/* struct fio_stat: big-endian, gdb manual "struct stat" */
static void vfile_fstat(struct rsp_session *s, int fd)
{
	uint8_t out[64], *p = out;
	struct stat st;

	if (fstat(fd, &st)) {
		reply_result(s, -1, errno);
		return;
	}
	put_be(&p, st.st_dev, 4);
	put_be(&p, st.st_ino, 4);
	put_be(&p, st.st_mode, 4);
	put_be(&p, st.st_nlink, 4);
	put_be(&p, st.st_uid, 4);
	put_be(&p, st.st_gid, 4);
	put_be(&p, st.st_rdev, 4);
	put_be(&p, (uint64_t)st.st_size, 8);
	put_be(&p, (uint64_t)st.st_blksize, 8);
	put_be(&p, (uint64_t)st.st_blocks, 8);
	put_be(&p, (uint64_t)st.st_atime, 4);
	put_be(&p, (uint64_t)st.st_mtime, 4);
	put_be(&p, (uint64_t)st.st_ctime, 4);
	reply_data(s, out, sizeof(out));
}

static void vfile_readlink(struct rsp_session *s, const struct rsp_request *r)
{
	char buf[RSP_PATH_MAX];
	ssize_t n = readlink(r->u.vfile.path, buf, sizeof(buf));

	if (n < 0)
		reply_result(s, -1, errno);
	else
		reply_data(s, buf, (size_t)n);
}

/* Operations on a descriptor gdb opened. */
static int vfile_fd_op(struct rsp_session *s, const struct rsp_request *r)
{
	int *fd = slot(s, r->u.vfile.fd);
	ssize_t n;

	if (!fd) {
		reply_result(s, -1, EBADF);
		return 0;
	}
	switch (r->u.vfile.op) {
	case VFILE_CLOSE:
		reply_result(s, close(*fd), errno);
		*fd = -1;
		break;
	case VFILE_PREAD:
		vfile_pread(s, r, *fd);
		break;
	case VFILE_PWRITE:
		n = pwrite(*fd, r->u.vfile.data, r->u.vfile.len, (off_t)r->u.vfile.offset);
		reply_result(s, n, errno);
		break;
	default:
		vfile_fstat(s, *fd);
	}
	return 0;
}

int rsp_handle_vfile(struct rsp_session *s, const struct rsp_request *r)
{
	switch (r->u.vfile.op) {
	case VFILE_SETFS:
		/* one file system: ours is the program's unless it changed its root */
		reply_result(s, 0, 0);
		return 0;
	case VFILE_OPEN:
		vfile_open(s, r);
		return 0;
	case VFILE_UNLINK:
		reply_result(s, unlink(r->u.vfile.path), errno);
		return 0;
	case VFILE_READLINK:
		vfile_readlink(s, r);
		return 0;
	default:
		return vfile_fd_op(s, r);
	}
}
