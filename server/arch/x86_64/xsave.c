/*
 * xsave — see xsave.h for the contract.
 *
 * Register placement follows the XSAVE components (Intel SDM vol. 1,
 * 13.2 and 15.5; gdb's i387-tdep.c xsave_*_offset tables):
 *   ymmNh  (N < 16)  component 2 (YMM)      + 16 * N, 16 bytes
 *   kN               component 5 (opmask)   +  8 * N,  8 bytes
 *   zmmNh  (N < 16)  component 6 (ZMM_Hi256)+ 32 * N, 32 bytes
 *   xmmN   (N >= 16) component 7 (Hi16_ZMM) + 64 * (N - 16),      16 bytes
 *   ymmNh  (N >= 16) component 7            + 64 * (N - 16) + 16, 16 bytes
 *   zmmNh  (N >= 16) component 7            + 64 * (N - 16) + 32, 32 bytes
 *   pkru             component 9 (PKRU),                           4 bytes
 */
#include <cpuid.h>
#include <stdbool.h>
#include <string.h>

#include "arch/x86_64/xsave.h"

/* Components served, with the least size that holds their registers. */
static const uint32_t min_size[XFEATURE_NR] = {
        [XFEATURE_YMM] = 16 * 16,   [XFEATURE_OPMASK] = 8 * 8,
        [XFEATURE_ZMM_H] = 16 * 32, [XFEATURE_HI16_ZMM] = 16 * 64,
        [XFEATURE_PKRU] = 4,
};

static uint64_t bit(enum xfeature f)
{
	return 1ull << f;
}

void xsave_layout_init(struct xsave_layout *l, uint64_t xcr0, x86_cpuid_fn cpuid)
{
	uint32_t r[4];
	int i;

	memset(l, 0, sizeof(*l));
	if (!(xcr0 & bit(XFEATURE_X87)) || !(xcr0 & bit(XFEATURE_SSE)))
		return;
	cpuid(0xd, 0, r);
	if (r[1] < XSAVE_HDR_OFFSET + XSAVE_HDR_SIZE)
		return;
	l->size = r[1];
	l->xcr0 = bit(XFEATURE_X87) | bit(XFEATURE_SSE);
	for (i = XFEATURE_YMM; i < XFEATURE_NR; i++) {
		if (!min_size[i] || !(xcr0 & bit(i)))
			continue;
		cpuid(0xd, (uint32_t)i, r); /* eax size, ebx offset */
		if (r[0] < min_size[i] || r[1] < XSAVE_HDR_OFFSET + XSAVE_HDR_SIZE ||
		    (uint64_t)r[1] + r[0] > l->size)
			continue;
		l->size_of[i] = r[0];
		l->offset[i] = r[1];
		l->xcr0 |= bit(i);
	}
	if (!(l->xcr0 & XFEATURE_MASK_AVX))
		l->xcr0 &= bit(XFEATURE_X87) | bit(XFEATURE_SSE);
	if ((l->xcr0 & XFEATURE_MASK_AVX512) != XFEATURE_MASK_AVX512)
		l->xcr0 &= ~XFEATURE_MASK_AVX512;
}

const char *xsave_tdesc_file(uint64_t xcr0)
{
	bool avx512 = (xcr0 & XFEATURE_MASK_AVX512) == XFEATURE_MASK_AVX512;
	bool pkru = xcr0 & XFEATURE_MASK_PKRU;

	if (!(xcr0 & XFEATURE_MASK_AVX))
		return "amd64-linux.xml";
	if (avx512)
		return pkru ? "amd64-avx-avx512-pkeys-linux.xml"
		            : "amd64-avx-avx512-linux.xml";
	return pkru ? "amd64-avx-pkeys-linux.xml" : "amd64-avx-linux.xml";
}

void xsave_mark(uint8_t *buf, enum xfeature f)
{
	buf[XSAVE_HDR_OFFSET + f / 8] |= (uint8_t)(1u << (f % 8));
}

static bool in_use(const uint8_t *buf, enum xfeature f)
{
	return buf[XSAVE_HDR_OFFSET + f / 8] & (1u << (f % 8));
}

/* Copy a value into the area as linux_regs' plain copy does: truncate or zero-fill. */
static void copy_in(const struct regmap_entry *e, uint8_t *set, const uint8_t *val,
                    size_t len)
{
	size_t n = e->size < len ? e->size : len;

	memcpy(set + e->offset, val, n);
	memset(set + e->offset + n, 0, e->size - n);
}

/* clang-format off */
/* One write hook per component: take the bytes, mark the component in use. */
#define XS_SET(name, feature) \
	void name(const struct regmap_entry *e, uint8_t *set, const uint8_t *val, \
	          size_t len) \
	{ \
		copy_in(e, set, val, len); \
		xsave_mark(set, feature); \
	}
XS_SET(xsave_set_x87, XFEATURE_X87)
XS_SET(xsave_set_sse, XFEATURE_SSE)
static XS_SET(set_ymm, XFEATURE_YMM)
static XS_SET(set_opmask, XFEATURE_OPMASK)
static XS_SET(set_zmm_h, XFEATURE_ZMM_H)
static XS_SET(set_hi16_zmm, XFEATURE_HI16_ZMM)
static XS_SET(set_pkru, XFEATURE_PKRU)

