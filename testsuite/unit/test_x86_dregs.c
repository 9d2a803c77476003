/*
 * test_x86_dregs — the x86 debug-register mirror (arch/x86_64/x86_dregs.h):
 * slot allocation and reference counts, splitting of unaligned and long
 * regions, all-or-nothing insertion (ENOSPC), DR7 encoding, DR6 decoding.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>

#include "arch/x86_64/x86_dregs.h"

static struct x86_dregs d;

static void setup(void)
{
	x86_dregs_init(&d);
}

static unsigned used(void)
{
	unsigned i, n = 0;

	for (i = 0; i < X86_DR_NSLOTS; i++)
		n += d.slot[i].refs != 0;
	return n;
}

static bool same(const struct x86_dregs *a, const struct x86_dregs *b)
{
	unsigned i;

	for (i = 0; i < X86_DR_NSLOTS; i++) {
		const struct x86_dr_slot *x = &a->slot[i], *y = &b->slot[i];

		if (x->refs != y->refs ||
		    (x->refs && (x->addr != y->addr || x->len != y->len || x->rw != y->rw)))
			return false;
	}
	return true;
}

/* ---- allocation ---- */

START_TEST(test_insert_remove)
{
	ck_assert(x86_dregs_empty(&d));
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_WRITE, 0x1000, 4), 0);
	ck_assert(!x86_dregs_empty(&d));
	ck_assert_uint_eq(d.slot[0].addr, 0x1000);
	ck_assert_uint_eq(d.slot[0].len, 4);
	ck_assert_int_eq(d.slot[0].rw, X86_DR_WRITE);
	ck_assert_int_eq(x86_dregs_remove(&d, X86_DR_WRITE, 0x1000, 4), 0);
	ck_assert(x86_dregs_empty(&d));
	ck_assert_int_eq(x86_dregs_remove(&d, X86_DR_WRITE, 0x1000, 4), -ENOENT);
}
END_TEST

START_TEST(test_refcount_identical)
{
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_WRITE, 0x1000, 8), 0);
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_WRITE, 0x1000, 8), 0);
	ck_assert_uint_eq(used(), 1);
	ck_assert_uint_eq(d.slot[0].refs, 2);
	/* same place, other kind of access: its own slot */
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_ACCESS, 0x1000, 8), 0);
	ck_assert_uint_eq(used(), 2);
	ck_assert_int_eq(x86_dregs_remove(&d, X86_DR_WRITE, 0x1000, 8), 0);
	ck_assert_uint_eq(used(), 2);
	ck_assert_int_eq(x86_dregs_remove(&d, X86_DR_WRITE, 0x1000, 8), 0);
	ck_assert_uint_eq(used(), 1);
	ck_assert_int_eq(d.slot[1].rw, X86_DR_ACCESS);
}
END_TEST

START_TEST(test_enospc_all_or_nothing)
{
	struct x86_dregs before;
	int i;

	for (i = 0; i < 3; i++)
		ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_WRITE, 0x1000 + 8 * i, 8), 0);
	before = d;
	/* needs two slots (0x2004/4 + 0x2008/4), one is free */
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_WRITE, 0x2004, 8), -ENOSPC);
	ck_assert(same(&d, &before));
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_WRITE, 0x3000, 1), 0);
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_WRITE, 0x4000, 1), -ENOSPC);
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_EXEC, 0x5000, 1), -ENOSPC);
	/* a region already there still fits: it shares */
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_WRITE, 0x3000, 1), 0);
	/* a remove that does not match every piece changes nothing */
	ck_assert_int_eq(x86_dregs_remove(&d, X86_DR_WRITE, 0x1000, 16), 0);
	before = d;
	ck_assert_int_eq(x86_dregs_remove(&d, X86_DR_WRITE, 0x1010, 16), -ENOENT);
	ck_assert(same(&d, &before));
	ck_assert_uint_eq(used(), 2);
}
END_TEST

