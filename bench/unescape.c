/*
 * unescape — see unescape.h for the contract.
 *
 * A block's '}' mask is split in halves. The low half's row of `lo` (by its
 * 8-bit mask) lists, for each output byte, the wire lane it comes from (an
 * escape's second byte, XORed with 0x20 by the row's patch; the partner of a
 * '}' in lane 7 is lane 8), the high half's row of `hi` the same for lanes
 * 8..15, indexed by its mask and whether lane 8 was already taken.
 */
#include "unescape.h"

#include <stdint.h>

#if defined(__x86_64__)
#include <immintrin.h>

struct row {
	uint8_t shuf[16], patch[16], len;
};

static struct row lo[256], hi[512];
static int have_ssse3 = -1;

/* Lanes [from, 16) with '}' where mask (bit k: lane k) says, none in lane 15
 * nor two in a row, stopping at lane `stop` unless it is an escape's partner. */
static void build_row(struct row *r, unsigned mask, unsigned from, unsigned stop)
{
	unsigned j = 0;

	for (unsigned i = from; i < stop; i++) {
		if (mask >> i & 1) {
			r->patch[j] = 0x20;
			i++;
		}
		r->shuf[j++] = (uint8_t)i;
	}
	r->len = (uint8_t)j;
	for (; j < 16; j++)
		r->shuf[j] = 0x80;
}

static void build_tables(void)
{
	for (unsigned m = 0; m < 256; m++) {
		build_row(&lo[m], m, 0, 8);
		build_row(&hi[m], m << 8, 8, 16);
		build_row(&hi[m | 256], m << 8, 9, 16);
	}
	__builtin_cpu_init();
	have_ssse3 = __builtin_cpu_supports("ssse3");
}

__attribute__((target("ssse3"))) static char *put_row(char *o, __m128i v, const struct row *r)
{
	__m128i x = _mm_shuffle_epi8(v, _mm_loadu_si128((const __m128i *)r->shuf));

	_mm_storeu_si128((__m128i *)o, _mm_xor_si128(x, _mm_loadu_si128((const __m128i *)r->patch)));
	return o + r->len;
}

__attribute__((target("ssse3"))) static size_t blocks_ssse3(char *out, const char *p,
							     size_t len, size_t *made)
{
	const __m128i brace = _mm_set1_epi8('}'), star = _mm_set1_epi8('*');
	const __m128i hash = _mm_set1_epi8('#');
	char *o = out;
	size_t i = 0;

	for (; len - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(p + i));
		unsigned esc = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, brace));
		unsigned other = (unsigned)_mm_movemask_epi8(
			_mm_or_si128(_mm_cmpeq_epi8(v, star), _mm_cmpeq_epi8(v, hash)));

		if (!(esc | other)) {
			_mm_storeu_si128((__m128i *)o, v);
			o += 16;
			continue;
		}
		if (other || esc & 0x8000 || esc & esc << 1)
			break;
		o = put_row(o, v, &lo[esc & 0xff]);
		o = put_row(o, v, &hi[(esc >> 8) | (esc >> 7 & 1) << 8]);
	}
	*made = (size_t)(o - out);
	return i;
}

size_t unescape_blocks(char *out, const char *p, size_t len, size_t *made)
{
	if (have_ssse3 < 0)
		build_tables();
	if (!have_ssse3) {
		*made = 0;
		return 0;
	}
	return blocks_ssse3(out, p, len, made);
}
#else
size_t unescape_blocks(char *out, const char *p, size_t len, size_t *made)
{
	(void)out, (void)p, (void)len;
	*made = 0;
	return 0;
}
#endif
