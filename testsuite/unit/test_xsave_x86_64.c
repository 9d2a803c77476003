/*
 * test_xsave_x86_64 — the XSAVE layer (arch/x86_64/xsave.h): component
 * offsets taken from CPUID leaf 0xD for two real layouts (Intel with MPX
 * and PKRU; AMD Zen 4, no MPX, components packed), the target description
 * chosen from XCR0 and numbered as gdb numbers it, register offsets inside
 * the components, init-state handling (XSTATE_BV) on read and write, and
 * the host's description fully mapped.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "arch/regmap.h"
#include "arch/x86_64/xsave.h"
#include "tdesc.h"
#include "tdesc_builtin.h"

#include "check_main.h"

/* One fake processor: {size, offset} of components 2..9 and the total size. */
struct fake_cpu {
	uint32_t total;
	uint32_t comp[XFEATURE_NR][2];
};

/* Skylake-SP: xcr0 0x2ff (x87 SSE AVX MPX(2) AVX-512(3) PKRU). */
static const struct fake_cpu intel = {
        2696,
        {[2] = {256, 576},
         [3] = {64, 960},
         [4] = {64, 1024},
         [5] = {64, 1088},
         [6] = {512, 1152},
         [7] = {1024, 1664},
         [9] = {8, 2688}},
};

/* Zen 4 (this project's test machine): xcr0 0xe7, no MPX, no gap. */
static const struct fake_cpu zen4 = {
        2432,
        {[2] = {256, 576}, [5] = {64, 832}, [6] = {512, 896}, [7] = {1024, 1408}},
};

static const struct fake_cpu *cpu;

static void fake_cpuid(uint32_t leaf, uint32_t sub, uint32_t out[4])
{
	memset(out, 0, 4 * sizeof(out[0]));
	if (leaf != 0xd)
		return;
	if (sub == 0) {
		out[1] = cpu->total;
		out[2] = cpu->total;
	} else if (sub < XFEATURE_NR) {
		out[0] = cpu->comp[sub][0];
		out[1] = cpu->comp[sub][1];
	}
}

static struct xsave_layout layout_of(const struct fake_cpu *c, uint64_t xcr0)
{
	struct xsave_layout l;

	cpu = c;
	xsave_layout_init(&l, xcr0, fake_cpuid);
	return l;
}

START_TEST(test_layout_intel)
{
	struct xsave_layout l = layout_of(&intel, 0x2ff);

	ck_assert_uint_eq(l.size, 2696);
	ck_assert_uint_eq(l.xcr0, 0x2e7); /* MPX is not served */
	ck_assert_uint_eq(l.offset[XFEATURE_YMM], 576);
	ck_assert_uint_eq(l.offset[XFEATURE_OPMASK], 1088);
	ck_assert_uint_eq(l.offset[XFEATURE_ZMM_H], 1152);
	ck_assert_uint_eq(l.offset[XFEATURE_HI16_ZMM], 1664);
	ck_assert_uint_eq(l.offset[XFEATURE_PKRU], 2688);
	ck_assert_str_eq(xsave_tdesc_file(l.xcr0), "amd64-avx-avx512-pkeys-linux.xml");
}
END_TEST

START_TEST(test_layout_zen4)
{
	struct xsave_layout l = layout_of(&zen4, 0xe7);

	ck_assert_uint_eq(l.size, 2432);
	ck_assert_uint_eq(l.xcr0, 0xe7);
	ck_assert_uint_eq(l.offset[XFEATURE_OPMASK], 832);
	ck_assert_uint_eq(l.offset[XFEATURE_ZMM_H], 896);
	ck_assert_uint_eq(l.offset[XFEATURE_HI16_ZMM], 1408);
	ck_assert_str_eq(xsave_tdesc_file(l.xcr0), "amd64-avx-avx512-linux.xml");
}
END_TEST

/* What is served shrinks to what gdb can describe. */
START_TEST(test_layout_choice)
{
	static const struct {
		uint64_t xcr0;
		uint64_t served;
		const char *file;
	} v[] = {
	        {0, 0, "amd64-linux.xml"},     /* OS has not enabled XSAVE */
	        {0x3, 0x3, "amd64-linux.xml"}, /* x87 + SSE only */
	        {0x7, 0x7, "amd64-avx-linux.xml"},
	        {0x27, 0x7, "amd64-avx-linux.xml"}, /* opmask alone: no AVX-512 */
	        {0xe3, 0x3, "amd64-linux.xml"},     /* AVX-512 without AVX */
	        {0x207, 0x207, "amd64-avx-pkeys-linux.xml"},
	        {0x2e7, 0x2e7, "amd64-avx-avx512-pkeys-linux.xml"},
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct xsave_layout l = layout_of(&intel, v[i].xcr0);

		ck_assert_msg(l.xcr0 == v[i].served, "xcr0 %#llx served %#llx",
		              (unsigned long long)v[i].xcr0, (unsigned long long)l.xcr0);
		ck_assert_str_eq(xsave_tdesc_file(l.xcr0), v[i].file);
	}
	ck_assert_uint_eq(layout_of(&intel, 0).size, 0);
}
END_TEST

