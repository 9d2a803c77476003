/*
 * rsp_codec — the byte level of the GDB Remote Serial Protocol: framing,
 * checksums, `}` escapes, run-length encoding, acks, Ctrl-C, notifications.
 *
 * Contract: no I/O and no knowledge of any command. The decoder is fed bytes
 * as they arrive (any split) and says what they complete; every byte sequence
 * is valid input (garbage between frames is skipped, an over-long frame is
 * reported, never overflowed). The encoder writes a complete frame into a
 * strbuf. Payloads handed out are unescaped and RLE-expanded, so the command
 * layer sees exactly the bytes gdb meant (binary `X` data included).
 */
#ifndef RSTUB_RSP_CODEC_H
#define RSTUB_RSP_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

/* The largest packet payload we accept and advertise (qSupported PacketSize). */
#define RSP_PACKET_SIZE (256 * 1024)

enum rsp_input {
	RSP_IN_NONE,	     /* byte consumed, nothing complete yet */
	RSP_IN_PACKET,	     /* a `$...#cs` frame with a good checksum: see payload */
	RSP_IN_BAD_CHECKSUM, /* a complete frame whose checksum is wrong: send '-' */
	RSP_IN_TOO_LONG,     /* a frame longer than the limit ended: send '-'/error */
	RSP_IN_ACK,	     /* '+' outside a frame */
	RSP_IN_NAK,	     /* '-' outside a frame: retransmit the last packet */
	RSP_IN_INTERRUPT,    /* 0x03 outside a frame */
};

struct rsp_decoder {
	int state;	    /* private */
	uint8_t sum;	    /* private: running checksum */
	uint8_t want;	    /* private: checksum digits */
	bool escape;	    /* private: previous byte was '}' */
	bool overflow;	    /* private: frame exceeded max */
	bool bad;	    /* private: frame is malformed (bad '*' or '}') */
	uint8_t prev;	    /* private: previous wire byte, the one '*' repeats */
	size_t max;	    /* payload limit */
	struct strbuf payload; /* last complete packet (valid after RSP_IN_PACKET) */
};

void rsp_decoder_init(struct rsp_decoder *d, size_t max_payload);
void rsp_decoder_release(struct rsp_decoder *d);
/*
 * Feed one byte; returns what it completed. A malformed frame (bad '*' run,
 * '}' before '#', non-hex checksum digit) is RSP_IN_BAD_CHECKSUM; a '$' inside
 * a frame drops it silently and starts anew. payload stays valid until the
 * next '$'. Rules in detail: top of rsp_codec.c.
 */
enum rsp_input rsp_decoder_feed(struct rsp_decoder *d, uint8_t byte);

/* Checksum (sum of bytes mod 256) as the frame carries it. */
uint8_t rsp_checksum(const void *data, size_t len);

/*
 * Append a complete frame `<start>payload#cs` to out, where start is '$' for
 * a packet or '%' for a notification. Bytes '$', '#', '}' and '*' in the
 * payload are escaped as `}` + (byte ^ 0x20); when `rle` is set, runs are
 * run-length encoded where that is shorter and never produce '$', '#' or a
 * non-printable count.
 */
void rsp_encode(struct strbuf *out, char start, const void *payload, size_t len, bool rle);
/*
 * The same frame in parts, so that a long one can go out while the rest is
 * encoded: append the start byte yourself, then each part of the payload
 * with rsp_encode_part() (escaped, its bytes added to *sum, which starts at
 * 0; run-length encoded within the part when `rle` is set), then
 * rsp_encode_end() ('#' and the checksum). Without runs a part is escaped
 * 16 bytes at a time (fastest); with them the frame is shortest, which is
 * what counts where each wire byte costs the client a system call (gdb
 * reading a pipe) or a bit time (a serial line).
 */
void rsp_encode_part(struct strbuf *out, const void *payload, size_t len, uint8_t *sum,
		     bool rle);
void rsp_encode_end(struct strbuf *out, uint8_t sum);

#endif
