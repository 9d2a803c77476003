/* hex — see hex.h for the contract. */
#include "hex.h"

#include <errno.h>

static const char digits[] = "0123456789abcdef";

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

void hex_encode(char *out, const void *data, size_t len)
{
	const uint8_t *d = data;

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
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
