/*
 * rsp_codec — see rsp_codec.h for the contract.
 *
 * The decoder works in two stages, in the order gdb's own reader uses
 * (remote.c read_frame expands runs on the wire bytes, the packet handlers
 * unescape afterwards):
 *   1. framing: '$' (re)starts a frame, '#' ends the payload, '*' c repeats
 *      the previous wire byte c - 29 more times;
 *   2. unescaping: '}' x stands for x ^ 0x20.
 * The checksum covers the wire bytes between '$' and '#', run counts included.
 *
 * Choices where the manual is silent:
 *  - '$' anywhere inside a frame (payload, run count, checksum) drops the
 *    frame without a report and starts a new one. A NAK would make gdb resend
 *    a packet whose retransmission may already be the frame now starting.
 *  - A malformed frame ('*' with no byte before it, a count byte outside
 *    29..126 or '#' in its place, '}' right before '#') is reported as
 *    RSP_IN_BAD_CHECKSUM when its checksum has arrived.
 *  - A non-hex checksum digit ends the frame at once: RSP_IN_BAD_CHECKSUM.
 *  - A wrong checksum is reported before an over-long payload
 *    (RSP_IN_TOO_LONG), which is reported before a malformed one.
 *  - A '*' right after an escape pair repeats the second byte of the pair,
 *    as gdb does: "}]*!" is 0x7d then four ']'. rsp_encode never writes that.
 */
#include "rsp_codec.h"

#include <string.h>

#include "hex.h"
#include "rsp_escape.h"

enum { ST_IDLE, ST_DATA, ST_COUNT, ST_CSUM_HI, ST_CSUM_LO };

#define RLE_BASE 29              /* count byte = repeats + RLE_BASE */
#define RLE_MAX ('~' - RLE_BASE) /* most repeats one count byte says */
#define RLE_MIN 3                /* fewer repeats are not worth a '*' */
#define NO_PREV '*'              /* never a payload wire byte: "none yet" */
#define ESCAPE RSP_ESCAPE_BYTE

static void frame_start(struct rsp_decoder *d)
{
	d->state = ST_DATA;
	d->sum = 0;
	d->want = 0;
	d->escape = false;
	d->overflow = false;
	d->bad = false;
	d->prev = NO_PREV;
	strbuf_reset(&d->payload);
}

void rsp_decoder_init(struct rsp_decoder *d, size_t max_payload)
{
	strbuf_init(&d->payload, 0);
	frame_start(d);
	d->state = ST_IDLE;
	d->max = max_payload;
}

void rsp_decoder_release(struct rsp_decoder *d)
{
	strbuf_release(&d->payload);
	d->state = ST_IDLE;
}

/* Append one decoded byte, or note the overflow: never past d->max. */
static void put_byte(struct rsp_decoder *d, uint8_t b)
{
	if (d->payload.len >= d->max) {
		d->overflow = true;
		return;
	}
	strbuf_addc(&d->payload, (char)b);
}

/* Stage 2: one wire byte of the run-expanded payload. */
static void unescape(struct rsp_decoder *d, uint8_t b)
{
	if (d->escape) {
		d->escape = false;
		put_byte(d, b ^ 0x20);
	} else if (b == ESCAPE) {
		d->escape = true;
	} else {
		put_byte(d, b);
	}
}

static enum rsp_input idle_byte(struct rsp_decoder *d, uint8_t b)
{
	switch (b) {
	case '$':
		frame_start(d);
		return RSP_IN_NONE;
	case '+':
		return RSP_IN_ACK;
	case '-':
		return RSP_IN_NAK;
	case 0x03:
		return RSP_IN_INTERRUPT;
	default:
		return RSP_IN_NONE; /* noise, or a '%' gdb never sends */
	}
}

static enum rsp_input data_byte(struct rsp_decoder *d, uint8_t b)
{
	if (b == '#') {
		d->state = ST_CSUM_HI;
		return RSP_IN_NONE;
	}
	d->sum += b;
	if (b == '*') {
		d->state = ST_COUNT;
		return RSP_IN_NONE;
	}
	d->prev = b;
	unescape(d, b);
	return RSP_IN_NONE;
}

static enum rsp_input count_byte(struct rsp_decoder *d, uint8_t b)
{
	int n = b - RLE_BASE;

	if (b == '#') {
		d->bad = true;
		d->state = ST_CSUM_HI;
		return RSP_IN_NONE;
	}
	d->sum += b;
	d->state = ST_DATA;
	if (d->prev == NO_PREV || n < 0 || n > RLE_MAX) {
		d->bad = true;
		return RSP_IN_NONE;
	}
	while (n--)
		unescape(d, d->prev);
	return RSP_IN_NONE;
}

