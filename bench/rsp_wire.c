/* rsp_wire — see rsp_wire.h for the contract. */
#include "rsp_wire.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "rspbench: %s: %s\n", what, errno ? strerror(errno) : "protocol error");
	exit(2);
}

static void *grow(void *p, size_t *cap, size_t need)
{
	if (need <= *cap)
		return p;
	while (*cap < need)
		*cap = *cap ? *cap * 2 : 4096;
	p = realloc(p, *cap);
	if (!p)
		die("out of memory");
	return p;
}

static void write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("write");
		p += n;
		len -= (size_t)n;
	}
}

/* Read more bytes into w->in; exits when the peer closed. */
static void fill(struct wire *w)
{
	ssize_t n;

	if (w->in_pos == w->in_len)
		w->in_pos = w->in_len = 0;
	w->in = grow(w->in, &w->in_cap, w->in_len + 65536);
	do
		n = read(w->fd, w->in + w->in_len, w->in_cap - w->in_len);
	while (n < 0 && errno == EINTR);
	if (n <= 0) {
		if (n == 0)
			errno = 0;
		die("read (stub closed the connection)");
	}
	w->in_len += (size_t)n;
}

static bool needs_escape(char c)
{
	return c == '$' || c == '#' || c == '}' || c == '*';
}

void wire_send(struct wire *w, const char *payload, size_t len)
{
	size_t o = 0;
	uint8_t sum = 0;

	w->out = grow(w->out, &w->out_cap, 2 * len + 8);
	w->out[o++] = '$';
	for (size_t i = 0; i < len; i++) {
		if (needs_escape(payload[i])) {
			w->out[o++] = '}';
			w->out[o++] = (char)(payload[i] ^ 0x20);
		} else {
			w->out[o++] = payload[i];
		}
	}
	for (size_t i = 1; i < o; i++)
		sum += (uint8_t)w->out[i];
	o += (size_t)snprintf(w->out + o, 4, "#%02x", sum);
	write_all(w->fd, w->out, o);
}

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

/* Nonzero when some byte of v equals b (exact, word at a time). */
static uint64_t has_byte(uint64_t v, uint8_t b)
{
	uint64_t x = v ^ (ONES * b);

	return (x - ONES) & ~x & HIGHS;
}

/* Copy p[0..len) to o up to the first '}' or '*' (a word at a time where
 * it can; little-endian hosts skip into a word); bytes copied. */
static size_t copy_plain(char *o, const char *p, size_t len)
{
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		uint64_t v, mask;

		memcpy(&v, p + i, 8);
		mask = has_byte(v, '}') | has_byte(v, '*');
		if (mask) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			size_t k = (size_t)__builtin_ctzll(mask) / 8;

			memcpy(o + i, p + i, k);
			return i + k;
#else
			return i;
#endif
		}
		memcpy(o + i, &v, 8);
	}
	return i;
}

/* Decode a frame body p[0..len) (escapes, runs) into w->reply. */
static void decode(struct wire *w, const char *p, size_t len)
{
	size_t o = 0;

	w->reply = grow(w->reply, &w->reply_cap, len + 1);
	for (size_t i = 0; i < len; i++) {
		size_t n = copy_plain(w->reply + o, p + i, len - i);
		char c;

		o += n;
		i += n;
		if (i == len)
			break;
		c = p[i];
		if (c == '}' && i + 1 < len) {
			c = (char)(p[++i] ^ 0x20);
		} else if (c == '*' && i + 1 < len && o > 0) {
			n = (size_t)(uint8_t)p[++i] - 29;
			w->reply = grow(w->reply, &w->reply_cap, o + n + (len - i) + 1);
			memset(w->reply + o, w->reply[o - 1], n);
			o += n;
			continue;
		}
		w->reply[o++] = c;
	}
	w->reply[o] = '\0';
	w->reply_len = o;
}

/* One frame: returns when a complete `$...#cs` has been decoded. */
static void recv_frame(struct wire *w)
{
	for (;;) {
		char *start = memchr(w->in + w->in_pos, '$', w->in_len - w->in_pos);
		char *hash;

		if (!start) {
			w->in_pos = w->in_len; /* acks and noise */
			fill(w);
			continue;
		}
		w->in_pos = (size_t)(start - w->in);
		hash = memchr(start, '#', w->in_len - w->in_pos);
		if (!hash || (size_t)(hash - w->in) + 3 > w->in_len) {
			if (w->in_pos) { /* keep the partial frame at the front */
				memmove(w->in, w->in + w->in_pos, w->in_len - w->in_pos);
				w->in_len -= w->in_pos;
				w->in_pos = 0;
			}
			fill(w);
			continue;
		}
		decode(w, start + 1, (size_t)(hash - start - 1));
		w->in_pos = (size_t)(hash - w->in) + 3;
		if (!w->noack)
			write_all(w->fd, "+", 1);
		return;
	}
}

size_t wire_recv(struct wire *w)
{
	do
		recv_frame(w);
	while (w->reply_len > 1 && w->reply[0] == 'O' && strcmp(w->reply, "OK"));
	return w->reply_len;
}

size_t wire_cmd_raw(struct wire *w, const char *payload, size_t len)
{
	wire_send(w, payload, len);
	return wire_recv(w);
}

size_t wire_cmd(struct wire *w, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		die("command too long");
	return wire_cmd_raw(w, buf, (size_t)n);
}

void wire_expect(const struct wire *w, const char *cmd, const char *want)
{
	if (strncmp(w->reply, want, strlen(want))) {
		fprintf(stderr, "rspbench: %s: expected %s..., got '%.80s'\n", cmd, want, w->reply);
		exit(2);
	}
}

long wire_stop_thread(const struct wire *w)
{
	const char *t = strstr(w->reply, "thread:");

	return t ? strtol(t + 7, NULL, 16) : 0;
}

static void negotiate(struct wire *w)
{
	const char *ps;

	wire_cmd(w, "qSupported:swbreak+;hwbreak+;vContSupported+;no-resumed+;"
		    "xmlRegisters=i386");
	ps = strstr(w->reply, "PacketSize=");
	w->packet_size = ps ? strtoul(ps + 11, NULL, 16) : 0;
	w->binary_upload = strstr(w->reply, "binary-upload+") != NULL;
	if (strstr(w->reply, "QStartNoAckMode+")) {
		wire_cmd(w, "QStartNoAckMode");
		wire_expect(w, "QStartNoAckMode", "OK");
		w->noack = true;
	}
}

void wire_connect(struct wire *w, int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int one = 1;

	memset(w, 0, sizeof(*w));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	w->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (w->fd < 0 || connect(w->fd, (struct sockaddr *)&a, sizeof(a)))
		die("connect");
	setsockopt(w->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	negotiate(w);
}

void wire_close(struct wire *w)
{
	close(w->fd);
	free(w->in);
	free(w->out);
	free(w->reply);
	memset(w, 0, sizeof(*w));
}
