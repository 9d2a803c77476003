/*
 * test_hex — unit tests for server/hex.c and server/strbuf.c.
 *
 * Contract: table-driven; every expected value is a literal worked out by
 * hand. Malformed hex must give -EINVAL and leave the cursor where it was;
 * a strbuf must stay NUL-terminated and never be NULL through every call.
 */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "strbuf.h"

#include "check_main.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- hex_digit ------------------------------------------------------ */

static int expected_digit(int c)
{
	static const char lower[] = "0123456789abcdef", upper[] = "0123456789ABCDEF";

	for (int i = 0; i < 16; i++)
		if (c == lower[i] || c == upper[i])
			return i;
	return -1;
}

START_TEST(test_hex_digit_all_chars)
{
	for (int c = 0; c < 256; c++)
		ck_assert_int_eq(hex_digit((char)c), expected_digit(c));
}
END_TEST

START_TEST(test_hex_digit_edges)
{
	ck_assert_int_eq(hex_digit('0'), 0);
	ck_assert_int_eq(hex_digit('9'), 9);
	ck_assert_int_eq(hex_digit('a'), 10);
	ck_assert_int_eq(hex_digit('F'), 15);
	ck_assert_int_eq(hex_digit('/'), -1);
	ck_assert_int_eq(hex_digit(':'), -1);
	ck_assert_int_eq(hex_digit('@'), -1);
	ck_assert_int_eq(hex_digit('G'), -1);
	ck_assert_int_eq(hex_digit('`'), -1);
	ck_assert_int_eq(hex_digit('g'), -1);
	ck_assert_int_eq(hex_digit('\0'), -1);
	ck_assert_int_eq(hex_digit((char)0xb0), -1); /* negative as a char */
}
END_TEST

/* ---- hex_encode / hex_decode ---------------------------------------- */

START_TEST(test_hex_encode)
{
	static const uint8_t in[] = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
	char out[16];

	memset(out, '#', sizeof(out));
	hex_encode(out, in, sizeof(in));
	ck_assert_mem_eq(out, "00017f80abff", 12);
	ck_assert_int_eq(out[12], '#'); /* no NUL written */

	memset(out, '#', sizeof(out));
	hex_encode(out, in, 0);
	ck_assert_int_eq(out[0], '#');
}
END_TEST

/* The pair table against printf, for every byte value and every alignment. */
START_TEST(test_hex_encode_all_bytes)
{
	uint8_t in[256 + 7];
	char out[2 * 256 + 1], want[3];

	for (size_t off = 0; off < 8; off++) {
		for (int i = 0; i < 256; i++)
			in[off + (size_t)i] = (uint8_t)i;
		hex_encode(out, in + off, 256);
		for (int i = 0; i < 256; i++) {
			snprintf(want, sizeof(want), "%02x", i);
			ck_assert_mem_eq(out + 2 * i, want, 2);
		}
	}
}
END_TEST

/* Every length up to three blocks: the 16-byte blocks and the tail meet
 * at every position, and nothing is written past 2 * len. */
START_TEST(test_hex_encode_lengths)
{
	uint8_t in[48];
	char out[2 * sizeof(in) + 1], want[3];

	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(i * 37 + 11);
	for (size_t len = 0; len <= sizeof(in); len++) {
		memset(out, '#', sizeof(out));
		hex_encode(out, in, len);
		for (size_t i = 0; i < len; i++) {
			snprintf(want, sizeof(want), "%02x", in[i]);
			ck_assert_mem_eq(out + 2 * i, want, 2);
		}
		ck_assert_int_eq(out[2 * len], '#');
	}
}
END_TEST

struct decode_vec {
	const char *in;
	int ret;
	uint8_t out[4];
};

static const struct decode_vec decode_vecs[] = {
        {"00017fff", 0, {0x00, 0x01, 0x7f, 0xff}},
        {"ABcdEf01", 0, {0xab, 0xcd, 0xef, 0x01}},
        {"0g000000", -EINVAL, {0}},
        {"g0000000", -EINVAL, {0}},
        {"000000 0", -EINVAL, {0}},
        {"0000000x", -EINVAL, {0}},
        {"-1000000", -EINVAL, {0}},
        {"0x000000", -EINVAL, {0}},
        {"000000\0\0", -EINVAL, {0}},
};

