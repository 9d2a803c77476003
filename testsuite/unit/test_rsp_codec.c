/*
 * test_rsp_codec — unit tests for server/rsp_codec.c.
 *
 * Contract: every wire vector below carries a checksum computed by hand (and
 * re-checked with an independent script), never by the code under test. A
 * decode vector lists the reports it must produce, one letter each (P packet,
 * C bad checksum, L too long, + ack, - nak, I interrupt), and every packet's
 * payload followed by '|'. After each vector a good frame must still decode,
 * whatever state the vector left behind. The round-trip test checks
 * decode(encode(x)) == x over pseudo-random buffers with a fixed seed.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rsp_codec.h"

#include "check_main.h"
#include "test_rng.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct vec {
	const char *wire;
	size_t wire_len;
	const char *events;
	const char *payloads;
	size_t payloads_len;
};

/* Literals may hold NULs: their length comes from sizeof. */
#define VEC(w, ev, pl)                                                                   \
	{                                                                                \
		w, sizeof(w) - 1, ev, pl, sizeof(pl) - 1                                 \
	}

static char event_letter(enum rsp_input r)
{
	switch (r) {
	case RSP_IN_PACKET:
		return 'P';
	case RSP_IN_BAD_CHECKSUM:
		return 'C';
	case RSP_IN_TOO_LONG:
		return 'L';
	case RSP_IN_ACK:
		return '+';
	case RSP_IN_NAK:
		return '-';
	case RSP_IN_INTERRUPT:
		return 'I';
	default:
		return '?';
	}
}

/* Feed bytes one at a time, recording reports and packet payloads. */
static void feed(struct rsp_decoder *d, const void *wire, size_t len,
                 struct strbuf *events, struct strbuf *payloads)
{
	const uint8_t *w = wire;

	for (size_t i = 0; i < len; i++) {
		enum rsp_input r = rsp_decoder_feed(d, w[i]);

		/* plain tests: a ck_assert per byte costs a write() in fork mode */
		if (d->payload.len > d->max || d->payload.buf[d->payload.len])
			ck_abort_msg("payload past the limit or not terminated");
		if (r == RSP_IN_NONE)
			continue;
		strbuf_addc(events, event_letter(r));
		if (r == RSP_IN_PACKET) {
			strbuf_add(payloads, d->payload.buf, d->payload.len);
			strbuf_addc(payloads, '|');
		}
	}
}

static void check_vec(const struct vec *v, size_t max)
{
	struct rsp_decoder d;
	struct strbuf ev = STRBUF_INIT, pl = STRBUF_INIT;

	rsp_decoder_init(&d, max);
	feed(&d, v->wire, v->wire_len, &ev, &pl);
	ck_assert_str_eq(ev.buf, v->events);
	ck_assert_uint_eq(pl.len, v->payloads_len);
	ck_assert_mem_eq(pl.buf, v->payloads, pl.len);

	/* Whatever state the vector left, a good frame still gets through. */
	strbuf_reset(&ev);
	strbuf_reset(&pl);
	if (max) {
		feed(&d, "$g#67", 5, &ev, &pl);
		ck_assert_str_eq(pl.buf, "g|");
	} else {
		feed(&d, "$#00", 4, &ev, &pl);
		ck_assert_str_eq(pl.buf, "|");
	}
	ck_assert_str_eq(ev.buf, "P");

	strbuf_release(&ev);
	strbuf_release(&pl);
	rsp_decoder_release(&d);
}

/* ---- framing -------------------------------------------------------- */

