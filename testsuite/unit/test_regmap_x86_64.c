/*
 * test_regmap_x86_64 — the amd64 register map (arch/regmap.h): every
 * amd64-linux register has a slot inside its regset, and the x87 control
 * registers convert as gdb's i387_supply_fxsave / i387_collect_fxsave do.
 * The map is the host's: x87/SSE live in the FXSAVE image, which is also
 * the start of the XSAVE area, so the tests use a buffer big enough for
 * either (XSAVE hooks also mark the component in the XSAVE header).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <sys/user.h>

#include "arch/regmap.h"
#include "arch/x86_64/xsave.h"

#include "check_main.h"

static const struct regmap_entry *entry(const char *name)
{
	return regmap_find(name);
}

static const char *const amd64_names[] = {
        "rax",   "rbx",    "rcx",   "rdx",      "rsi",     "rdi",     "rbp",   "rsp",
        "r8",    "r9",     "r10",   "r11",      "r12",     "r13",     "r14",   "r15",
        "rip",   "eflags", "cs",    "ss",       "ds",      "es",      "fs",    "gs",
        "st0",   "st1",    "st2",   "st3",      "st4",     "st5",     "st6",   "st7",
        "fctrl", "fstat",  "ftag",  "fiseg",    "fioff",   "foseg",   "fooff", "fop",
        "xmm0",  "xmm15",  "mxcsr", "orig_rax", "fs_base", "gs_base",
};

START_TEST(test_all_mapped)
{
	size_t nsets, i;
	const struct regset_desc *sets = arch_regsets(&nsets);

	ck_assert_uint_le(nsets, REGSET_MAX);
	for (i = 0; i < sizeof(amd64_names) / sizeof(amd64_names[0]); i++) {
		const struct regmap_entry *e = entry(amd64_names[i]);

		ck_assert_msg(e != NULL, "%s not mapped", amd64_names[i]);
		ck_assert_int_lt(e->regset, (int)nsets);
		ck_assert_uint_le(e->offset + e->size, sets[e->regset].size);
	}
	if (xsave_host()->xcr0 & XFEATURE_MASK_AVX)
		ck_assert_ptr_nonnull(entry("ymm0h"));
	else
		ck_assert_ptr_null(entry("ymm0h"));
}
END_TEST

static union {
	struct user_fpregs_struct fx;
	uint8_t xsave[8192];
} area;
#define fx area.fx

static void put_st(int i, uint64_t mant, uint16_t sexp)
{
	uint8_t *p = (uint8_t *)fx.st_space + 16 * i;

	memcpy(p, &mant, 8);
	memcpy(p + 8, &sexp, 2);
}

static uint32_t get32(const char *name)
{
	const struct regmap_entry *e = entry(name);
	uint8_t v[4];
	uint32_t out;

	ck_assert_ptr_nonnull(e->get);
	e->get(e, (const uint8_t *)&fx, v, sizeof(v));
	memcpy(&out, v, 4);
	return out;
}

/* Physical registers 0 (1.0), 1 (zero), 2 (NaN) in use, the rest empty. */
START_TEST(test_ftag_from_fxsave)
{
	memset(&area, 0, sizeof(area));
	fx.swd = 0; /* TOP = 0: st(i) is physical register i */
	put_st(0, 0x8000000000000000ull, 0x3fff);
	put_st(1, 0, 0);
	put_st(2, 0xc000000000000000ull, 0x7fff);
	fx.ftw = 0x07;
	ck_assert_uint_eq(get32("ftag"), 0xffe4); /* 3 3 3 3 3 2 1 0 */
	fx.ftw = 0;
	ck_assert_uint_eq(get32("ftag"), 0xffff);
}
END_TEST

/* With TOP = 6, physical register 7 is st(1). */
START_TEST(test_ftag_top)
{
	memset(&area, 0, sizeof(area));
	fx.swd = 6 << 11;
	put_st(1, 0x8000000000000000ull, 0x3fff); /* st(1) valid */
	fx.ftw = 0x80;
	ck_assert_uint_eq(get32("ftag"), 0x3fff);
}
END_TEST

START_TEST(test_ftag_to_fxsave)
{
	const struct regmap_entry *e = entry("ftag");
	uint8_t v[4] = {0xe4, 0xff, 0, 0};

	memset(&area, 0, sizeof(area));
	e->set(e, (uint8_t *)&fx, v, sizeof(v));
	ck_assert_uint_eq(fx.ftw, 0x07);
}
END_TEST

START_TEST(test_fop)
{
	const struct regmap_entry *e = entry("fop");
	uint8_t v[4] = {0x34, 0x02, 0, 0};

	memset(&area, 0, sizeof(area));
	fx.fop = 0xf912;
	ck_assert_uint_eq(get32("fop"), 0x112);
	e->set(e, (uint8_t *)&fx, v, sizeof(v));
	ck_assert_uint_eq(fx.fop, 0xfa34);
}
END_TEST

START_TEST(test_fpu_pointers)
{
	const struct regmap_entry *seg = entry("fiseg"), *off = entry("fioff");

	ck_assert_uint_eq(seg->size, 2);
	ck_assert_uint_eq(seg->offset, offsetof(struct user_fpregs_struct, rip) + 4);
	ck_assert_uint_eq(off->size, 4);
	ck_assert_uint_eq(off->offset, offsetof(struct user_fpregs_struct, rip));
	ck_assert_uint_eq(entry("st3")->size, 10);
	ck_assert_uint_eq(entry("st3")->offset,
	                  offsetof(struct user_fpregs_struct, st_space) + 48);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("regmap_x86_64");
	TCase *tc = tcase_create("map");
	TCase *tx = tcase_create("x87");

	tcase_add_test(tc, test_all_mapped);
	tcase_add_test(tc, test_fpu_pointers);
	suite_add_tcase(s, tc);
	tcase_add_test(tx, test_ftag_from_fxsave);
	tcase_add_test(tx, test_ftag_top);
	tcase_add_test(tx, test_ftag_to_fxsave);
	tcase_add_test(tx, test_fop);
	suite_add_tcase(s, tx);
	return run_suite(s);
}
