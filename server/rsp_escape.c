/*
 * rsp_escape — see rsp_escape.h for the contract.
 *
 * Both implementations rest on two facts. The four bytes that need escaping
 * all have bit 5 set, so an escaped byte b is written as '}' and b - 32: the
 * pair adds b + ('}' - 32) to the checksum, and the sum of a block's output
 * is the sum of its input plus that constant per escape. And on ordinary
 * data (code, zeros, text) a 16-byte block almost never holds one of the
 * four, so a block without one is copied whole and the rest are the slow
 * path; on random data one block in five has one.
 */
#include "rsp_escape.h"

#include <string.h>

#define ESCAPE RSP_ESCAPE_BYTE
#define ESCAPE_ADDS ((uint8_t)(ESCAPE - 0x20)) /* checksum added per escape */

/* Write byte b, escaped if it must be, at *o; add what is written to *s. */
static void put_escaped(char **o, uint8_t b, uint8_t *s)
{
	if (rsp_needs_escape(b)) {
		*(*o)++ = ESCAPE;
		*s += ESCAPE;
		b ^= 0x20;
	}
	*(*o)++ = (char)b;
	*s += b;
}

/*
 * Block-at-a-time escaping: sixteen payload bytes are compared with the four
 * bytes that need escaping at once (GCC vector extensions: SSE2 on x86-64,
 * NEON where the ARM build has it, plain integer code elsewhere) and summed
 * whole, in sixteen lanes mod 256; a block is written with 16-byte stores,
 * one more after each escape. Those loads and stores may run up to 16
 * bytes past the block, so blocks are taken while 32 payload bytes remain
 * (the output, with room for 2 * len, then has room for them too); the
 * tail goes byte by byte.
 */
typedef uint8_t block_u8 __attribute__((vector_size(16)));
typedef uint64_t block_u64 __attribute__((vector_size(16)));

#define HIGHS 0x8080808080808080ull

/* The lanes of v that need escaping, 0xff each. */
static block_u64 escape_lanes(block_u8 v)
{
	return (block_u64)((v == '$') | (v == '#') | (v == ESCAPE) | (v == '*'));
}

/* The first (lowest-addressed) lane whose high bit is set in w, w != 0,
 * and that lane's high bit. */
static unsigned first_lane(uint64_t w)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (unsigned)__builtin_ctzll(w) / 8;
#else
	return (unsigned)__builtin_clzll(w) / 8;
#endif
}

static uint64_t lane_bit(unsigned lane)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return 0x80ull << (8 * lane);
#else
	return 0x80ull << (56 - 8 * lane);
#endif
}

static void copy16(char *o, const uint8_t *p)
{
	block_u8 v;

	memcpy(&v, p, 16);
	memcpy(o, &v, 16);
}

/* Write the block p[0..16) with its escapes (lanes m) at o; returns the end.
 * *s gets what the escapes add to the block's own sum. */
static char *escape_block(char *o, const uint8_t *p, block_u64 m, uint8_t *s)
{
	unsigned done = 0;

	for (int h = 0; h < 2; h++) {
		uint64_t w = m[h] & HIGHS;

		while (w) {
			unsigned k = 8 * (unsigned)h + first_lane(w);
			uint8_t b = p[k];

			w &= ~lane_bit(k - 8 * (unsigned)h);
			copy16(o, p + done);
			o += k - done;
			*o++ = ESCAPE;
			*o++ = (char)(b ^ 0x20);
			*s += ESCAPE_ADDS;
			done = k + 1;
		}
	}
	copy16(o, p + done);
	return o + 16 - done;
}

size_t rsp_escape_portable(char *out, const void *payload, size_t len, uint8_t *sum)
{
	const uint8_t *p = payload;
	block_u8 acc = {0}; /* each lane sums its bytes mod 256: all a checksum needs */
	char *o = out;
	uint8_t s = *sum;
	size_t i = 0;

	for (; len - i >= 32; i += 16) {
		block_u8 v;
		block_u64 m;

		memcpy(&v, p + i, 16);
		m = escape_lanes(v);
		if (m[0] | m[1]) {
			o = escape_block(o, p + i, m, &s);
		} else {
			memcpy(o, &v, 16);
			o += 16;
		}
		acc += v;
	}
	for (size_t k = 0; k < sizeof(acc); k++)
		s += acc[k];
	for (; i < len; i++)
		put_escaped(&o, p[i], &s);
	*sum = s;
	return (size_t)(o - out);
}


