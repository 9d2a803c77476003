/* transport — see transport.h for the contract. */
#include "transport.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

bool transport_is_stdio(const char *comm)
{
	return !strcmp(comm, "-") || !strcmp(comm, "stdio");
}

static const struct {
	int baud;
	speed_t speed;
} bauds[] = {
	{ 1200, B1200 },     { 2400, B2400 },	  { 4800, B4800 },     { 9600, B9600 },
	{ 19200, B19200 },   { 38400, B38400 },	  { 57600, B57600 },   { 115200, B115200 },
	{ 230400, B230400 }, { 460800, B460800 }, { 921600, B921600 },
};

static int open_serial(struct transport *tr, const char *path, int baud, struct strbuf *err)
{
	struct termios tio;
	int fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	size_t i;

	if (fd < 0) {
		strbuf_addf(err, "%s: %s", path, strerror(errno));
		return -errno;
	}
	if (tcgetattr(fd, &tio)) {
		strbuf_addf(err, "%s: not a terminal: %s", path, strerror(errno));
		close(fd);
		return -ENOTTY;
	}
	cfmakeraw(&tio);
	for (i = 0; baud && i < sizeof(bauds) / sizeof(bauds[0]); i++)
		if (bauds[i].baud == baud)
			break;
	if (baud && i == sizeof(bauds) / sizeof(bauds[0])) {
		strbuf_addf(err, "unsupported baud rate %d", baud);
		close(fd);
		return -EINVAL;
	}
	if (baud) {
		cfsetispeed(&tio, bauds[i].speed);
		cfsetospeed(&tio, bauds[i].speed);
	}
	tcsetattr(fd, TCSANOW, &tio);
	tcflush(fd, TCIOFLUSH);
	tr->kind = TRANSPORT_SERIAL;
	tr->in_fd = tr->out_fd = fd;
	fprintf(stderr, "Remote debugging using %s\n", path);
	fflush(stderr);
	return 0;
}

/* Split HOST:PORT, [ADDR]:PORT or :PORT; host is "" for :PORT. */
static int split_host_port(const char *comm, char *host, size_t hsize, char *port,
			   size_t psize)
{
	const char *colon;
	const char *h = comm;
	size_t hl;

	if (*comm == '[') {
		const char *close = strchr(comm, ']');

		if (!close || close[1] != ':')
			return -EINVAL;
		h = comm + 1;
		hl = (size_t)(close - h);
		colon = close + 1;
	} else {
		colon = strrchr(comm, ':');
		if (!colon)
			return -EINVAL;
		hl = (size_t)(colon - comm);
	}
	if (hl >= hsize || strlen(colon + 1) >= psize || !colon[1])
		return -EINVAL;
	memcpy(host, h, hl);
	host[hl] = '\0';
	strcpy(port, colon + 1);
	return 0;
}

static void set_port(struct sockaddr_storage *ss, int port)
{
	if (ss->ss_family == AF_INET6)
		((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)port);
	else
		((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)port);
}

static int bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len))
		return -1;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	return ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

/* Listen on `ai`; after the first socket, on the port that one got (its
 * own, or the kernel's choice for port 0). */
static int listen_on(struct transport *tr, const struct addrinfo *ai)
{
	struct sockaddr_storage ss = { 0 };
	int one = 1;
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);

	if (fd < 0)
		return -errno;
	memcpy(&ss, ai->ai_addr, ai->ai_addrlen);
	if (tr->nlisten)
		set_port(&ss, tr->port);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (ai->ai_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, ai->ai_addrlen) || listen(fd, 1)) {
		int e = -errno;

		close(fd);
		return e;
	}
	tr->listen_fd[tr->nlisten++] = fd;
	if (tr->nlisten == 1)
		tr->port = bound_port(fd);
	return 0;
}

/* A loopback address this host does not have (::1 without IPv6): said, and
 * served without. */
static void say_no_loopback(const struct addrinfo *ai, int err)
{
	char host[NI_MAXHOST];

	if (getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof(host), NULL, 0,
			NI_NUMERICHOST))
		strcpy(host, "?");
	fprintf(stderr, "rstub: cannot listen on %s (%s); serving loopback without it\n", host,
		strerror(-err));
}

/* Listen on every address of `res`, IPv4 first (the port is chosen there),
 * all on one port. An address in use fails it all; with `loopback` another
 * failure is only said. */
static int listen_all(struct transport *tr, const struct addrinfo *res, bool loopback)
{
	int last = -EADDRNOTAVAIL;

	for (int pass = 0; pass < 2; pass++) {
		for (const struct addrinfo *ai = res; ai; ai = ai->ai_next) {
			if ((ai->ai_family == AF_INET) != (pass == 0) ||
			    tr->nlisten == TRANSPORT_MAX_LISTEN)
				continue;
			last = listen_on(tr, ai);
			if (last == -EADDRINUSE)
				return last;
			if (last && loopback)
				say_no_loopback(ai, last);
		}
	}
	return tr->nlisten ? 0 : last;
}

/* gdb's connection prefixes: tcp:, tcp4:, tcp6: (udp is not served). */
static const char *strip_prefix(const char *comm, int *family, struct strbuf *err)
{
	static const struct {
		const char *prefix;
		int family;
	} prefixes[] = { { "tcp:", AF_UNSPEC }, { "tcp4:", AF_INET }, { "tcp6:", AF_INET6 } };

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t n = strlen(prefixes[i].prefix);

		if (!strncmp(comm, prefixes[i].prefix, n)) {
			*family = prefixes[i].family;
			return comm + n;
		}
	}
	if (!strncmp(comm, "udp", 3) && strchr("46:", comm[3]) && comm[3])
		strbuf_addf(err, "%s: UDP is not supported, use TCP", comm);
	*family = AF_UNSPEC;
	return err->len ? NULL : comm;
}

