/*
 * test_breakpoints — the software breakpoint table (breakpoints.h) over a
 * fake 256-byte memory: planting, owners, overlap, hiding from reads and
 * absorbing writes, errors from memory.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "breakpoints.h"

#include "check_main.h"

#define MEM_BASE 0x1000u
#define MEM_SIZE 256u

struct fake_mem {
	uint8_t bytes[MEM_SIZE];
	int writes;
	bool readonly;
};

static bool in_range(uint64_t addr, size_t len)
{
	return addr >= MEM_BASE && addr - MEM_BASE <= MEM_SIZE &&
	       len <= MEM_SIZE - (addr - MEM_BASE);
}

static int fake_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	struct fake_mem *m = ctx;

	if (!in_range(addr, len))
		return -EIO;
	memcpy(buf, m->bytes + (addr - MEM_BASE), len);
	return 0;
}

static int fake_write(void *ctx, uint64_t addr, const void *buf, size_t len)
{
	struct fake_mem *m = ctx;

	if (!in_range(addr, len) || m->readonly)
		return -EIO;
	memcpy(m->bytes + (addr - MEM_BASE), buf, len);
	m->writes++;
	return 0;
}

static const uint8_t int3[] = {0xcc};
static const uint8_t arm_bkpt[] = {0xf0, 0x01, 0xf0, 0xe7};

static struct fake_mem mem;
static struct bp_table tbl;

static void setup_with(const uint8_t *insn, size_t len)
{
	struct bp_mem ops = {fake_read, fake_write, &mem};
	size_t i;

	memset(&mem, 0, sizeof(mem));
	for (i = 0; i < MEM_SIZE; i++)
		mem.bytes[i] = (uint8_t)i;
	bp_table_init(&tbl, insn, len, &ops);
}

static void setup(void)
{
	setup_with(int3, sizeof(int3));
}

static void teardown(void)
{
	bp_table_release(&tbl);
}

START_TEST(test_insert_remove)
{
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE + 0x10, BP_OWNER_GDB), 0);
	ck_assert_uint_eq(mem.bytes[0x10], 0xcc);
	ck_assert_ptr_nonnull(bp_find(&tbl, MEM_BASE + 0x10));
	ck_assert_ptr_null(bp_find(&tbl, MEM_BASE + 0x11));
	ck_assert_int_eq(bp_remove(&tbl, MEM_BASE + 0x10, BP_OWNER_GDB), 0);
	ck_assert_uint_eq(mem.bytes[0x10], 0x10);
	ck_assert_ptr_null(bp_find(&tbl, MEM_BASE + 0x10));
}
END_TEST

START_TEST(test_idempotent_and_owners)
{
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE + 0x20, BP_OWNER_GDB), 0);
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE + 0x20, BP_OWNER_GDB), 0);
	ck_assert_int_eq(mem.writes, 1);
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE + 0x20, BP_OWNER_STEP), 0);
	/* one owner left: stays planted */
	ck_assert_int_eq(bp_remove(&tbl, MEM_BASE + 0x20, BP_OWNER_GDB), 0);
	ck_assert_uint_eq(mem.bytes[0x20], 0xcc);
	ck_assert_int_eq(bp_remove(&tbl, MEM_BASE + 0x20, BP_OWNER_GDB), 0);
	ck_assert_uint_eq(mem.bytes[0x20], 0xcc);
	ck_assert_int_eq(bp_remove(&tbl, MEM_BASE + 0x20, BP_OWNER_STEP), 0);
	ck_assert_uint_eq(mem.bytes[0x20], 0x20);
	/* removing what is not there is fine */
	ck_assert_int_eq(bp_remove(&tbl, MEM_BASE + 0x20, BP_OWNER_STEP), 0);
}
END_TEST

START_TEST(test_memory_errors)
{
	ck_assert_int_eq(bp_insert(&tbl, 0x10, BP_OWNER_GDB), -EIO);
	mem.readonly = true;
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE, BP_OWNER_GDB), -EIO);
	ck_assert_uint_eq(tbl.n, 0);
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE, 0), -EINVAL);
}
END_TEST

START_TEST(test_remove_all)
{
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE + 1, BP_OWNER_GDB), 0);
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE + 5, BP_OWNER_STEP), 0);
	ck_assert_int_eq(bp_remove_all(&tbl), 0);
	ck_assert_uint_eq(tbl.n, 0);
	ck_assert_uint_eq(mem.bytes[1], 1);
	ck_assert_uint_eq(mem.bytes[5], 5);
}
END_TEST