/* A component the CPU places beyond the area, or too small, is dropped. */
START_TEST(test_layout_bad_cpuid)
{
	struct fake_cpu c = zen4;
	struct xsave_layout l;

	c.comp[7][1] = 2000; /* 2000 + 1024 > 2432 */
	l = layout_of(&c, 0xe7);
	ck_assert_uint_eq(l.xcr0, 0x7);
	c = zen4;
	c.comp[2][0] = 128;
	l = layout_of(&c, 0xe7);
	ck_assert_uint_eq(l.xcr0, 0x3);
}
END_TEST

static const struct regmap_entry *find(const struct regmap_entry *m, size_t n,
                                       const char *name)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!strcmp(m[i].name, name))
			return &m[i];
	}
	return NULL;
}

#define CHECK_AT(name, off, sz)                                                          \
	do {                                                                             \
		const struct regmap_entry *e_ = find(m, n, name);                        \
		ck_assert_msg(e_ != NULL, "%s missing", name);                           \
		ck_assert_uint_eq(e_->offset, (off));                                    \
		ck_assert_uint_eq(e_->size, (sz));                                       \
		ck_assert_int_eq(e_->regset, 2);                                         \
	} while (0)

START_TEST(test_regmap_offsets)
{
	struct regmap_entry m[128];
	struct xsave_layout l = layout_of(&intel, 0x2ff);
	size_t i, j, n = xsave_regmap(&l, 2, m, 128);

	ck_assert_uint_eq(n, 16 + 16 * 4 + 8 + 1);
	CHECK_AT("ymm0h", 576, 16);
	CHECK_AT("ymm15h", 576 + 240, 16);
	CHECK_AT("k0", 1088, 8);
	CHECK_AT("k7", 1088 + 56, 8);
	CHECK_AT("zmm0h", 1152, 32);
	CHECK_AT("zmm15h", 1152 + 480, 32);
	CHECK_AT("xmm16", 1664, 16);
	CHECK_AT("ymm16h", 1664 + 16, 16);
	CHECK_AT("zmm16h", 1664 + 32, 32);
	CHECK_AT("xmm31", 1664 + 64 * 15, 16);
	CHECK_AT("ymm31h", 1664 + 64 * 15 + 16, 16);
	CHECK_AT("zmm31h", 1664 + 64 * 15 + 32, 32);
	CHECK_AT("pkru", 2688, 4);
	for (i = 0; i < n; i++) {
		ck_assert_uint_le(m[i].offset + m[i].size, l.size);
		ck_assert_ptr_nonnull(m[i].set);
		for (j = i + 1; j < n; j++)
			ck_assert_str_ne(m[i].name, m[j].name);
	}
	l = layout_of(&zen4, 0x7);
	ck_assert_uint_eq(xsave_regmap(&l, 2, m, 128), 16);
	ck_assert_uint_eq(xsave_regmap(&l, 2, m, 3), 3); /* never past cap */
}
END_TEST

static uint8_t area[4096];

static uint64_t xstate_bv(void)
{
	uint64_t bv;

	memcpy(&bv, area + XSAVE_HDR_OFFSET, sizeof(bv));
	return bv;
}

/* Components whose XSTATE_BV bit is clear read as their init state. */
START_TEST(test_normalize)
{
	struct xsave_layout l = layout_of(&zen4, 0xe7);

	memset(area, 0xa5, sizeof(area));
	memset(area + XSAVE_HDR_OFFSET, 0, XSAVE_HDR_SIZE);
	area[XSAVE_HDR_OFFSET] = 1u << XFEATURE_OPMASK; /* only k0-7 in use */
	xsave_normalize(&l, area, l.size);
	ck_assert_uint_eq(area[0], 0x7f); /* FCW */
	ck_assert_uint_eq(area[1], 0x03);
	ck_assert_uint_eq(area[2], 0);      /* FSW */
	ck_assert_uint_eq(area[24], 0xa5);  /* MXCSR untouched */
	ck_assert_uint_eq(area[32], 0);     /* st0 */
	ck_assert_uint_eq(area[160], 0);    /* xmm0 */
	ck_assert_uint_eq(area[415], 0);    /* xmm15 */
	ck_assert_uint_eq(area[416], 0xa5); /* padding / sw bytes untouched */
	ck_assert_uint_eq(area[576], 0);    /* ymm0h */
	ck_assert_uint_eq(area[832], 0xa5); /* k0: in use */
	ck_assert_uint_eq(area[896 + 511], 0);
	ck_assert_uint_eq(area[1408 + 1023], 0);
	ck_assert_uint_eq(area[2432], 0xa5); /* past the area */
	area[XSAVE_HDR_OFFSET] = 0xff;
	memset(area + 576, 0x11, 16);
	xsave_normalize(&l, area, l.size);
	ck_assert_uint_eq(area[576], 0x11); /* in use: kept */
	xsave_normalize(&l, area, 100);     /* too short: left alone */
}
END_TEST