/* :PORT and localhost:PORT are the loopback addresses of both families
 * (getaddrinfo with no host and no AI_PASSIVE), whatever /etc/hosts says. */
static bool is_loopback_name(const char *host)
{
	return !*host || !strcmp(host, "localhost");
}

/* Listen on what `res` names; for port 0 again while the kernel's choice on
 * the first address is taken on another. */
static int listen_port(struct transport *tr, const struct addrinfo *res, bool loopback,
		       bool any_port)
{
	int rc = listen_all(tr, res, loopback);

	for (int tries = 0; rc == -EADDRINUSE && any_port && tries < 8; tries++) {
		transport_stop_listening(tr);
		rc = listen_all(tr, res, loopback);
	}
	return rc;
}

static int open_tcp(struct transport *tr, const char *comm, struct strbuf *err)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICSERV };
	struct addrinfo *res;
	const char *spec = strip_prefix(comm, &hints.ai_family, err);
	char host[256], port[16];
	bool loopback;
	int rc;

	if (!spec)
		return -EPROTONOSUPPORT;
	if (split_host_port(spec, host, sizeof(host), port, sizeof(port))) {
		strbuf_addf(err, "bad address '%s': use HOST:PORT, :PORT or [ADDR]:PORT", comm);
		return -EINVAL;
	}
	loopback = is_loopback_name(host);
	rc = getaddrinfo(loopback ? NULL : host, port, &hints, &res);
	if (rc) {
		/* worded as gdbserver words it: launchers wait for this line */
		strbuf_addf(err, "%s: cannot resolve name: %s", comm, gai_strerror(rc));
		return -EINVAL;
	}
	tr->kind = TRANSPORT_TCP;
	rc = listen_port(tr, res, loopback, !atoi(port));
	freeaddrinfo(res);
	if (rc) {
		if (rc == -EADDRINUSE)
			strbuf_adds(err, "Can't bind address: Address already in use.");
		else
			strbuf_addf(err, "Can't bind address: %s.", strerror(-rc));
		transport_close(tr);
	}
	return rc;
}

void transport_announce(const struct transport *tr)
{
	if (tr->kind != TRANSPORT_TCP)
		return;
	fprintf(stderr, "Listening on port %d\n", tr->port);
	fflush(stderr);
}

int transport_open(struct transport *tr, const char *comm, int baud, struct strbuf *err)
{
	memset(tr, 0, sizeof(*tr));
	tr->in_fd = tr->out_fd = -1;
	if (transport_is_stdio(comm)) {
		tr->kind = TRANSPORT_STDIO;
		tr->in_fd = 0;
		tr->out_fd = 1;
		fprintf(stderr, "Remote debugging using stdio\n");
		fflush(stderr);
		return 0;
	}
	if (!strchr(comm, ':'))
		return open_serial(tr, comm, baud, err);
	return open_tcp(tr, comm, err);
}

static int wait_listener(struct transport *tr)
{
	struct pollfd pfd[TRANSPORT_MAX_LISTEN];

	for (int i = 0; i < tr->nlisten; i++) {
		pfd[i].fd = tr->listen_fd[i];
		pfd[i].events = POLLIN;
	}
	for (;;) {
		if (poll(pfd, (nfds_t)tr->nlisten, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		for (int i = 0; i < tr->nlisten; i++)
			if (pfd[i].revents & POLLIN)
				return tr->listen_fd[i];
	}
}

int transport_accept(struct transport *tr, bool last, struct strbuf *err)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char host[NI_MAXHOST], serv[NI_MAXSERV];
	int one = 1;
	int lfd, fd;

	if (tr->kind != TRANSPORT_TCP)
		return 0;
	lfd = wait_listener(tr);
	if (lfd < 0) {
		strbuf_addf(err, "accept: %s", strerror(-lfd));
		return lfd;
	}
	fd = accept4(lfd, (struct sockaddr *)&ss, &len, SOCK_CLOEXEC);
	if (fd < 0) {
		strbuf_addf(err, "accept: %s", strerror(errno));
		return -errno;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
	if (last)
		transport_stop_listening(tr); /* before we say we are connected */
	if (getnameinfo((struct sockaddr *)&ss, len, host, sizeof(host), serv, sizeof(serv),
			NI_NUMERICHOST | NI_NUMERICSERV))
		strcpy(host, "?"), strcpy(serv, "?");
	fprintf(stderr, "Remote debugging from host %s, port %s\n", host, serv);
	fflush(stderr);
	tr->in_fd = tr->out_fd = fd;
	return 0;
}

void transport_hangup(struct transport *tr)
{
	if (tr->kind == TRANSPORT_TCP && tr->in_fd >= 0)
		close(tr->in_fd);
	if (tr->kind == TRANSPORT_TCP)
		tr->in_fd = tr->out_fd = -1;
}

void transport_stop_listening(struct transport *tr)
{
	for (int i = 0; i < tr->nlisten; i++)
		close(tr->listen_fd[i]);
	tr->nlisten = 0;
}

void transport_close(struct transport *tr)
{
	transport_hangup(tr);
	if (tr->kind == TRANSPORT_SERIAL && tr->in_fd >= 0)
		close(tr->in_fd);
	transport_stop_listening(tr);
}