START_TEST(test_overlap_rejected)
{
	setup_with(arm_bkpt, sizeof(arm_bkpt));
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE + 8, BP_OWNER_GDB), 0);
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE + 10, BP_OWNER_GDB), -EEXIST);
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE + 5, BP_OWNER_GDB), -EEXIST);
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE + 12, BP_OWNER_GDB), 0);
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE + 4, BP_OWNER_GDB), 0);
}
END_TEST

/* Reads of windows cutting breakpoints anywhere show the original bytes. */
START_TEST(test_overlay_windows)
{
	uint8_t buf[32];
	size_t start, len, i;

	setup_with(arm_bkpt, sizeof(arm_bkpt));
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE + 8, BP_OWNER_GDB), 0);
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE + 12, BP_OWNER_GDB), 0);
	for (start = 0; start < 20; start++) {
		for (len = 0; len < 16; len++) {
			memcpy(buf, mem.bytes + start, len);
			bp_overlay(&tbl, MEM_BASE + start, buf, len);
			for (i = 0; i < len; i++)
				ck_assert_uint_eq(buf[i], (uint8_t)(start + i));
		}
	}
}
END_TEST

/* A write across a breakpoint updates its saved bytes and keeps it planted. */
START_TEST(test_absorb_write)
{
	uint8_t buf[8] = {0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7};
	uint8_t rd[8];

	setup_with(arm_bkpt, sizeof(arm_bkpt));
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE + 10, BP_OWNER_GDB), 0);
	bp_absorb_write(&tbl, MEM_BASE + 8, buf, sizeof(buf));
	ck_assert_mem_eq(
	        buf, ((uint8_t[]){0xa0, 0xa1, 0xf0, 0x01, 0xf0, 0xe7, 0xa6, 0xa7}), 8);
	ck_assert_int_eq(fake_write(&mem, MEM_BASE + 8, buf, sizeof(buf)), 0);
	memcpy(rd, mem.bytes + 8, sizeof(rd));
	bp_overlay(&tbl, MEM_BASE + 8, rd, sizeof(rd));
	ck_assert_mem_eq(
	        rd, ((uint8_t[]){0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7}), 8);
	ck_assert_int_eq(bp_remove(&tbl, MEM_BASE + 10, BP_OWNER_GDB), 0);
	ck_assert_mem_eq(mem.bytes + 8,
	                 ((uint8_t[]){0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7}),
	                 8);
}
END_TEST

/* A partial write covering only the tail of a breakpoint. */
START_TEST(test_absorb_partial)
{
	uint8_t buf[2] = {0x55, 0x66};

	setup_with(arm_bkpt, sizeof(arm_bkpt));
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE + 10, BP_OWNER_GDB), 0);
	bp_absorb_write(&tbl, MEM_BASE + 13, buf, sizeof(buf));
	ck_assert_uint_eq(buf[0], 0xe7);
	ck_assert_uint_eq(buf[1], 0x66);
	ck_assert_uint_eq(bp_find(&tbl, MEM_BASE + 10)->saved[3], 0x55);
}
END_TEST

/* A step breakpoint with its own instruction (ARM: Thumb among ARM ones):
 * planted, hidden, kept through writes and restored with its own length;
 * another owner at the same address keeps the first instruction. */
START_TEST(test_insert_insn)
{
	static const uint8_t thumb[] = {0x01, 0xde};
	uint8_t buf[4], wr[4] = {0xa1, 0xa2, 0xa3, 0xa4};

	setup_with(arm_bkpt, sizeof(arm_bkpt));
	ck_assert_int_eq(bp_insert_insn(&tbl, MEM_BASE + 0x20, BP_OWNER_STEP, thumb,
	                                sizeof(thumb)), 0);
	ck_assert_uint_eq(mem.bytes[0x20], 0x01);
	ck_assert_uint_eq(mem.bytes[0x21], 0xde);
	ck_assert_uint_eq(mem.bytes[0x22], 0x22);
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE + 0x20, BP_OWNER_GDB), 0);
	ck_assert_uint_eq(mem.bytes[0x22], 0x22);
	ck_assert_int_eq(fake_read(&mem, MEM_BASE + 0x1f, buf, sizeof(buf)), 0);
	bp_overlay(&tbl, MEM_BASE + 0x1f, buf, sizeof(buf));
	ck_assert_mem_eq(buf, ((uint8_t[]){0x1f, 0x20, 0x21, 0x22}), 4);
	bp_absorb_write(&tbl, MEM_BASE + 0x1f, wr, sizeof(wr));
	ck_assert_mem_eq(wr, ((uint8_t[]){0xa1, 0x01, 0xde, 0xa4}), 4);
	ck_assert_int_eq(bp_remove(&tbl, MEM_BASE + 0x20, BP_OWNER_GDB), 0);
	ck_assert_uint_eq(mem.bytes[0x20], 0x01);
	ck_assert_int_eq(bp_remove(&tbl, MEM_BASE + 0x20, BP_OWNER_STEP), 0);
	ck_assert_uint_eq(mem.bytes[0x20], 0xa2);
	ck_assert_uint_eq(mem.bytes[0x21], 0xa3);
	ck_assert_uint_eq(mem.bytes[0x22], 0x22);
	ck_assert_int_eq(bp_insert_insn(&tbl, MEM_BASE, BP_OWNER_STEP, thumb, 0), -EINVAL);
}
END_TEST

