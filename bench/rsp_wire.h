/*
 * rsp_wire — the client end of the GDB Remote Serial Protocol, built to be
 * faster than any stub it measures: one TCP socket (TCP_NODELAY), one read
 * buffer, no allocation per packet, replies unescaped and run-length
 * expanded in bulk.
 *
 * Contract: wire_connect() negotiates like gdb (qSupported, then
 * QStartNoAckMode when offered) and records the advertised PacketSize.
 * wire_cmd() sends one packet and returns the next reply (console 'O'
 * packets skipped), NUL-terminated in w->reply, valid until the next call.
 * Errors are fatal: a benchmark whose protocol broke has no number to give.
 */
#ifndef RSTUB_BENCH_RSP_WIRE_H
#define RSTUB_BENCH_RSP_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct wire {
	int fd;
	bool noack;
	size_t packet_size; /* PacketSize from qSupported (hex), 0 if none */
	bool binary_upload; /* qSupported said binary-upload+ */
	char *in;	    /* received bytes not consumed yet: in[in_pos..in_len) */
	size_t in_pos, in_len, in_cap;
	char *out; /* frame being sent */
	size_t out_cap;
	char *reply; /* last reply payload, decoded */
	size_t reply_len, reply_cap;
};

/* Connect to 127.0.0.1:port and negotiate; exits on failure. */
void wire_connect(struct wire *w, int port);
void wire_close(struct wire *w);
/* Send `len` payload bytes (escaped as needed); returns the reply length. */
size_t wire_cmd_raw(struct wire *w, const char *payload, size_t len);
/* printf-style wire_cmd_raw. */
size_t wire_cmd(struct wire *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Send a packet without waiting for a reply. */
void wire_send(struct wire *w, const char *payload, size_t len);
/* Wait for the next reply; returns its length. */
size_t wire_recv(struct wire *w);
/* Exit with a message naming the command when the reply does not start with `want`. */
void wire_expect(const struct wire *w, const char *cmd, const char *want);
/* Thread id from a T stop reply ("thread:TID;"), 0 when absent. */
long wire_stop_thread(const struct wire *w);

#endif
