/*
 * physical — the limits of this machine that no stub can beat: a ptrace
 * single-step, a TCP loopback round trip, a process_vm_readv; and the bare
 * x server, the floor of any stub that makes x replies as rstub does
 * (contract in scenarios.h).
 */
#include "scenarios.h"
#include "rsp_escape.h"
#include "spin_wait.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <dirent.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "rspbench: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

double phys_step(char *const argv[], long n, unsigned spin_us)
{
	int status;
	double t0;
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		execv(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status))
		die("exec under ptrace");
	/* run the start-up (page faults, ld.so) at full speed: step the loop */
	if (ptrace(PTRACE_CONT, pid, NULL, NULL) || waitpid(pid, &status, 0) != pid ||
	    !WIFSTOPPED(status) || WSTOPSIG(status) != SIGSTOP)
		die("waiting for the program's SIGSTOP");
	t0 = now_us();
	for (long i = 0; i < n; i++) {
		if (ptrace(PTRACE_SINGLESTEP, pid, NULL, NULL) ||
		    spin_waitpid(pid, &status, 0, spin_us) != pid)
			die("singlestep");
	}
	t0 = (now_us() - t0) / (double)n;
	reap(pid);
	return t0;
}

static void read_full(int fd, char *buf, size_t len)
{
	while (len) {
		ssize_t n = read(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("read");
		buf += n;
		len -= (size_t)n;
	}
}

static void write_full(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("write");
		buf += n;
		len -= (size_t)n;
	}
}

enum { REQUEST = 24 };

/* The echo side: answer each REQUEST-byte message with `reply` bytes,
 * waiting for each with spin_poll(). */
static void echo(int fd, size_t reply, long n, unsigned spin_us)
{
	char req[REQUEST];
	char *buf = malloc(reply);

	if (!buf)
		die("malloc");
	/* real pages, as a stub's reply is: never calloc's shared zero page,
	 * which would make every copy a copy of one cache-hot page */
	memset(buf, 'a', reply);
	for (long i = 0; i < n; i++) {
		struct pollfd pfd = { fd, POLLIN, 0 };

		if (spin_poll(&pfd, 1, spin_us) < 0)
			die("poll");
		read_full(fd, req, sizeof(req));
		write_full(fd, buf, reply);
	}
	free(buf);
}

static int tcp_pair(int *server)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof(a);
	int one = 1, lfd, cfd;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof(a)) || listen(lfd, 1) ||
	    getsockname(lfd, (struct sockaddr *)&a, &alen))
		die("listen");
	cfd = socket(AF_INET, SOCK_STREAM, 0);
	if (cfd < 0 || connect(cfd, (struct sockaddr *)&a, sizeof(a)))
		die("connect");
	*server = accept(lfd, NULL, NULL);
	if (*server < 0)
		die("accept");
	close(lfd);
	setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(*server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return cfd;
}

double phys_rtt(size_t reply, long n, unsigned spin_us)
{
	char req[REQUEST] = "$vCont;s:p1234.1234#00";
	char *buf = malloc(reply);
	int server, client = tcp_pair(&server);
	double t0;
	pid_t pid;

	if (!buf)
		die("malloc");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		close(client);
		echo(server, reply, n, spin_us);
		_exit(0);
	}
	close(server);
	t0 = now_us();
	for (long i = 0; i < n; i++) {
		write_full(client, req, sizeof(req));
		read_full(client, buf, reply);
	}
	t0 = (now_us() - t0) / (double)n;
	close(client);
	waitpid(pid, NULL, 0);
	free(buf);
	return t0;
}

/* A child running argv, which prints a line when its memory is ready; returns
 * once it has. */
static pid_t spawn_ready(char *const argv[])
{
	int out[2];
	char line[64];
	pid_t pid;

	if (pipe(out))
		die("pipe");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		dup2(out[1], 1);
		execv(argv[0], argv);
		_exit(127);
	}
	close(out[1]);
	if (read(out[0], line, sizeof(line)) <= 0)
		die("waiting for the program");
	close(out[0]);
	return pid;
}

double phys_vmread(char *const argv[], uint64_t addr, size_t len, long n)
{
	char *buf = malloc(len);
	pid_t pid = spawn_ready(argv);
	double t0;

	if (!buf)
		die("malloc");
	/* fault the buffer in first: a stub reads into memory it already has */
	memset(buf, 0, len);
	t0 = now_us();
	for (long i = 0; i < n; i++) {
		struct iovec local = { buf, len }, remote = { (void *)(uintptr_t)addr, len };

		if (process_vm_readv(pid, &local, 1, &remote, 1, 0) != (ssize_t)len)
			die("process_vm_readv");
	}
	t0 = (now_us() - t0) / (double)n;
	reap(pid);
	free(buf);
	return t0;
}

/*
 * The bare x server: the packets a reader sends (qSupported,
 * QStartNoAckMode, x; anything else gets an empty reply, vKill ends it),
 * over `fd`, for the program `pid`. An x reply is made as rstub makes it:
 * BARE_CHUNK bytes read with process_vm_readv, escaped with rstub's own
 * rsp_escape(), written; and the next, each piece as it is ready.
 */
enum { BARE_CHUNK = 32768, BARE_IN = 4096 };

struct bare {
	int fd;
	pid_t pid;
	bool noack;
	size_t packet_size;
	unsigned spin_us;
	char in[BARE_IN];
	size_t in_len;
	char mem[BARE_CHUNK];
	char frame[2 * BARE_CHUNK + 8];
};