/* A write marks its component in use, so the kernel takes the bytes. */
START_TEST(test_write_marks)
{
	struct regmap_entry m[128];
	struct xsave_layout l = layout_of(&zen4, 0xe7);
	size_t n = xsave_regmap(&l, 2, m, 128);
	const struct regmap_entry *e;
	uint8_t v[32];

	memset(area, 0, sizeof(area));
	memset(v, 0x42, sizeof(v));
	e = find(m, n, "ymm5h");
	e->set(e, area, v, 16);
	ck_assert_uint_eq(xstate_bv(), 1u << XFEATURE_YMM);
	ck_assert_uint_eq(area[576 + 80], 0x42);
	ck_assert_uint_eq(area[576 + 96], 0);
	e = find(m, n, "k2");
	e->set(e, area, v, 8);
	e = find(m, n, "zmm20h");
	e->set(e, area, v, 32);
	ck_assert_uint_eq(area[1408 + 4 * 64 + 32 + 31], 0x42);
	e = find(m, n, "zmm3h");
	e->set(e, area, v, 32);
	ck_assert_uint_eq(xstate_bv(), 0xe4);
	e = &(struct regmap_entry){"xmm0", 2, 160, 16, NULL, xsave_set_sse};
	e->set(e, area, v, 16);
	e = &(struct regmap_entry){"st0", 2, 32, 10, NULL, xsave_set_x87};
	e->set(e, area, v, 10);
	ck_assert_uint_eq(xstate_bv(), 0xe7);
}
END_TEST

static int regnum(const struct tdesc *td, const char *name)
{
	const struct tdesc_reg *r = tdesc_find_reg(td, name);

	ck_assert_msg(r != NULL, "%s not in tdesc", name);
	return r->regnum;
}

/* gdb numbers the remote registers as gdbserver does: ymm0h is 60, ... */
START_TEST(test_tdesc_numbering)
{
	struct tdesc td;
	struct strbuf err = STRBUF_INIT;

	ck_assert_int_eq(
	        tdesc_load_builtin(&td, "amd64-avx-avx512-pkeys-linux.xml", &err), 0);
	ck_assert_int_eq(regnum(&td, "mxcsr"), 56);
	ck_assert_int_eq(regnum(&td, "orig_rax"), 57);
	ck_assert_int_eq(regnum(&td, "gs_base"), 59);
	ck_assert_int_eq(regnum(&td, "ymm0h"), 60);
	ck_assert_int_eq(regnum(&td, "ymm15h"), 75);
	ck_assert_int_eq(regnum(&td, "xmm16"), 76);
	ck_assert_int_eq(regnum(&td, "ymm16h"), 92);
	ck_assert_int_eq(regnum(&td, "k0"), 108);
	ck_assert_int_eq(regnum(&td, "zmm0h"), 116);
	ck_assert_int_eq(regnum(&td, "zmm31h"), 147);
	ck_assert_int_eq(regnum(&td, "pkru"), 148);
	ck_assert_uint_eq(td.nregs, 149);
	tdesc_release(&td);
	ck_assert_int_eq(tdesc_load_builtin(&td, "amd64-avx-pkeys-linux.xml", &err), 0);
	ck_assert_int_eq(regnum(&td, "pkru"), 76);
	tdesc_release(&td);
	strbuf_release(&err);
}
END_TEST

/* Every register of the description chosen for this host has a slot. */
START_TEST(test_host_mapped)
{
	struct tdesc td;
	struct strbuf err = STRBUF_INIT;
	size_t i, nmap, nsets;
	const struct regmap_entry *m = arch_regmap(&nmap);
	const struct regset_desc *sets = arch_regsets(&nsets);

	ck_assert_int_eq(tdesc_load_builtin(&td, arch_native()->tdesc_file, &err), 0);
	for (i = 0; i < td.nregs; i++) {
		const struct regmap_entry *e = find(m, nmap, td.regs[i].name);

		ck_assert_msg(e != NULL, "%s not mapped", td.regs[i].name);
		ck_assert_int_lt(e->regset, (int)nsets);
		ck_assert_uint_le(e->offset + e->size, sets[e->regset].size);
	}
	tdesc_release(&td);
	strbuf_release(&err);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("xsave_x86_64");
	TCase *tl = tcase_create("layout");
	TCase *tm = tcase_create("regmap");
	TCase *ts = tcase_create("xstate_bv");
	TCase *tt = tcase_create("tdesc");

	tcase_add_test(tl, test_layout_intel);
	tcase_add_test(tl, test_layout_zen4);
	tcase_add_test(tl, test_layout_choice);
	tcase_add_test(tl, test_layout_bad_cpuid);
	suite_add_tcase(s, tl);
	tcase_add_test(tm, test_regmap_offsets);
	suite_add_tcase(s, tm);
	tcase_add_test(ts, test_normalize);
	tcase_add_test(ts, test_write_marks);
	suite_add_tcase(s, ts);
	tcase_add_test(tt, test_tdesc_numbering);
	tcase_add_test(tt, test_host_mapped);
	suite_add_tcase(s, tt);
	return run_suite(s);
}
