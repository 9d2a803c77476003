/*
 * test_rsp_escape — unit tests for server/rsp_escape.c.
 *
 * Contract: every implementation the CPU can run (the portable one always,
 * SSSE3 on x86-64 CPUs that have it) and the dispatcher are held to a
 * byte-at-a-time reference written here: the same bytes, the same checksum,
 * the same length. Their output buffer is allocated at exactly 2 * len
 * bytes, so a store past the contract's room is caught by the ASan build.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "rsp_escape.h"

#include "check_main.h"
#include "test_rng.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

typedef size_t escape_fn(char *out, const void *payload, size_t len, uint8_t *sum);

static const struct impl {
	const char *name;
	escape_fn *fn;
	bool (*usable)(void);
} impls[] = {
	{ "dispatch", rsp_escape, NULL },
	{ "portable", rsp_escape_portable, NULL },
#if defined(__x86_64__)
	{ "ssse3", rsp_escape_ssse3, rsp_escape_has_ssse3 },
#endif
};

/* p[0..len) escaped one byte at a time into out; its length. */
static size_t reference(char *out, const uint8_t *p, size_t len, uint8_t *sum)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		bool esc = p[i] == '$' || p[i] == '#' || p[i] == '}' || p[i] == '*';

		if (esc)
			out[o++] = '}';
		out[o++] = (char)(esc ? p[i] ^ 0x20 : p[i]);
	}
	for (size_t i = 0; i < o; i++)
		*sum += (uint8_t)out[i];
	return o;
}

/* Every usable implementation against the reference, for p[0..len), with
 * a checksum that starts at `sum0`. */
static void check_all(const uint8_t *p, size_t len, uint8_t sum0)
{
	char *want = malloc(2 * len + 1);
	uint8_t want_sum = sum0;
	size_t want_len = reference(want, p, len, &want_sum);

	ck_assert_ptr_nonnull(want);
	for (size_t k = 0; k < ARRAY_SIZE(impls); k++) {
		char *got;
		uint8_t sum = sum0;
		size_t n;

		if (impls[k].usable && !impls[k].usable())
			continue;
		got = malloc(len ? 2 * len : 1);
		ck_assert_ptr_nonnull(got);
		n = impls[k].fn(got, p, len, &sum);
		ck_assert_msg(n == want_len, "%s: length %zu, want %zu (len %zu)", impls[k].name,
			      n, want_len, len);
		ck_assert_msg(!memcmp(got, want, n), "%s: bytes differ (len %zu)", impls[k].name,
			      len);
		ck_assert_msg(sum == want_sum, "%s: sum %02x, want %02x (len %zu)",
			      impls[k].name, sum, want_sum, len);
		free(got);
	}
	free(want);
}

/* Every length up to four blocks, at every alignment, with special bytes at
 * every position (one alone, or two: a second right after it or in the next
 * half-block): clean blocks, flagged blocks and the byte-by-byte tail all meet
 * the reference. */
START_TEST(test_special_everywhere)
{
	static const uint8_t specials[] = { '$', '#', '}', '*' };
	static const size_t second[] = { 0, 1, 9 }; /* 0: no second special */
	uint8_t buf[16 + 64];

	for (size_t align = 0; align < 16; align++)
		for (size_t len = 0; len <= 64; len++)
			for (size_t at = 0; at <= len; at++)
				for (size_t k = 0; k < ARRAY_SIZE(second); k++) {
					uint8_t *p = buf + align;

					for (size_t i = 0; i < len; i++)
						p[i] = (uint8_t)('A' + i);
					if (at < len)
						p[at] = specials[(align + at) % 4];
					if (second[k] && at + second[k] < len)
						p[at + second[k]] = specials[(at + k) % 4];
					check_all(p, len, (uint8_t)(at * 7));
				}
}
END_TEST

/* Every escape pattern of an 8-byte half (all 256), in both halves of a
 * block, with the other half clean or full of escapes. */
START_TEST(test_every_half_pattern)
{
	uint8_t p[32];

	for (unsigned m = 0; m < 256; m++)
		for (unsigned half = 0; half < 2; half++)
			for (unsigned other = 0; other < 2; other++) {
				for (unsigned i = 0; i < 32; i++)
					p[i] = (uint8_t)(0x40 + i);
				for (unsigned i = 0; i < 8; i++) {
					if (m >> i & 1)
						p[8 * half + i] = (uint8_t) "$#}*"[(i + m) % 4];
					if (other)
						p[8 * (1 - half) + i] = '}';
				}
				check_all(p, sizeof(p), 0);
			}
}
END_TEST

/* Long buffers: many blocks in a row (the portable path folds its checksum
 * lanes every 128 blocks), all 256 byte values, escapes dense and sparse. */
START_TEST(test_long_buffers)
{
	static const size_t lens[] = { 1023,	 1024,	       1025,	      16 * 128 - 1,
				       16 * 128, 16 * 128 + 1, 16 * 256 + 31, 70001 };
	uint8_t *p = malloc(70001);

	ck_assert_ptr_nonnull(p);
	rng_state = 0x243f6a8885a308d3ull + (uint64_t)_i;
	for (size_t k = 0; k < ARRAY_SIZE(lens); k++) {
		for (size_t i = 0; i < lens[k]; i++) {
			uint8_t b = (uint8_t)rng();

			/* _i 0: uniform; 1: 0xff only (largest lane sums); 2: no escapes;
			 * 3: escapes only */
			p[i] = _i == 0	 ? b
			       : _i == 1 ? 0xff
			       : _i == 2 ? (uint8_t)(b | 0x80)
					 : (uint8_t) "$#}*"[b % 4];
		}
		check_all(p, lens[k], (uint8_t)k);
	}
	free(p);
}
END_TEST

static Suite *rsp_escape_suite(void)
{
	Suite *s = suite_create("rsp_escape");
	TCase *tc = tcase_create("escape");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_special_everywhere);
	tcase_add_test(tc, test_every_half_pattern);
	tcase_add_loop_test(tc, test_long_buffers, 0, 4);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(rsp_escape_suite());
}
