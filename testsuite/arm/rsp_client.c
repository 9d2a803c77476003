/* rsp_client — see rsp_client.h. */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "hex.h"
#include "rsp_client.h"

/* Wait until `path` exists, or the server dies, or 10 s pass: 0 or -errno. */
static int wait_for_path(const char *path, pid_t server)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char *slash;
	struct pollfd pfd[2];
	int err = 0;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		*slash = '\0';
	pfd[0].fd = inotify_init1(IN_CLOEXEC);
	pfd[1].fd = (int)syscall(SYS_pidfd_open, server, 0);
	pfd[0].events = pfd[1].events = POLLIN;
	if (pfd[0].fd < 0 || pfd[1].fd < 0 ||
	    inotify_add_watch(pfd[0].fd, dir, IN_CREATE | IN_MOVED_TO) < 0)
		err = -errno;
	while (!err && access(path, F_OK)) {
		char ev[4096];
		int n = poll(pfd, 2, 10000);

		if (n == 0 || (n > 0 && pfd[1].revents))
			err = n ? -ESRCH : -ETIMEDOUT;
		else if (n < 0 && errno != EINTR)
			err = -errno;
		else if (n > 0 && read(pfd[0].fd, ev, sizeof(ev)) < 0 && errno != EINTR)
			err = -errno;
	}
	if (pfd[0].fd >= 0)
		close(pfd[0].fd);
	if (pfd[1].fd >= 0)
		close(pfd[1].fd);
	return err;
}

int rsp_connect_unix(struct rsp_client *r, const char *path, pid_t server)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int err, i;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	r->in_len = 0;
	err = wait_for_path(path, server);
	if (err)
		return err;
	/* The path appears at bind(); listen() follows at once. */
	for (i = 0; i < 100000; i++) {
		r->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (r->fd < 0)
			return -errno;
		if (!connect(r->fd, (struct sockaddr *)&sa, sizeof(sa)))
			return 0;
		err = -errno;
		close(r->fd);
		if (err != -ECONNREFUSED)
			break;
		sched_yield();
	}
	r->fd = -1;
	return err;
}

void rsp_close(struct rsp_client *r)
{
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -EPIPE;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int fill(struct rsp_client *r)
{
	ssize_t n;

	if (r->in_len == sizeof(r->in))
		return -EMSGSIZE;
	do
		n = read(r->fd, r->in + r->in_len, sizeof(r->in) - r->in_len);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		return -EPIPE;
	r->in_len += (size_t)n;
	return 0;
}

static void consume(struct rsp_client *r, size_t n)
{
	memmove(r->in, r->in + n, r->in_len - n);
	r->in_len -= n;
}

/* Expand '*' run-length encoding of `src` (len bytes) into r->reply. */
static int rle_decode(struct rsp_client *r, const char *src, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		if (src[i] == '*' && o && i + 1 < len) {
			int k = src[++i] - 29;

			if (o + (size_t)k >= sizeof(r->reply))
				return -EMSGSIZE;
			memset(r->reply + o, r->reply[o - 1], (size_t)k);
			o += (size_t)k;
			continue;
		}
		if (o + 1 >= sizeof(r->reply))
			return -EMSGSIZE;
		r->reply[o++] = src[i];
	}
	r->reply[o] = 0;
	return (int)o;
}

/* Next '$...#xx' packet; acks it. Skips '+' and stray bytes. */
static int recv_packet(struct rsp_client *r)
{
	char *start, *hash;
	int err, len;

	for (;;) {
		start = memchr(r->in, '$', r->in_len);
		if (!start) {
			r->in_len = 0;
		} else {
			consume(r, (size_t)(start - r->in));
			hash = memchr(r->in, '#', r->in_len);
			if (hash && (size_t)(hash - r->in) + 3 <= r->in_len) {
				len = rle_decode(r, r->in + 1, (size_t)(hash - r->in - 1));
				consume(r, (size_t)(hash - r->in) + 3);
				err = write_all(r->fd, "+", 1);
				return err ? err : len;
			}
		}
		err = fill(r);
		if (err)
			return err;
	}
}

int rsp_cmd(struct rsp_client *r, const char *fmt, ...)
{
	char pkt[4096];
	unsigned sum = 0;
	va_list ap;
	int n, i, len;

	va_start(ap, fmt);
	n = vsnprintf(pkt + 1, sizeof(pkt) - 5, fmt, ap);
	va_end(ap);
	if (n < 0 || n >= (int)sizeof(pkt) - 5)
		return -EMSGSIZE;
	pkt[0] = '$';
	for (i = 1; i <= n; i++)
		sum += (unsigned char)pkt[i];
	snprintf(pkt + n + 1, 4, "#%02x", sum & 0xff);
	if (write_all(r->fd, pkt, (size_t)n + 4))
		return -EPIPE;
	do
		len = recv_packet(r);
	while (len > 0 && r->reply[0] == 'O' && strcmp(r->reply, "OK"));
	return len;
}

int rsp_read_mem(struct rsp_client *r, uint64_t addr, void *buf, size_t len)
{
	int n = rsp_cmd(r, "m%llx,%zx", (unsigned long long)addr, len);

	if (n < 0)
		return n;
	if ((size_t)n != 2 * len || hex_decode(buf, r->reply, len) < 0)
		return -EFAULT;
	return 0;
}