/* The next packet's payload, NUL-terminated, into pkt (BARE_IN bytes). */
static void bare_packet(struct bare *b, char *pkt)
{
	for (;;) {
		char *start = memchr(b->in, '$', b->in_len);
		char *end = start ? memchr(start, '#', b->in_len - (size_t)(start - b->in)) : NULL;
		struct pollfd pfd = { b->fd, POLLIN, 0 };
		ssize_t n;

		if (end && end + 3 <= b->in + b->in_len) {
			size_t used = (size_t)(end + 3 - b->in);

			memcpy(pkt, start + 1, (size_t)(end - start - 1));
			pkt[end - start - 1] = '\0';
			memmove(b->in, b->in + used, b->in_len - used);
			b->in_len -= used;
			if (!b->noack)
				write_full(b->fd, "+", 1);
			return;
		}
		if (!start)
			b->in_len = 0; /* acks */
		if (b->in_len == sizeof(b->in))
			die("bare server: packet too long");
		if (spin_poll(&pfd, 1, b->spin_us) < 0)
			die("poll");
		n = read(b->fd, b->in + b->in_len, sizeof(b->in) - b->in_len);
		if (n <= 0)
			_exit(0);
		b->in_len += (size_t)n;
	}
}

static void bare_reply(struct bare *b, const char *payload)
{
	uint8_t sum = 0;
	size_t o = 1;

	b->frame[0] = '$';
	o += rsp_escape(b->frame + o, payload, strlen(payload), &sum);
	o += (size_t)snprintf(b->frame + o, 4, "#%02x", sum);
	write_full(b->fd, b->frame, o);
}

static void bare_x(struct bare *b, uint64_t addr, size_t len)
{
	uint8_t sum = 0;
	size_t o = 1;

	b->frame[0] = '$';
	o += rsp_escape(b->frame + o, "b", 1, &sum);
	for (size_t done = 0; done < len;) {
		size_t n = len - done < BARE_CHUNK ? len - done : BARE_CHUNK;
		struct iovec local = { b->mem, n };
		struct iovec remote = { (void *)(uintptr_t)(addr + done), n };

		if (process_vm_readv(b->pid, &local, 1, &remote, 1, 0) != (ssize_t)n)
			die("bare server: process_vm_readv");
		o += rsp_escape(b->frame + o, b->mem, n, &sum);
		done += n;
		if (done < len) {
			write_full(b->fd, b->frame, o);
			o = 0;
		}
	}
	o += (size_t)snprintf(b->frame + o, 4, "#%02x", sum);
	write_full(b->fd, b->frame, o);
}

static void bare_serve(struct bare *b)
{
	char pkt[BARE_IN], reply[128];
	unsigned long long addr;
	size_t len;

	for (;;) {
		bare_packet(b, pkt);
		if (!strncmp(pkt, "qSupported", 10)) {
			snprintf(reply, sizeof(reply),
				 "PacketSize=%zx;binary-upload+;QStartNoAckMode+", b->packet_size);
			bare_reply(b, reply);
		} else if (!strcmp(pkt, "QStartNoAckMode")) {
			bare_reply(b, "OK");
			b->noack = true;
		} else if (sscanf(pkt, "x%llx,%zx", &addr, &len) == 2) {
			bare_x(b, addr, len < b->packet_size ? len : b->packet_size - 1);
		} else if (!strncmp(pkt, "vKill", 5)) {
			return;
		} else {
			bare_reply(b, "");
		}
	}
}

double phys_bare_x(char *const argv[], uint64_t addr, size_t len, size_t packet_size,
		   unsigned spin_us)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof(a);
	int one = 1, lfd = socket(AF_INET, SOCK_STREAM, 0);
	struct wire w;
	double us;
	pid_t server;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof(a)) || listen(lfd, 1) ||
	    getsockname(lfd, (struct sockaddr *)&a, &alen))
		die("listen");
	server = fork();
	if (server < 0)
		die("fork");
	if (server == 0) {
		/* the program is the server's child, as a stub's is (ptrace_scope 1) */
		static struct bare b;

		b.pid = spawn_ready(argv);
		b.fd = accept(lfd, NULL, NULL);
		if (b.fd < 0)
			die("accept");
		setsockopt(b.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		b.packet_size = packet_size;
		b.spin_us = spin_us;
		bare_serve(&b);
		reap(b.pid);
		_exit(0);
	}
	close(lfd);
	wire_connect(&w, ntohs(a.sin_port));
	us = bench_read(&w, addr, len, true);
	wire_send(&w, "vKill;0", 7);
	wire_close(&w);
	waitpid(server, NULL, 0);
	return us;
}

double phys_attach(pid_t pid)
{
	char path[64];
	pid_t tids[4096];
	size_t n = 0;
	struct dirent *d;
	double t0 = now_us();
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (!dir)
		die("opendir /proc/PID/task");
	while ((d = readdir(dir)) && n < sizeof(tids) / sizeof(tids[0])) {
		if (d->d_name[0] == '.')
			continue;
		tids[n] = atoi(d->d_name);
		if (ptrace(PTRACE_ATTACH, tids[n], NULL, NULL) ||
		    waitpid(tids[n], NULL, __WALL) != tids[n])
			die("attach");
		n++;
	}
	closedir(dir);
	for (size_t i = 0; i < n; i++)
		ptrace(PTRACE_DETACH, tids[i], NULL, NULL);
	return now_us() - t0;
}