START_TEST(test_invalid)
{
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_WRITE, 0x1000, 0), -EINVAL);
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_EXEC, 0x1000, 2), -EINVAL);
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_WRITE, UINT64_MAX, 2), -EINVAL);
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_WRITE, UINT64_MAX, 1), 0);
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_EXEC, 0x401234, 1), 0);
	ck_assert(x86_dregs_has_exec(&d, 0x401234));
	ck_assert(!x86_dregs_has_exec(&d, 0x401235));
	ck_assert(!x86_dregs_has_exec(&d, UINT64_MAX));
}
END_TEST

/* ---- splitting ---- */

static const struct split_case {
	uint64_t addr, len;
	unsigned n;
	uint64_t piece_addr[4];
	unsigned piece_len[4];
} splits[] = {
        {0x1000, 1, 1, {0x1000}, {1}},
        {0x1003, 1, 1, {0x1003}, {1}},
        {0x1002, 2, 1, {0x1002}, {2}},
        {0x1004, 4, 1, {0x1004}, {4}},
        {0x1008, 8, 1, {0x1008}, {8}},
        {0x1001, 2, 2, {0x1001, 0x1002}, {1, 1}},
        {0x1002, 4, 2, {0x1002, 0x1004}, {2, 2}},
        {0x1004, 8, 2, {0x1004, 0x1008}, {4, 4}},
        {0x1001, 4, 3, {0x1001, 0x1002, 0x1004}, {1, 2, 1}},
        {0x1000, 16, 2, {0x1000, 0x1008}, {8, 8}},
        {0x1000, 3, 2, {0x1000, 0x1002}, {2, 1}},
        {0x1006, 7, 3, {0x1006, 0x1008, 0x100c}, {2, 4, 1}},
        {0x1000, 32, 4, {0x1000, 0x1008, 0x1010, 0x1018}, {8, 8, 8, 8}},
};

START_TEST(test_split)
{
	const struct split_case *c = &splits[_i];
	unsigned k;

	ck_assert_uint_eq(x86_dregs_pieces(c->addr, c->len), c->n);
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_ACCESS, c->addr, c->len), 0);
	ck_assert_uint_eq(used(), c->n);
	for (k = 0; k < c->n; k++) {
		ck_assert_uint_eq(d.slot[k].addr, c->piece_addr[k]);
		ck_assert_uint_eq(d.slot[k].len, c->piece_len[k]);
		ck_assert_uint_eq(d.slot[k].addr % d.slot[k].len, 0);
	}
	ck_assert_int_eq(x86_dregs_remove(&d, X86_DR_ACCESS, c->addr, c->len), 0);
	ck_assert(x86_dregs_empty(&d));
}
END_TEST

START_TEST(test_too_long)
{
	ck_assert_uint_eq(x86_dregs_pieces(0x1000, 40), 5);
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_WRITE, 0x1000, 40), -ENOSPC);
	ck_assert(x86_dregs_empty(&d));
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_WRITE, 0x1001, 32), -ENOSPC);
}
END_TEST

/* ---- DR7 ---- */

START_TEST(test_dr7)
{
	ck_assert_uint_eq(x86_dregs_dr7(&d), 0);
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_EXEC, 0x401000, 1), 0);
	/* L0, RW0 = 00, LEN0 = 00 */
	ck_assert_uint_eq(x86_dregs_dr7(&d), 0x1);
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_WRITE, 0x601040, 4), 0);
	/* L1, RW1 = 01, LEN1 = 11 (4 bytes): bits 20-23 = 0xd */
	ck_assert_uint_eq(x86_dregs_dr7(&d), 0x1 | 0x4 | 0xdull << 20);
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_ACCESS, 0x601048, 8), 0);
	/* L2, RW2 = 11, LEN2 = 10 (8 bytes): bits 24-27 = 0xb */
	ck_assert_uint_eq(x86_dregs_dr7(&d), 0x15 | 0xdull << 20 | 0xbull << 24);
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_WRITE, 0x601052, 2), 0);
	/* L3, RW3 = 01, LEN3 = 01 (2 bytes): bits 28-31 = 0x5 */
	ck_assert_uint_eq(x86_dregs_dr7(&d),
	                  0x55 | 0xdull << 20 | 0xbull << 24 | 0x5ull << 28);
	/* freeing slot 1 clears its enable and fields only */
	ck_assert_int_eq(x86_dregs_remove(&d, X86_DR_WRITE, 0x601040, 4), 0);
	ck_assert_uint_eq(x86_dregs_dr7(&d), 0x51 | 0xbull << 24 | 0x5ull << 28);
	/* and the next insert reuses it */
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_ACCESS, 0x601060, 1), 0);
	ck_assert_uint_eq(d.slot[1].addr, 0x601060);
	ck_assert_uint_eq(x86_dregs_dr7(&d), 0x55 | 0x3ull << 20 | 0xbull << 24 | 0x5ull << 28);
}
END_TEST