START_TEST(test_hex_decode)
{
	const struct decode_vec *v = &decode_vecs[_i];
	uint8_t out[4];

	ck_assert_int_eq(hex_decode(out, v->in, sizeof(out)), v->ret);
	if (!v->ret)
		ck_assert_mem_eq(out, v->out, sizeof(out));
}
END_TEST

START_TEST(test_hex_decode_bounds)
{
	uint8_t out[2] = {0x55, 0x55};

	/* only 2*len digits are read: the 'z' after them is never looked at */
	ck_assert_int_eq(hex_decode(out, "12z", 1), 0);
	ck_assert_uint_eq(out[0], 0x12);
	ck_assert_uint_eq(out[1], 0x55);
	ck_assert_int_eq(hex_decode(out, "zz", 0), 0);
}
END_TEST

START_TEST(test_hex_round_trip)
{
	uint8_t in[256], back[256];
	char hex[512];

	for (int i = 0; i < 256; i++)
		in[i] = (uint8_t)i;
	hex_encode(hex, in, sizeof(in));
	ck_assert_int_eq(hex_decode(back, hex, sizeof(back)), 0);
	ck_assert_mem_eq(back, in, sizeof(in));
}
END_TEST

/* ---- hex_parse_u64 -------------------------------------------------- */

struct parse_vec {
	const char *in;
	size_t len; /* how much of `in` the parser may see */
	int ret;
	uint64_t val;
	size_t used; /* digits consumed when ret == 0 */
};

#define PV(s, ret, val, used)                                                            \
	{                                                                                \
		s, sizeof(s) - 1, ret, val, used                                         \
	}

static const struct parse_vec parse_vecs[] = {
        PV("", -EINVAL, 0, 0),
        PV("0", 0, 0, 1),
        PV("1f", 0, 0x1f, 2),
        PV("FfAa", 0, 0xffaa, 4),
        PV("1000,4", 0, 0x1000, 4),
        PV("12:", 0, 0x12, 2),
        PV("7fffffffffffffff", 0, 0x7fffffffffffffffull, 16),
        PV("ffffffffffffffff", 0, 0xffffffffffffffffull, 16),
        PV("10000000000000000", -EINVAL, 0, 0), /* 17 digits */
        PV("fffffffffffffffff", -EINVAL, 0, 0),
        PV("00000000000000000001", 0, 1, 20), /* leading zeros do not overflow */
        PV("xyz", -EINVAL, 0, 0),
        PV("-1", -EINVAL, 0, 0),
        PV(",12", -EINVAL, 0, 0),
        PV(" 12", -EINVAL, 0, 0),
        {"1234", 2, 0, 0x12, 2}, /* the end bound is respected */
        {"1234", 0, -EINVAL, 0, 0},
        {"ffffffffffffffff1", 16, 0, 0xffffffffffffffffull, 16},
};

START_TEST(test_hex_parse_u64)
{
	const struct parse_vec *v = &parse_vecs[_i];
	const char *p = v->in;
	uint64_t val = 0xdeadbeef;
	int ret = hex_parse_u64(&p, v->in + v->len, &val);

	ck_assert_int_eq(ret, v->ret);
	if (ret) {
		ck_assert_ptr_eq(p, v->in); /* the cursor does not move */
		return;
	}
	ck_assert_uint_eq(val, v->val);
	ck_assert_uint_eq((size_t)(p - v->in), v->used);
}
END_TEST

START_TEST(test_hex_parse_u64_sequence)
{
	static const char s[] = "m1000,4";
	const char *p = s + 1, *end = s + sizeof(s) - 1;
	uint64_t addr, len;

	ck_assert_int_eq(hex_parse_u64(&p, end, &addr), 0);
	ck_assert_int_eq(*p++, ',');
	ck_assert_int_eq(hex_parse_u64(&p, end, &len), 0);
	ck_assert_ptr_eq(p, end);
	ck_assert_uint_eq(addr, 0x1000);
	ck_assert_uint_eq(len, 4);
	ck_assert_int_eq(hex_parse_u64(&p, end, &len), -EINVAL);
}
END_TEST

/* ---- strbuf --------------------------------------------------------- */