#define N16(p, s) \
	p "0" s, p "1" s, p "2" s, p "3" s, p "4" s, p "5" s, p "6" s, p "7" s, \
	p "8" s, p "9" s, p "10" s, p "11" s, p "12" s, p "13" s, p "14" s, p "15" s
#define N16_HI(p, s) \
	p "16" s, p "17" s, p "18" s, p "19" s, p "20" s, p "21" s, p "22" s, p "23" s, \
	p "24" s, p "25" s, p "26" s, p "27" s, p "28" s, p "29" s, p "30" s, p "31" s

static const char *const ymmh_names[32] = {N16("ymm", "h"), N16_HI("ymm", "h")};
/* clang-format on */
static const char *const zmmh_names[32] = {N16("zmm", "h"), N16_HI("zmm", "h")};
static const char *const xmm_hi_names[16] = {N16_HI("xmm", "")};
static const char *const k_names[8] = {"k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7"};

struct adder {
	struct regmap_entry *out;
	size_t cap, n;
	int rs;
};

static void add(struct adder *a, const char *name, size_t offset, size_t size,
                void (*set)(const struct regmap_entry *, uint8_t *, const uint8_t *,
                            size_t))
{
	if (a->n >= a->cap)
		return;
	a->out[a->n++] = (struct regmap_entry){name, a->rs, offset, size, NULL, set};
}

size_t xsave_regmap(const struct xsave_layout *l, int rs, struct regmap_entry *out,
                    size_t cap)
{
	struct adder a = {out, cap, 0, rs};
	size_t i, hi16 = l->offset[XFEATURE_HI16_ZMM];

	if (l->xcr0 & XFEATURE_MASK_AVX) {
		for (i = 0; i < 16; i++)
			add(&a, ymmh_names[i], l->offset[XFEATURE_YMM] + 16 * i, 16,
			    set_ymm);
	}
	if ((l->xcr0 & XFEATURE_MASK_AVX512) == XFEATURE_MASK_AVX512) {
		for (i = 0; i < 16; i++) {
			add(&a, xmm_hi_names[i], hi16 + 64 * i, 16, set_hi16_zmm);
			add(&a, ymmh_names[16 + i], hi16 + 64 * i + 16, 16, set_hi16_zmm);
			add(&a, zmmh_names[16 + i], hi16 + 64 * i + 32, 32, set_hi16_zmm);
			add(&a, zmmh_names[i], l->offset[XFEATURE_ZMM_H] + 32 * i, 32,
			    set_zmm_h);
		}
		for (i = 0; i < 8; i++)
			add(&a, k_names[i], l->offset[XFEATURE_OPMASK] + 8 * i, 8,
			    set_opmask);
	}
	if (l->xcr0 & XFEATURE_MASK_PKRU)
		add(&a, "pkru", l->offset[XFEATURE_PKRU], 4, set_pkru);
	return a.n;
}

/* The x87 part of the legacy area: everything in bytes 0..159 but MXCSR. */
#define X87_END 160
#define MXCSR_OFF 24
#define MXCSR_END 32
#define SSE_OFF 160
#define SSE_END 416

void xsave_normalize(const struct xsave_layout *l, uint8_t *buf, size_t len)
{
	int i;

	if (len < XSAVE_HDR_OFFSET + XSAVE_HDR_SIZE)
		return;
	if (!in_use(buf, XFEATURE_X87)) {
		memset(buf, 0, MXCSR_OFF);
		memset(buf + MXCSR_END, 0, X87_END - MXCSR_END);
		buf[0] = 0x7f; /* FCW 0x037f */
		buf[1] = 0x03;
	}
	if (!in_use(buf, XFEATURE_SSE))
		memset(buf + SSE_OFF, 0, SSE_END - SSE_OFF);
	for (i = XFEATURE_YMM; i < XFEATURE_NR; i++) {
		if (!l->size_of[i] || in_use(buf, i) ||
		    (size_t)l->offset[i] + l->size_of[i] > len)
			continue;
		memset(buf + l->offset[i], 0, l->size_of[i]);
	}
}

static void host_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4])
{
	__cpuid_count(leaf, subleaf, out[0], out[1], out[2], out[3]);
}

/* XCR0, or 0 when the OS has not enabled XSAVE (CPUID.1:ECX.OSXSAVE). */
static uint64_t host_xcr0(void)
{
	uint32_t r[4], lo, hi;

	if (__get_cpuid_max(0, NULL) < 0xd)
		return 0;
	host_cpuid(1, 0, r);
	if (!(r[2] & bit_OSXSAVE))
		return 0;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (uint64_t)hi << 32 | lo;
}

const struct xsave_layout *xsave_host(void)
{
	static struct xsave_layout host;
	static bool probed;

	if (!probed) {
		xsave_layout_init(&host, host_xcr0(), host_cpuid);
		probed = true;
	}
	return &host;
}