/* ---- DR6 ---- */

START_TEST(test_dr6_decode)
{
	uint64_t addr = 0;

	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_EXEC, 0x401000, 1), 0);    /* 0 */
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_WRITE, 0x601040, 4), 0);   /* 1 */
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_ACCESS, 0x601048, 8), 0);  /* 2 */

	ck_assert_int_eq(x86_dregs_hit(&d, 0, &addr), X86_HIT_NONE);
	ck_assert_int_eq(x86_dregs_hit(&d, X86_DR6_BS, &addr), X86_HIT_NONE);
	ck_assert_int_eq(x86_dregs_hit(&d, 0x1, &addr), X86_HIT_EXEC);
	ck_assert_uint_eq(addr, 0x401000);
	ck_assert_int_eq(x86_dregs_hit(&d, 0x2, &addr), X86_HIT_WRITE);
	ck_assert_uint_eq(addr, 0x601040);
	ck_assert_int_eq(x86_dregs_hit(&d, 0x4 | X86_DR6_BS, &addr), X86_HIT_ACCESS);
	ck_assert_uint_eq(addr, 0x601048);
	/* a watchpoint wins over a breakpoint reported in the same trap */
	ck_assert_int_eq(x86_dregs_hit(&d, 0x1 | 0x2, &addr), X86_HIT_WRITE);
	ck_assert_uint_eq(addr, 0x601040);
	/* B3 set for a slot we do not use (the CPU may do that): ignored */
	ck_assert_int_eq(x86_dregs_hit(&d, 0x8, &addr), X86_HIT_NONE);
	/* the real DR6 has its reserved bits set */
	ck_assert_int_eq(x86_dregs_hit(&d, 0xffff0ff2ull, &addr), X86_HIT_WRITE);
}
END_TEST

START_TEST(test_dr6_split_region)
{
	uint64_t addr = 0;

	/* 8 bytes at 0x1004: slots 0x1004/4 and 0x1008/4 */
	ck_assert_int_eq(x86_dregs_insert(&d, X86_DR_WRITE, 0x1004, 8), 0);
	ck_assert_int_eq(x86_dregs_hit(&d, 0x2, &addr), X86_HIT_WRITE);
	ck_assert_uint_eq(addr, 0x1008); /* inside the region gdb asked for */
}
END_TEST

static Suite *dregs_suite(void)
{
	Suite *s = suite_create("x86_dregs");
	TCase *ta = tcase_create("allocation");
	TCase *ts = tcase_create("splitting");
	TCase *t7 = tcase_create("dr7");
	TCase *t6 = tcase_create("dr6");

	tcase_add_checked_fixture(ta, setup, NULL);
	tcase_add_test(ta, test_insert_remove);
	tcase_add_test(ta, test_refcount_identical);
	tcase_add_test(ta, test_enospc_all_or_nothing);
	tcase_add_test(ta, test_invalid);
	suite_add_tcase(s, ta);
	tcase_add_checked_fixture(ts, setup, NULL);
	tcase_add_loop_test(ts, test_split, 0, sizeof(splits) / sizeof(splits[0]));
	tcase_add_test(ts, test_too_long);
	suite_add_tcase(s, ts);
	tcase_add_checked_fixture(t7, setup, NULL);
	tcase_add_test(t7, test_dr7);
	suite_add_tcase(s, t7);
	tcase_add_checked_fixture(t6, setup, NULL);
	tcase_add_test(t6, test_dr6_decode);
	tcase_add_test(t6, test_dr6_split_region);
	suite_add_tcase(s, t6);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(dregs_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
