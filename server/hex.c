/* hex — see hex.h for the contract. */
#include "hex.h"

#include <errno.h>
#include <string.h>

int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The two digits of every byte value, in output order: one load per byte
 * (the tail that hex16() leaves). */
static const char pairs[256][2] = {
#define P4(h) { h, '0' }, { h, '1' }, { h, '2' }, { h, '3' }, { h, '4' }, { h, '5' }, \
	      { h, '6' }, { h, '7' }, { h, '8' }, { h, '9' }, { h, 'a' }, { h, 'b' }, \
	      { h, 'c' }, { h, 'd' }, { h, 'e' }, { h, 'f' }
	P4('0'), P4('1'), P4('2'), P4('3'), P4('4'), P4('5'), P4('6'), P4('7'),
	P4('8'), P4('9'), P4('a'), P4('b'), P4('c'), P4('d'), P4('e'), P4('f'),
#undef P4
};

/*
 * Sixteen bytes to their 32 digits with GCC vector extensions (SSE2 on
 * x86-64, NEON where the ARM build has it, plain integer code elsewhere):
 * each nibble becomes '0' + n, plus 'a' - '0' - 10 where n > 9, and the
 * high and low digits are interleaved.
 */
typedef uint8_t hex_v16 __attribute__((vector_size(16)));

static hex_v16 nibble_digits(hex_v16 n)
{
	return n + '0' + ((hex_v16)(n > 9) & (uint8_t)('a' - '0' - 10));
}

/* __builtin_shufflevector: GCC (12 and later) and clang alike */
static void hex16(char *out, const uint8_t *in)
{
	hex_v16 v, hi, lo, a, b;

	memcpy(&v, in, sizeof(v));
	hi = nibble_digits(v >> 4);
	lo = nibble_digits(v & 15);
	a = __builtin_shufflevector(hi, lo, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7,
	                            23);
	b = __builtin_shufflevector(hi, lo, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14,
	                            30, 15, 31);
	memcpy(out, &a, sizeof(a));
	memcpy(out + 16, &b, sizeof(b));
}

void hex_encode(char *out, const void *data, size_t len)
{
	const uint8_t *d = data;
	size_t i = 0;

	for (; len - i >= 16; i += 16)
		hex16(out + 2 * i, d + i);
	for (; i < len; i++)
		memcpy(out + 2 * i, pairs[d[i]], 2);
}

int hex_decode(void *out, const char *in, size_t len)
{
	uint8_t *o = out;

	for (size_t i = 0; i < len; i++) {
		int hi = hex_digit(in[2 * i]);
		int lo = hi < 0 ? -1 : hex_digit(in[2 * i + 1]);

		if (lo < 0)
			return -EINVAL;
		o[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int hex_parse_u64(const char **p, const char *end, uint64_t *val)
{
	const char *s = *p;
	uint64_t v = 0;
	int d;

	if (s >= end || hex_digit(*s) < 0)
		return -EINVAL;
	for (; s < end && (d = hex_digit(*s)) >= 0; s++) {
		if (v >> 60)
			return -EINVAL;
		v = v << 4 | (uint64_t)d;
	}
	*p = s;
	*val = v;
	return 0;
}
