/*
 * physical — the limits of this machine that no stub can beat: a ptrace
 * single-step, a TCP loopback round trip, a process_vm_readv (contract in
 * scenarios.h).
 */
#include "scenarios.h"
#include "spin_wait.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
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

double phys_vmread(char *const argv[], uint64_t addr, size_t len, long n)
{
	int out[2];
	char line[64];
	char *buf = malloc(len);
	double t0;
	pid_t pid;

	if (!buf || pipe(out))
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
	t0 = now_us();
	for (long i = 0; i < n; i++) {
		struct iovec local = { buf, len }, remote = { (void *)(uintptr_t)addr, len };

		if (process_vm_readv(pid, &local, 1, &remote, 1, 0) != (ssize_t)len)
			die("process_vm_readv");
	}
	t0 = (now_us() - t0) / (double)n;
	reap(pid);
	close(out[0]);
	free(buf);
	return t0;
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