/* Conditions and commands: copied, replaced by the next Z0, gone with gdb's
 * ownership (ASan checks the frees). */
START_TEST(test_agent)
{
	uint8_t c1[] = {0x22, 0x01, 0x27}, c2[] = {0x22, 0x00, 0x27}, cmd[] = {0x27};
	struct bp_expr conds[] = {{c1, sizeof(c1)}, {c2, sizeof(c2)}}, cmds[] = {{cmd, 1}};
	const struct bp *b;

	ck_assert_int_eq(bp_set_agent(&tbl, MEM_BASE, conds, 2, cmds, 1, true), -ENOENT);
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE + 8, BP_OWNER_STEP), 0);
	ck_assert_int_eq(bp_set_agent(&tbl, MEM_BASE + 8, conds, 2, NULL, 0, false), -ENOENT);
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE, BP_OWNER_GDB), 0);
	ck_assert_int_eq(bp_set_agent(&tbl, MEM_BASE, conds, 2, cmds, 1, true), 0);
	c1[1] = 0x55; /* the table holds a copy */
	b = bp_find(&tbl, MEM_BASE);
	ck_assert_ptr_nonnull(b->agent);
	ck_assert_uint_eq(b->agent->nconds, 2);
	ck_assert_uint_eq(b->agent->ncmds, 1);
	ck_assert(b->agent->persist);
	ck_assert_uint_eq(b->agent->exprs[0].len, 3);
	ck_assert_int_eq(b->agent->exprs[0].code[1], 0x01);
	ck_assert_int_eq(b->agent->exprs[1].code[1], 0x00);
	ck_assert_int_eq(b->agent->exprs[2].code[0], 0x27);
	/* a Z0 at the same address replaces them; one with none clears them */
	ck_assert_int_eq(bp_set_agent(&tbl, MEM_BASE, &conds[1], 1, NULL, 0, false), 0);
	ck_assert_uint_eq(b->agent->nconds, 1);
	ck_assert_uint_eq(b->agent->ncmds, 0);
	ck_assert_int_eq(b->agent->exprs[0].code[1], 0x00);
	ck_assert_int_eq(bp_set_agent(&tbl, MEM_BASE, NULL, 0, NULL, 0, false), 0);
	ck_assert_ptr_null(b->agent);
	/* gdb's removal drops them even when the stepping layer keeps the breakpoint */
	ck_assert_int_eq(bp_set_agent(&tbl, MEM_BASE, conds, 2, cmds, 1, false), 0);
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE, BP_OWNER_STEP), 0);
	ck_assert_int_eq(bp_remove(&tbl, MEM_BASE, BP_OWNER_GDB), 0);
	b = bp_find(&tbl, MEM_BASE);
	ck_assert_ptr_nonnull(b);
	ck_assert_ptr_null(b->agent);
	/* and the table's release frees them */
	ck_assert_int_eq(bp_insert(&tbl, MEM_BASE + 16, BP_OWNER_GDB), 0);
	ck_assert_int_eq(bp_set_agent(&tbl, MEM_BASE + 16, conds, 1, NULL, 0, false), 0);
	ck_assert_int_eq(bp_remove_all(&tbl), 0);
	ck_assert_uint_eq(tbl.n, 0);
}
END_TEST

static Suite *bp_suite(void)
{
	Suite *s = suite_create("breakpoints");
	TCase *tc = tcase_create("table");
	TCase *tv = tcase_create("visibility");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_insert_remove);
	tcase_add_test(tc, test_idempotent_and_owners);
	tcase_add_test(tc, test_memory_errors);
	tcase_add_test(tc, test_remove_all);
	tcase_add_test(tc, test_overlap_rejected);
	tcase_add_test(tc, test_insert_insn);
	tcase_add_test(tc, test_agent);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(tv, setup, teardown);
	tcase_add_test(tv, test_overlay_windows);
	tcase_add_test(tv, test_absorb_write);
	tcase_add_test(tv, test_absorb_partial);
	suite_add_tcase(s, tv);
	return s;
}

int main(void)
{
	return run_suite(bp_suite());
}