static void check_sane(const struct strbuf *sb)
{
	ck_assert_ptr_nonnull(sb->buf);
	ck_assert_int_eq(sb->buf[sb->len], '\0');
	if (sb->alloc)
		ck_assert_uint_lt(sb->len, sb->alloc);
	else
		ck_assert_uint_eq(sb->len, 0);
}

START_TEST(test_strbuf_init)
{
	struct strbuf a = STRBUF_INIT, b;

	check_sane(&a);
	ck_assert_str_eq(a.buf, "");
	strbuf_init(&b, 0);
	check_sane(&b);
	ck_assert_uint_eq(b.alloc, 0);
	strbuf_init(&b, 100);
	check_sane(&b);
	ck_assert_uint_ge(b.alloc, 101);
	ck_assert_uint_eq(b.len, 0);
	strbuf_release(&b);
	check_sane(&b);
	ck_assert_uint_eq(b.alloc, 0);
	strbuf_release(&b); /* twice is harmless */
	strbuf_release(&a);
}
END_TEST

START_TEST(test_strbuf_grow)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_grow(&sb, 0);
	check_sane(&sb);
	ck_assert_uint_ge(sb.alloc, 1);
	strbuf_grow(&sb, 1000);
	ck_assert_uint_ge(sb.alloc, 1001);
	check_sane(&sb);
	for (int i = 0; i < 100000; i++)
		strbuf_addc(&sb, (char)('a' + i % 26));
	check_sane(&sb);
	ck_assert_uint_eq(sb.len, 100000);
	ck_assert_int_eq(sb.buf[99999], 'a' + 99999 % 26);
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_strbuf_add)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add(&sb, "a\0b", 3);
	ck_assert_uint_eq(sb.len, 3);
	ck_assert_mem_eq(sb.buf, "a\0b", 4);
	strbuf_addc(&sb, '\0');
	strbuf_adds(&sb, "cd");
	ck_assert_uint_eq(sb.len, 6);
	ck_assert_mem_eq(sb.buf, "a\0b\0cd", 7);
	strbuf_add(&sb, NULL, 0);
	strbuf_adds(&sb, "");
	ck_assert_uint_eq(sb.len, 6);
	check_sane(&sb);
	strbuf_reset(&sb);
	check_sane(&sb);
	ck_assert_str_eq(sb.buf, "");
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_strbuf_addf)
{
	struct strbuf sb = STRBUF_INIT;
	char big[300];

	strbuf_addf(&sb, "%s", ""); /* nothing to add: stays unallocated */
	check_sane(&sb);
	ck_assert_uint_eq(sb.len, 0);
	strbuf_addf(&sb, "T%02xthread:%x;", 5, 0x1234);
	ck_assert_str_eq(sb.buf, "T05thread:1234;");
	ck_assert_uint_eq(sb.len, 15);
	/* longer than what is left: the second vsnprintf path */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	strbuf_addf(&sb, "<%s>", big);
	ck_assert_uint_eq(sb.len, 15 + 301);
	ck_assert_int_eq(sb.buf[15], '<');
	ck_assert_int_eq(sb.buf[15 + 300], '>');
	check_sane(&sb);
	/* exactly filling what is left, then one more */
	strbuf_reset(&sb);
	strbuf_setlen(&sb, sb.alloc - 4);
	strbuf_addf(&sb, "%s", "abc");
	check_sane(&sb);
	strbuf_addf(&sb, "%d", 7);
	ck_assert_mem_eq(sb.buf + sb.len - 4, "abc7", 5);
	check_sane(&sb);
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_strbuf_addhex)
{
	struct strbuf sb = STRBUF_INIT;
	static const uint8_t b[] = {0xde, 0xad, 0x00, 0x0f};

	strbuf_addhex(&sb, b, 0);
	check_sane(&sb);
	strbuf_addc(&sb, 'E');
	strbuf_addhex(&sb, b, sizeof(b));
	ck_assert_str_eq(sb.buf, "Edead000f");
	check_sane(&sb);
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_strbuf_addxml)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addxml(&sb, "");
	check_sane(&sb);
	strbuf_addxml(&sb, "<a b=\"c\">x & 'y'</a>");
	ck_assert_str_eq(sb.buf,
	                 "&lt;a b=&quot;c&quot;&gt;x &amp; &apos;y&apos;&lt;/a&gt;");
	strbuf_reset(&sb);
	strbuf_addxml(&sb, "plain/lib.so");
	ck_assert_str_eq(sb.buf, "plain/lib.so");
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_strbuf_detach)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = 99;
	char *p;

	p = strbuf_detach(&sb, &len); /* never allocated: still a freeable "" */
	ck_assert_uint_eq(len, 0);
	ck_assert_str_eq(p, "");
	ck_assert_ptr_ne(p, strbuf_empty);
	free(p);
	check_sane(&sb);

	strbuf_add(&sb, "a\0b", 3);
	p = strbuf_detach(&sb, &len);
	ck_assert_uint_eq(len, 3);
	ck_assert_mem_eq(p, "a\0b", 4);
	ck_assert_uint_eq(sb.len, 0);
	ck_assert_uint_eq(sb.alloc, 0);
	check_sane(&sb);
	free(p);

	strbuf_adds(&sb, "x");
	p = strbuf_detach(&sb, NULL);
	ck_assert_str_eq(p, "x");
	free(p);
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_strbuf_setlen)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_setlen(&sb, 0); /* no allocation for nothing */
	ck_assert_uint_eq(sb.alloc, 0);
	check_sane(&sb);
	strbuf_adds(&sb, "hello");
	strbuf_setlen(&sb, 2);
	ck_assert_str_eq(sb.buf, "he");
	check_sane(&sb);
	strbuf_setlen(&sb, 500); /* grows; contents past 2 are the caller's */
	ck_assert_uint_eq(sb.len, 500);
	check_sane(&sb);
	ck_assert_mem_eq(sb.buf, "he", 2);
	strbuf_setlen(&sb, 0);
	ck_assert_str_eq(sb.buf, "");
	strbuf_release(&sb);

	strbuf_setlen(&sb, 10); /* from unallocated straight to a length */
	ck_assert_uint_eq(sb.len, 10);
	check_sane(&sb);
	strbuf_release(&sb);
}
END_TEST