static enum rsp_input frame_end(struct rsp_decoder *d, enum rsp_input verdict)
{
	d->state = ST_IDLE;
	if (verdict == RSP_IN_PACKET) {
		if (d->want != d->sum)
			verdict = RSP_IN_BAD_CHECKSUM;
		else if (d->overflow)
			verdict = RSP_IN_TOO_LONG;
		else if (d->bad || d->escape)
			verdict = RSP_IN_BAD_CHECKSUM;
	}
	if (verdict != RSP_IN_PACKET)
		strbuf_reset(&d->payload);
	return verdict;
}

static enum rsp_input csum_byte(struct rsp_decoder *d, uint8_t b)
{
	int v = hex_digit((char)b);

	if (v < 0)
		return frame_end(d, RSP_IN_BAD_CHECKSUM);
	if (d->state == ST_CSUM_HI) {
		d->want = (uint8_t)(v << 4);
		d->state = ST_CSUM_LO;
		return RSP_IN_NONE;
	}
	d->want |= (uint8_t)v;
	return frame_end(d, RSP_IN_PACKET);
}

enum rsp_input rsp_decoder_feed(struct rsp_decoder *d, uint8_t byte)
{
	if (d->state != ST_IDLE && byte == '$') {
		frame_start(d);
		return RSP_IN_NONE;
	}
	switch (d->state) {
	case ST_IDLE:
		return idle_byte(d, byte);
	case ST_DATA:
		return data_byte(d, byte);
	case ST_COUNT:
		return count_byte(d, byte);
	default:
		return csum_byte(d, byte);
	}
}

/* Sixteen lanes, each summing its bytes mod 256 (GCC vector extensions):
 * the lanes' sum mod 256 is the checksum, and a lane's wrap-around is
 * harmless. */
typedef uint8_t sum_v16 __attribute__((vector_size(16)));

uint8_t rsp_checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	sum_v16 lanes = {0};
	uint8_t sum = 0;
	size_t i = 0;

	for (; len - i >= sizeof(lanes); i += sizeof(lanes)) {
		sum_v16 v;

		memcpy(&v, p + i, sizeof(v));
		lanes += v;
	}
	for (size_t k = 0; k < sizeof(lanes); k++)
		sum += lanes[k];
	for (; i < len; i++)
		sum += p[i];
	return sum;
}

/* How many copies of p[0] follow it in p[0..len), at most RLE_MAX. */
static size_t run_after(const uint8_t *p, size_t len)
{
	size_t n = 1;

	while (n < len && n <= RLE_MAX && p[n] == p[0])
		n++;
	return n - 1;
}

/* Repeats to write as one '*' count for a run of `n`, or 0 for none. */
static size_t rle_count(size_t n)
{
	if (n < RLE_MIN)
		return 0;
	if (n + RLE_BASE == '#' || n + RLE_BASE == '$')
		return '#' - RLE_BASE - 1; /* the rest starts a new run */
	return n;
}

/* Write p[0] (and a run of it) at *o; returns the bytes consumed. */
static size_t encode_rle_one(char **o, const uint8_t *p, size_t left)
{
	size_t n;

	if (rsp_needs_escape(p[0])) {
		*(*o)++ = ESCAPE;
		*(*o)++ = (char)(p[0] ^ 0x20);
		return 1;
	}
	*(*o)++ = (char)p[0];
	n = rle_count(run_after(p, left));
	if (!n)
		return 1;
	*(*o)++ = '*';
	*(*o)++ = (char)(n + RLE_BASE);
	return 1 + n;
}

/* Run-length encode p[0..len) into out (room for 2 * len); bytes written. */
static size_t escape_rle(char *out, const uint8_t *p, size_t len, uint8_t *sum)
{
	char *o = out;

	for (size_t i = 0; i < len;)
		i += encode_rle_one(&o, p + i, len - i);
	*sum += rsp_checksum(out, (size_t)(o - out));
	return (size_t)(o - out);
}

void rsp_encode(struct strbuf *out, char start, const void *payload, size_t len, bool rle)
{
	uint8_t sum = 0;

	strbuf_addc(out, start);
	rsp_encode_part(out, payload, len, &sum, rle);
	rsp_encode_end(out, sum);
}

void rsp_encode_part(struct strbuf *out, const void *payload, size_t len, uint8_t *sum,
		     bool rle)
{
	size_t n;

	/* worst case: every byte escaped (a run is never longer than its bytes) */
	strbuf_grow(out, 2 * len);
	if (rle)
		n = escape_rle(out->buf + out->len, payload, len, sum);
	else
		n = rsp_escape(out->buf + out->len, payload, len, sum);
	strbuf_setlen(out, out->len + n);
}

void rsp_encode_end(struct strbuf *out, uint8_t sum)
{
	char cs[2];

	hex_encode(cs, &sum, 1);
	strbuf_addc(out, '#');
	strbuf_add(out, cs, 2);
}