#if defined(__x86_64__)
#include <immintrin.h>

/*
 * SSSE3. Each 16-byte block is compared with the four bytes at once; a
 * block without any is stored whole. A block with some is written as two
 * 8-byte halves, each by one byte shuffle: the half's escape mask (8 bits)
 * selects a row of `expand`, the source lane of every output byte (an
 * escaped byte's lane twice, the first time as 0x80, which the shuffle
 * turns into 0), and a row of `patch`, XORed on top: '}' over those zeros
 * and 0x20 over the escaped byte. The input's sum is taken whole with
 * PSADBW and the escapes' share added at the end (ESCAPE_ADDS each).
 */
static struct {
	uint8_t expand[256][16];
	uint8_t patch[256][16];
	uint8_t len[256]; /* output bytes of a half: 8 + escapes */
} tbl;

static void build_tables(void)
{
	for (unsigned m = 0; m < 256; m++) {
		unsigned j = 0;

		for (unsigned i = 0; i < 8; i++) {
			if (m >> i & 1) {
				tbl.expand[m][j] = 0x80;
				tbl.patch[m][j++] = ESCAPE;
				tbl.patch[m][j] = 0x20;
			}
			tbl.expand[m][j++] = (uint8_t)i;
		}
		tbl.len[m] = (uint8_t)j;
		for (; j < 16; j++)
			tbl.expand[m][j] = 0x80;
	}
}

bool rsp_escape_has_ssse3(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("ssse3");
}

__attribute__((target("ssse3"))) static char *escape_half(char *o, __m128i v, unsigned m)
{
	__m128i x = _mm_shuffle_epi8(v, _mm_loadu_si128((const __m128i *)tbl.expand[m]));

	x = _mm_xor_si128(x, _mm_loadu_si128((const __m128i *)tbl.patch[m]));
	_mm_storeu_si128((__m128i *)o, x);
	return o + tbl.len[m];
}

__attribute__((target("ssse3"))) size_t rsp_escape_ssse3(char *out, const void *payload,
							  size_t len, uint8_t *sum)
{
	const uint8_t *p = payload;
	const __m128i dollar = _mm_set1_epi8('$'), hash = _mm_set1_epi8('#');
	const __m128i brace = _mm_set1_epi8(ESCAPE), star = _mm_set1_epi8('*');
	__m128i acc = _mm_setzero_si128();
	size_t i = 0;
	char *o = out;
	uint8_t s = 0;

	if (!tbl.len[0])
		build_tables();
	for (; len - i >= 16; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(p + i));
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dollar),
							_mm_cmpeq_epi8(v, hash)),
					   _mm_or_si128(_mm_cmpeq_epi8(v, brace),
							_mm_cmpeq_epi8(v, star)));
		unsigned m = (unsigned)_mm_movemask_epi8(hit);

		acc = _mm_add_epi64(acc, _mm_sad_epu8(v, _mm_setzero_si128()));
		if (!m) {
			_mm_storeu_si128((__m128i *)o, v);
			o += 16;
			continue;
		}
		o = escape_half(o, v, m & 0xff);
		o = escape_half(o, _mm_srli_si128(v, 8), m >> 8);
	}
	/* each escape made the output one byte longer */
	s = (uint8_t)(_mm_cvtsi128_si64(acc) + _mm_extract_epi16(acc, 4) +
		      ((size_t)(o - out) - i) * ESCAPE_ADDS);
	for (; i < len; i++)
		put_escaped(&o, p[i], &s);
	*sum += s;
	return (size_t)(o - out);
}
#endif

size_t rsp_escape(char *out, const void *payload, size_t len, uint8_t *sum)
{
	static size_t (*impl)(char *, const void *, size_t, uint8_t *);

	if (!impl) {
		impl = rsp_escape_portable;
#if defined(__x86_64__)
		if (rsp_escape_has_ssse3())
			impl = rsp_escape_ssse3;
#endif
	}
	return impl(out, payload, len, sum);
}