/* An impossible size aborts (the contract for allocation failure). */
START_TEST(test_strbuf_grow_overflow)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addc(&sb, 'x');
	strbuf_grow(&sb, SIZE_MAX);
}
END_TEST

/* ---- suite ---------------------------------------------------------- */

static Suite *hex_suite(void)
{
	Suite *s = suite_create("hex");
	TCase *tc;

	tc = tcase_create("hex_digit");
	tcase_add_test(tc, test_hex_digit_all_chars);
	tcase_add_test(tc, test_hex_digit_edges);
	suite_add_tcase(s, tc);

	tc = tcase_create("hex_encode_decode");
	tcase_add_test(tc, test_hex_encode);
	tcase_add_test(tc, test_hex_encode_all_bytes);
	tcase_add_test(tc, test_hex_encode_lengths);
	tcase_add_loop_test(tc, test_hex_decode, 0, (int)ARRAY_SIZE(decode_vecs));
	tcase_add_test(tc, test_hex_decode_bounds);
	tcase_add_test(tc, test_hex_round_trip);
	suite_add_tcase(s, tc);

	tc = tcase_create("hex_parse_u64");
	tcase_add_loop_test(tc, test_hex_parse_u64, 0, (int)ARRAY_SIZE(parse_vecs));
	tcase_add_test(tc, test_hex_parse_u64_sequence);
	suite_add_tcase(s, tc);

	tc = tcase_create("strbuf");
	tcase_add_test(tc, test_strbuf_init);
	tcase_add_test(tc, test_strbuf_grow);
	tcase_add_test(tc, test_strbuf_add);
	tcase_add_test(tc, test_strbuf_addf);
	tcase_add_test(tc, test_strbuf_addhex);
	tcase_add_test(tc, test_strbuf_addxml);
	tcase_add_test(tc, test_strbuf_detach);
	tcase_add_test(tc, test_strbuf_setlen);
	if (!getenv("CK_FORK") || strcmp(getenv("CK_FORK"), "no"))
		tcase_add_test_raise_signal(tc, test_strbuf_grow_overflow, SIGABRT);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(hex_suite());
}