static const struct vec framing_vecs[] = {
        VEC("$OK#9a", "P", "OK|"),
        VEC("$#00", "P", "|"),
        VEC("$g#67", "P", "g|"),
        VEC("$m1000,4#8e", "P", "m1000,4|"),
        VEC("$qSupported:multiprocess+;swbreak+;hwbreak+#65", "P",
            "qSupported:multiprocess+;swbreak+;hwbreak+|"),
        VEC("$vCont;c:p1.-1#0f", "P", "vCont;c:p1.-1|"),
        VEC("$OK#9a$g#67", "PP", "OK|g|"),
        /* binary data: NULs, and bytes that mean something outside a frame */
        VEC("$X0,2:\x00\x01#21", "P", "X0,2:\x00\x01|"),
        VEC("$\x03#03", "P", "\x03|"),
        VEC("$+-#58", "P", "+-|"),
        VEC("$%#25", "P", "%|"),
};

START_TEST(test_framing)
{
	check_vec(&framing_vecs[_i], RSP_PACKET_SIZE);
}
END_TEST

/* The report comes with the second checksum digit, not before. */
START_TEST(test_framing_report_on_last_byte)
{
	static const char wire[] = "$m1000,4#8e";
	struct rsp_decoder d;

	rsp_decoder_init(&d, RSP_PACKET_SIZE);
	for (size_t i = 0; i + 1 < sizeof(wire) - 1; i++)
		ck_assert_int_eq(rsp_decoder_feed(&d, (uint8_t)wire[i]), RSP_IN_NONE);
	ck_assert_int_eq(rsp_decoder_feed(&d, 'e'), RSP_IN_PACKET);
	ck_assert_uint_eq(d.payload.len, 7);
	ck_assert_str_eq(d.payload.buf, "m1000,4");
	/* the payload stays valid until the next '$' */
	ck_assert_int_eq(rsp_decoder_feed(&d, '+'), RSP_IN_ACK);
	ck_assert_str_eq(d.payload.buf, "m1000,4");
	rsp_decoder_release(&d);
	/* release leaves an empty, reusable decoder */
	ck_assert_uint_eq(d.payload.len, 0);
	rsp_decoder_release(&d);
}
END_TEST

/* ---- checksum ------------------------------------------------------- */

static const struct vec checksum_vecs[] = {
        VEC("$OK#9A", "P", "OK|"), /* upper-case digits */
        VEC("$m1000,4#8E", "P", "m1000,4|"),
        VEC("$OK#9b", "C", ""), /* off by one */
        VEC("$OK#a9", "C", ""), /* digits swapped */
        VEC("$OK#00", "C", ""),
        VEC("$OK#zz", "C", ""), /* non-hex first digit; 2nd is noise */
        VEC("$OK#9z", "C", ""), /* non-hex second digit */
        VEC("$OK#-a", "C", ""), /* a '-' there is a bad digit, not a NAK */
        VEC("$OK# 9a", "C", ""),
        VEC("$OK#9a$OK#9b$g#67", "PCP", "OK|g|"),
};

START_TEST(test_checksum_frames)
{
	check_vec(&checksum_vecs[_i], RSP_PACKET_SIZE);
}
END_TEST

START_TEST(test_checksum_values)
{
	uint8_t ff[256], ones[300], halves[2] = {0x80, 0x80};

	memset(ff, 0xff, sizeof(ff));
	memset(ones, 0x01, sizeof(ones));
	ck_assert_uint_eq(rsp_checksum("OK", 2), 0x9a);
	ck_assert_uint_eq(rsp_checksum("", 0), 0x00);
	ck_assert_uint_eq(rsp_checksum(NULL, 0), 0x00);
	ck_assert_uint_eq(rsp_checksum("g", 1), 0x67);
	ck_assert_uint_eq(rsp_checksum("m1000,4", 7), 0x8e);
	ck_assert_uint_eq(rsp_checksum("}]", 2), 0xda);
	ck_assert_uint_eq(rsp_checksum(ff, sizeof(ff)), 0x00);
	ck_assert_uint_eq(rsp_checksum(ones, sizeof(ones)), 0x2c);
	ck_assert_uint_eq(rsp_checksum(halves, 2), 0x00);
	/* every length and alignment around the 16-byte lanes, uneven bytes */
	for (size_t i = 0; i < sizeof(ones); i++)
		ones[i] = (uint8_t)(i * 151 + 7);
	for (size_t off = 0; off < 16; off++) {
		for (size_t len = 0; len <= 64; len++) {
			uint8_t want = 0;

			for (size_t i = 0; i < len; i++)
				want = (uint8_t)(want + ones[off + i]);
			ck_assert_uint_eq(rsp_checksum(ones + off, len), want);
		}
	}
}
END_TEST

