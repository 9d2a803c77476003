/* rsp_wire — see rsp_wire.h for the contract. */
#include "rsp_wire.h"
#include "unescape.h"

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

/*
 * Sixteen bytes at a time (GCC vector extensions): the lanes holding a byte
 * that ends plain payload ('}', '*', '#'), 0xff each.
 */
typedef uint8_t block_u8 __attribute__((vector_size(16)));
typedef uint64_t block_u64 __attribute__((vector_size(16)));

static block_u64 special_lanes(const char *p)
{
	block_u8 v;

	memcpy(&v, p, 16);
	return (block_u64)((v == '}') | (v == '*') | (v == '#'));
}

/* Copy p[0..len) to o up to the first '}', '*' or '#'; bytes copied. Stores
 * whole 16-byte blocks: o has room for len bytes plus 16. */
static size_t copy_plain(char *o, const char *p, size_t len)
{
	size_t i;

	for (i = 0; i + 16 <= len; i += 16) {
		block_u64 m = special_lanes(p + i);

		memcpy(o + i, p + i, 16);
		if (m[0] | m[1]) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return i + (m[0] ? (size_t)__builtin_ctzll(m[0]) / 8
					 : 8 + (size_t)__builtin_ctzll(m[1]) / 8);
#else
			return i;
#endif
		}
	}
	return i;
}

/*
 * Decode frame bytes p[0..end) (escapes, runs) onto w->reply[0..*o); returns
 * the first byte not consumed: end, a '}' or '*' whose second byte has not
 * arrived, or the '#' that ends the payload.
 */
static const char *decode(struct wire *w, size_t *o, const char *p, const char *end)
{
	w->reply = grow(w->reply, &w->reply_cap, *o + (size_t)(end - p) + 17);
	while (p < end) {
		size_t made, n = unescape_blocks(w->reply + *o, p, (size_t)(end - p), &made);
		char c;

		*o += made;
		p += n;
		n = copy_plain(w->reply + *o, p, (size_t)(end - p));
		*o += n;
		p += n;
		if (p == end || *p == '#')
			break;
		c = *p;
		if (c != '}' && c != '*') {
			w->reply[(*o)++] = c;
			p++;
			continue;
		}
		if (end - p < 2)
			break;
		if (c == '}') {
			w->reply[(*o)++] = (char)(p[1] ^ 0x20);
		} else if (*o == 0) { /* a run of nothing: keep the bytes */
			w->reply[(*o)++] = c;
			w->reply[(*o)++] = p[1];
		} else {
			n = (size_t)(uint8_t)p[1] - 29;
			w->reply = grow(w->reply, &w->reply_cap, *o + n + (size_t)(end - p) + 17);
			memset(w->reply + *o, w->reply[*o - 1], n);
			*o += n;
		}
		p += 2;
	}
	return p;
}

/* One frame, decoded as its bytes arrive (as gdb reads them); returns when
 * the whole `$...#cs` is in. */
static void recv_frame(struct wire *w)
{
	bool in_frame = false;
	size_t o = 0;

	for (;;) {
		const char *end = w->in + w->in_len, *p;

		if (!in_frame) {
			const char *start = memchr(w->in + w->in_pos, '$', w->in_len - w->in_pos);

			if (!start) {
				w->in_pos = w->in_len; /* acks and noise */
				fill(w);
				continue;
			}
			w->in_pos = (size_t)(start + 1 - w->in);
			in_frame = true;
		}
		p = decode(w, &o, w->in + w->in_pos, end);
		if (p < end && *p == '#' && end - p >= 3) {
			w->in_pos = (size_t)(p + 3 - w->in);
			w->reply[o] = '\0';
			w->reply_len = o;
			if (!w->noack)
				write_all(w->fd, "+", 1);
			return;
		}
		/* keep what is not decoded yet (at most "#c" or a '}'/'*' pair's
		 * first byte) at the front */
		w->in_len = (size_t)(end - p);
		memmove(w->in, p, w->in_len);
		w->in_pos = 0;
		fill(w);
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