/* ---- escapes -------------------------------------------------------- */

static const struct vec escape_vecs[] = {
        VEC("$}]#da", "P", "}|"),
        VEC("$}\x03#80", "P", "#|"),
        VEC("$}\x04#81", "P", "$|"),
        VEC("$}\x0a#87", "P", "*|"),
        VEC("$}A#be", "P", "a|"), /* escaping a harmless byte is allowed */
        VEC("$a}]b#9d", "P", "a}b|"),
        VEC("$a}#de", "C", ""),       /* '}' right before '#': malformed */
        VEC("$a}$OK#9a", "P", "OK|"), /* '$' after '}' still restarts */
};

START_TEST(test_escapes)
{
	check_vec(&escape_vecs[_i], RSP_PACKET_SIZE);
}
END_TEST

/* ---- run-length decoding -------------------------------------------- */

static const struct vec rle_decode_vecs[] = {
        VEC("$0* #7a", "P", "0000|"),    /* ' ' = 3 more */
        VEC("$0*\"#7c", "P", "000000|"), /* '"' = 5 more */
        VEC("$ab*!c#71", "P", "abbbbbc|"),
        VEC("$a* * #f5", "P", "aaaaaaa|"), /* two runs of the same byte */
        VEC("$a*\x1d#a8", "P", "a|"),      /* count 0 */
        VEC("$a*}#08", "P",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|"), /* '}' is a count: 96 */
        VEC("$a*~#09", "P",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|"), /* 97, the most */
        /* as gdb reads it: runs expand on wire bytes, then '}' unescapes */
        VEC("$}]*!#25", "P", "}]]]]|"), VEC("$*!#4b", "C", ""), /* nothing to repeat */
        VEC("$a*\x1c#a7", "C", ""),                             /* count -1 */
        VEC("$a*\x7f#0a", "C", ""),                             /* count 98 */
        VEC("$a*#8b", "C", ""),       /* '#' where the count goes */
        VEC("$a*$OK#9a", "P", "OK|"), /* '$' there restarts */
};

START_TEST(test_rle_decode)
{
	check_vec(&rle_decode_vecs[_i], RSP_PACKET_SIZE);
}
END_TEST

/* ---- encoding and run-length encoding ------------------------------- */

struct enc {
	bool rle;
	const char *payload;
	size_t payload_len;
	const char *wire;
	size_t wire_len;
};

#define ENC(rle, pl, w)                                                                  \
	{                                                                                \
		rle, pl, sizeof(pl) - 1, w, sizeof(w) - 1                                \
	}
#define A10 "aaaaaaaaaa"
#define A90 A10 A10 A10 A10 A10 A10 A10 A10 A10

static const struct enc enc_vecs[] = {
        ENC(true, "", "$#00"),
        ENC(true, "OK", "$OK#9a"),
        ENC(true, "aaa", "$aaa#23"), /* a '*' would not be shorter */
        ENC(true, "aaaa", "$a* #ab"),
        ENC(true, "aaaaa", "$a*!#ac"),
        ENC(true, "aaaaaa", "$a*\"#ad"),
        ENC(true, "aaaaaaa", "$a*\"a#0e"),   /* 6 repeats would be '#' */
        ENC(true, "aaaaaaaa", "$a*\"aa#6f"), /* 7 repeats would be '$' */
        ENC(true, "aaaaaaaaa", "$a*%#b0"),
        ENC(true, A90 "aaaaaaaa", "$a*~#09"),        /* 98: the longest run */
        ENC(true, A90 "aaaaaaaaa", "$a*~a#6a"),      /* 99 */
        ENC(true, A90 "aaaaaaaaaaaa", "$a*~a* #b4"), /* 102 */
        ENC(true, "0000000000000000", "$0*,#86"),
        ENC(true, "\0\0\0\0\0\0\0\0\0\0", "$\0*&#50"),
        ENC(true, "abbbbbc", "$ab*!c#71"),
        ENC(true, "%%%%", "$%* #6f"),
        ENC(true, "    ", "$ * #6a"),
        /* escaped bytes are never run-length encoded */
        ENC(true, "$$$$", "$}\x04}\x04}\x04}\x04#04"),
        ENC(true, "####", "$}\x03}\x03}\x03}\x03#00"),
        ENC(true, "}}}}", "$}]}]}]}]#68"),
        ENC(true, "****", "$}\x0a}\x0a}\x0a}\x0a#1c"),
        ENC(true, "x}}}}}", "$x}]}]}]}]}]#ba"),
        ENC(false, "aaaaaaaa", "$aaaaaaaa#08"),
        ENC(false, "$#}*", "$}\x04}\x03}]}\x0a#62"),
};

static void check_enc(const struct enc *e)
{
	struct strbuf out = STRBUF_INIT, ev = STRBUF_INIT, pl = STRBUF_INIT;
	struct rsp_decoder d;

	rsp_encode(&out, '$', e->payload, e->payload_len, e->rle);
	ck_assert_uint_eq(out.len, e->wire_len);
	ck_assert_mem_eq(out.buf, e->wire, out.len);

	rsp_decoder_init(&d, RSP_PACKET_SIZE);
	feed(&d, out.buf, out.len, &ev, &pl);
	ck_assert_str_eq(ev.buf, "P");
	ck_assert_uint_eq(pl.len, e->payload_len + 1);
	ck_assert_mem_eq(pl.buf, e->payload, e->payload_len);

	rsp_decoder_release(&d);
	strbuf_release(&out);
	strbuf_release(&ev);
	strbuf_release(&pl);
}

START_TEST(test_encode)
{
	check_enc(&enc_vecs[_i]);
}
END_TEST

START_TEST(test_encode_notification_and_append)
{
	struct strbuf out = STRBUF_INIT;

	strbuf_addc(&out, '+');
	rsp_encode(&out, '$', "OK", 2, false);
	ck_assert_str_eq(out.buf, "+$OK#9a");
	strbuf_reset(&out);
	rsp_encode(&out, '%', "Stop:T05", 8, true);
	ck_assert_str_eq(out.buf, "%Stop:T05#99");
	strbuf_reset(&out);
	rsp_encode(&out, '$', NULL, 0, true);
	ck_assert_str_eq(out.buf, "$#00");
	strbuf_release(&out);
}
END_TEST

/* ---- acks and interrupts -------------------------------------------- */

static const struct vec ack_vecs[] = {
        VEC("+", "+", ""),
        VEC("-", "-", ""),
        VEC("\x03", "I", ""),
        VEC("++-\x03+", "++-I+", ""),
        VEC("\x03$OK#9a", "IP", "OK|"),
        VEC("+$OK#9a-", "+P-", "OK|"),
        VEC("$OK#9a+\x03", "P+I", "OK|"),
        VEC("$\x03+-#5b", "P", "\x03+-|"), /* inside a frame they are data */
};

START_TEST(test_acks)
{
	check_vec(&ack_vecs[_i], RSP_PACKET_SIZE);
}
END_TEST

/* ---- garbage and resynchronisation ---------------------------------- */

static const struct vec garbage_vecs[] = {
        VEC("garbage\r\n$OK#9a", "P", "OK|"),
        VEC("\0\0\xff\x80$OK#9a", "P", "OK|"),
        VEC("#9a$OK#9a", "P", "OK|"), /* a stray frame tail */
        VEC("9a$OK#9a", "P", "OK|"),
        VEC("%Stop:T05#99$OK#9a", "P", "OK|"), /* '%' is not parsed */
        VEC("$ab$OK#9a", "P", "OK|"),          /* '$' in the payload */
        VEC("$$$OK#9a", "P", "OK|"),
        VEC("$ab*$OK#9a", "P", "OK|"),  /* in the run count */
        VEC("$ab#$OK#9a", "P", "OK|"),  /* in the first digit */
        VEC("$ab#9$OK#9a", "P", "OK|"), /* in the second digit */
        VEC("$ab}$OK#9a", "P", "OK|"),  /* after an escape */
        VEC("}*#$OK#9a", "P", "OK|"),   /* specials outside a frame */
};

START_TEST(test_garbage)
{
	check_vec(&garbage_vecs[_i], RSP_PACKET_SIZE);
}
END_TEST

/* ---- over-long frames ----------------------------------------------- */

static const struct vec long_vecs[] = {
        VEC("$abcd#8a", "P", "abcd|"), /* exactly the limit */
        VEC("$abcde#ef", "L", ""),
        VEC("$abcde#ee", "C", ""), /* a bad checksum is reported first */
        VEC("$a*\"#ad", "L", ""),  /* the limit holds for expanded runs */
        VEC("$a* #ab", "P", "aaaa|"),
        VEC("$abcde#ef$abcd#8a", "LP", "abcd|"),
        VEC("$abcde#e$OK#9a", "P", "OK|"),
};

START_TEST(test_too_long)
{
	check_vec(&long_vecs[_i], 4);
}
END_TEST

START_TEST(test_too_long_zero_limit)
{
	static const struct vec zero[] = {
	        VEC("$#00", "P", "|"),
	        VEC("$a#61", "L", ""),
	};

	for (size_t i = 0; i < ARRAY_SIZE(zero); i++)
		check_vec(&zero[i], 0);
}
END_TEST

/* A huge frame never grows the payload buffer much past the limit. */
START_TEST(test_too_long_bounded)
{
	const size_t max = 1000;
	struct strbuf wire = STRBUF_INIT, ev = STRBUF_INIT, pl = STRBUF_INIT;
	struct rsp_decoder d;
	uint8_t sum;

	strbuf_addc(&wire, '$');
	for (int i = 0; i < 100000; i++)
		strbuf_addc(&wire, (char)('a' + i % 26));
	strbuf_adds(&wire, "z*~"); /* a run past the limit too */
	sum = rsp_checksum(wire.buf + 1, wire.len - 1);
	strbuf_addc(&wire, '#');
	strbuf_addhex(&wire, &sum, 1);

	rsp_decoder_init(&d, max);
	feed(&d, wire.buf, wire.len, &ev, &pl);
	ck_assert_str_eq(ev.buf, "L");
	ck_assert_uint_le(d.payload.alloc, 2 * (max + 1));
	rsp_decoder_release(&d);
	strbuf_release(&wire);
	strbuf_release(&ev);
	strbuf_release(&pl);
}
END_TEST

/* The advertised PacketSize is accepted; one byte more is not. */
START_TEST(test_too_long_packet_size)
{
	struct strbuf pay = STRBUF_INIT, wire = STRBUF_INIT, ev = STRBUF_INIT,
	              pl = STRBUF_INIT;
	struct rsp_decoder d;

	strbuf_setlen(&pay, RSP_PACKET_SIZE);
	memset(pay.buf, 'x', pay.len);
	rsp_encode(&wire, '$', pay.buf, pay.len, false);
	rsp_decoder_init(&d, RSP_PACKET_SIZE);
	feed(&d, wire.buf, wire.len, &ev, &pl);
	ck_assert_str_eq(ev.buf, "P");
	ck_assert_uint_eq(d.payload.len, RSP_PACKET_SIZE);

	strbuf_addc(&pay, 'x');
	strbuf_reset(&wire);
	strbuf_reset(&ev);
	rsp_encode(&wire, '$', pay.buf, pay.len, false);
	feed(&d, wire.buf, wire.len, &ev, &pl);
	ck_assert_str_eq(ev.buf, "L");

	rsp_decoder_release(&d);
	strbuf_release(&pay);
	strbuf_release(&wire);
	strbuf_release(&ev);
	strbuf_release(&pl);
}
END_TEST

/* ---- truncated frames followed by a good frame ---------------------- */

static const struct vec truncated_vecs[] = {
        VEC("$OK$g#67", "P", "g|"),
        VEC("$OK#$g#67", "P", "g|"),
        VEC("$OK#9$g#67", "P", "g|"),
        VEC("$a}$g#67", "P", "g|"),
        VEC("$a*$g#67", "P", "g|"),
        VEC("$$g#67", "P", "g|"),
        VEC("$OK#9\r$g#67", "CP", "g|"), /* a non-digit ends the frame */
        VEC("$OK#\n$g#67", "CP", "g|"),
        VEC("$OK", "", ""),
        VEC("$OK#", "", ""),
        VEC("$OK#9", "", ""),
};

START_TEST(test_truncated)
{
	check_vec(&truncated_vecs[_i], RSP_PACKET_SIZE);
}
END_TEST

/* ---- round trip ----------------------------------------------------- */

/* A pseudo-random buffer: uniform bytes, protocol specials, runs or text. */
static void random_buffer(struct strbuf *sb)
{
	static const char specials[] = "$#}*%+-\x03\0a";
	size_t len = rng() % 700;
	unsigned mode = rng() % 4;

	strbuf_reset(sb);
	while (sb->len < len) {
		uint8_t b = (uint8_t)rng();
		size_t run = 1;

		if (mode == 1)
			b = (uint8_t)specials[b % (sizeof(specials) - 1)];
		else if (mode == 2)
			run = 1 + rng() % 200;
		else if (mode == 3)
			b = (uint8_t)(' ' + b % 95);
		while (run-- && sb->len < len)
			strbuf_addc(sb, (char)b);
	}
}

/* What is wrong with an encoded frame's body, or NULL when nothing is. */
static const char *body_fault(const char *w, size_t end)
{
	bool after_raw = false;

	for (size_t i = 1; i < end; i += 2) {
		uint8_t c = (uint8_t)w[i];
		uint8_t next = i + 1 < end ? (uint8_t)w[i + 1] : '#';

		if (c == '$' || c == '#')
			return "raw '$' or '#' in the body";
		if (c == '}' && !memchr("$#}*", next ^ 0x20, 4))
			return "needless or cut escape";
		if (c == '*' && !after_raw)
			return "'*' not after a raw byte";
		if (c == '*' && (next < ' ' || next > '~' || next == '#' || next == '$'))
			return "bad run count";
		after_raw = c != '}' && c != '*';
		if (after_raw)
			i--; /* a raw byte is one byte, the others two */
	}
	return NULL;
}

/* The frame is well formed: no raw '$'/'#', sound escapes and counts. */
static void check_frame(const char *w, size_t len)
{
	size_t end = len - 3;
	uint8_t sum = rsp_checksum(w + 1, end - 1);
	const char *fault = body_fault(w, end);
	char hex[3];

	ck_assert_int_eq(w[0], '$');
	ck_assert_int_eq(w[end], '#');
	snprintf(hex, sizeof(hex), "%02x", sum);
	ck_assert_mem_eq(w + end + 1, hex, 2);
	ck_assert_msg(!fault, "%s", fault);
}

/* Feed bytes that must complete nothing; returns how many reports they gave. */
static int feed_silent(struct rsp_decoder *d, const char *wire, size_t len)
{
	int reports = 0;

	for (size_t i = 0; i < len; i++)
		reports += rsp_decoder_feed(d, (uint8_t)wire[i]) != RSP_IN_NONE;
	return reports;
}

/* Decode one complete frame: exactly one report, on its last byte. */
static void check_decodes_to(struct rsp_decoder *d, const struct strbuf *wire,
                             const struct strbuf *want)
{
	ck_assert_int_eq(feed_silent(d, wire->buf, wire->len - 1), 0);
	ck_assert_int_eq(rsp_decoder_feed(d, (uint8_t)wire->buf[wire->len - 1]),
	                 RSP_IN_PACKET);
	ck_assert_uint_eq(d->payload.len, want->len);
	ck_assert_mem_eq(d->payload.buf, want->buf, want->len);
}

START_TEST(test_round_trip)
{
	struct strbuf in = STRBUF_INIT, plain = STRBUF_INIT, rle = STRBUF_INIT;
	struct rsp_decoder d;

	rng_state = 0x9e3779b97f4a7c15ull;
	rsp_decoder_init(&d, RSP_PACKET_SIZE);
	for (int n = 0; n < 3000; n++) {
		random_buffer(&in);
		strbuf_reset(&plain);
		strbuf_reset(&rle);
		rsp_encode(&plain, '$', in.buf, in.len, false);
		rsp_encode(&rle, '$', in.buf, in.len, true);
		check_frame(plain.buf, plain.len);
		check_frame(rle.buf, rle.len);
		ck_assert_uint_le(rle.len, plain.len);
		check_decodes_to(&d, &plain, &in);
		check_decodes_to(&d, &rle, &in);
	}
	rsp_decoder_release(&d);
	strbuf_release(&in);
	strbuf_release(&plain);
	strbuf_release(&rle);
}
END_TEST

/*
 * Cut a frame at every position: the two halves still decode as one frame,
 * and a frame cut short there and followed by a good one loses only itself.
 */
START_TEST(test_round_trip_split)
{
	struct strbuf in = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	struct strbuf ev = STRBUF_INIT, pl = STRBUF_INIT;
	struct rsp_decoder d;

	rng_state = 0x0123456789abcdefull + (uint64_t)_i;
	rsp_decoder_init(&d, RSP_PACKET_SIZE);
	do
		random_buffer(&in);
	while (in.len < 50);
	rsp_encode(&a, '$', in.buf, in.len, _i % 2);
	rsp_encode(&b, '$', "OK", 2, false);
	for (size_t k = 0; k < a.len; k++) {
		ck_assert_int_eq(feed_silent(&d, a.buf, k), 0);
		strbuf_reset(&ev);
		strbuf_reset(&pl);
		feed(&d, a.buf + k, a.len - k, &ev, &pl);
		ck_assert_str_eq(ev.buf, "P");
		ck_assert_uint_eq(pl.len, in.len + 1);
		ck_assert_mem_eq(pl.buf, in.buf, in.len);

		strbuf_reset(&ev);
		strbuf_reset(&pl);
		feed(&d, a.buf, k, &ev, &pl);
		feed(&d, b.buf, b.len, &ev, &pl);
		ck_assert_str_eq(ev.buf, "P");
		ck_assert_str_eq(pl.buf, "OK|");
	}
	rsp_decoder_release(&d);
	strbuf_release(&in);
	strbuf_release(&a);
	strbuf_release(&b);
	strbuf_release(&ev);
	strbuf_release(&pl);
}
END_TEST

/* ---- encoding in parts --------------------------------------------- */

/* A frame encoded in parts (as rsp_send writes a long reply) is the frame
 * encoded whole, wherever the parts are cut. */
START_TEST(test_encode_in_parts)
{
	static const size_t cuts[] = { 1, 15, 16, 17, 31, 32, 33, 4096 };
	size_t len = 10000;
	uint8_t *p = malloc(len);

	ck_assert_ptr_nonnull(p);
	rng_state = 0x13198a2e03707344ull;
	for (size_t i = 0; i < len; i++)
		p[i] = (uint8_t)rng();
	for (size_t k = 0; k < ARRAY_SIZE(cuts); k++) {
		struct strbuf whole = STRBUF_INIT, parts = STRBUF_INIT;
		uint8_t sum = 0;

		rsp_encode(&whole, '$', p, len, false);
		strbuf_addc(&parts, '$');
		for (size_t off = 0; off < len; off += cuts[k])
			rsp_encode_part(&parts, p + off, len - off < cuts[k] ? len - off : cuts[k],
					&sum, false);
		rsp_encode_end(&parts, sum);
		ck_assert_uint_eq(parts.len, whole.len);
		ck_assert_mem_eq(parts.buf, whole.buf, whole.len);
		strbuf_release(&whole);
		strbuf_release(&parts);
	}
	free(p);
}
END_TEST

/* Run-length encoded in parts (a reply on a pipe or a serial line), a frame
 * decodes to its payload wherever the parts are cut, runs split at a cut
 * included, and is never longer than the plain frame. */
START_TEST(test_encode_in_parts_rle)
{
	static const size_t cuts[] = { 1, 2, 5, 97, 98, 100, 4096 };
	struct strbuf in = STRBUF_INIT;
	struct rsp_decoder d;

	rng_state = 0xa4093822299f31d0ull;
	rsp_decoder_init(&d, RSP_PACKET_SIZE);
	for (int n = 0; n < 200; n++) {
		random_buffer(&in);
		for (size_t k = 0; k < ARRAY_SIZE(cuts); k++) {
			struct strbuf plain = STRBUF_INIT, parts = STRBUF_INIT;
			uint8_t sum = 0;

			rsp_encode(&plain, '$', in.buf, in.len, false);
			strbuf_addc(&parts, '$');
			for (size_t off = 0; off < in.len; off += cuts[k])
				rsp_encode_part(&parts, in.buf + off,
						in.len - off < cuts[k] ? in.len - off : cuts[k],
						&sum, true);
			rsp_encode_end(&parts, sum);
			check_frame(parts.buf, parts.len);
			ck_assert_uint_le(parts.len, plain.len);
			check_decodes_to(&d, &parts, &in);
			strbuf_release(&plain);
			strbuf_release(&parts);
		}
	}
	rsp_decoder_release(&d);
	strbuf_release(&in);
}
END_TEST

/* ---- suite ---------------------------------------------------------- */

static TCase *tcase(Suite *s, const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	return tc;
}

#define LOOP(tc, fn, table) tcase_add_loop_test(tc, fn, 0, (int)ARRAY_SIZE(table))

static Suite *rsp_codec_suite(void)
{
	Suite *s = suite_create("rsp_codec");
	TCase *tc;

	tc = tcase(s, "framing");
	LOOP(tc, test_framing, framing_vecs);
	tcase_add_test(tc, test_framing_report_on_last_byte);
	tc = tcase(s, "checksum");
	LOOP(tc, test_checksum_frames, checksum_vecs);
	tcase_add_test(tc, test_checksum_values);
	tc = tcase(s, "escapes");
	LOOP(tc, test_escapes, escape_vecs);
	tc = tcase(s, "rle_decode");
	LOOP(tc, test_rle_decode, rle_decode_vecs);
	tc = tcase(s, "encode");
	LOOP(tc, test_encode, enc_vecs);
	tcase_add_test(tc, test_encode_notification_and_append);
	tcase_add_test(tc, test_encode_in_parts);
	tcase_add_test(tc, test_encode_in_parts_rle);
	tc = tcase(s, "acks_interrupt");
	LOOP(tc, test_acks, ack_vecs);
	tc = tcase(s, "garbage_resync");
	LOOP(tc, test_garbage, garbage_vecs);
	tc = tcase(s, "too_long");
	LOOP(tc, test_too_long, long_vecs);
	tcase_add_test(tc, test_too_long_zero_limit);
	tcase_add_test(tc, test_too_long_bounded);
	tcase_add_test(tc, test_too_long_packet_size);
	tc = tcase(s, "truncated");
	LOOP(tc, test_truncated, truncated_vecs);
	tc = tcase(s, "round_trip");
	tcase_add_test(tc, test_round_trip);
	tcase_add_loop_test(tc, test_round_trip_split, 0, 6);
	return s;
}

int main(void)
{
	return run_suite(rsp_codec_suite());
}
