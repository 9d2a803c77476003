/*
 * test_range_exits — unit tests for range stepping's static analysis:
 * x86_64_insn_flow (the x86-64 descriptor's insn_flow hook) and
 * range_exits_find over synthetic x86-64 code in fake memory. One TCase per
 * concern: the flow of single instructions, the exits of whole ranges,
 * walks that cannot give a fast path.
 */
#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "arch/x86_64/decode_x86_64.h"
#include "check_main.h"
#include "range_exits.h"

#define CODE 0x1000u
#define MEM_SIZE 0x4000u /* everything above is unmapped */
#include "fake_mem.h"

static int no_reg(void *ctx, int regnum, uint64_t *val)
{
	(void)ctx;
	(void)regnum;
	(void)val;
	ck_abort_msg("insn_flow read a register");
	return -EIO;
}

static const struct arch_step_ctx ctx = {NULL, fake_read_mem, no_reg};
static struct range_exits rx;

static void setup(void)
{
	memset(mem, 0x90, sizeof(mem)); /* nop everywhere */
	memset(&rx, 0, sizeof(rx));
}

static void teardown(void)
{
	range_exits_free(&rx);
}

/* Put code at addr; returns the address after it. */
static uint64_t put(uint64_t addr, const uint8_t *code, size_t len)
{
	memcpy(mem + addr, code, len);
	return addr + len;
}

static int find(uint64_t start, uint64_t end)
{
	return range_exits_find(x86_64_insn_flow, &ctx, start, end, &rx);
}

static void assert_exits(const uint64_t *want, size_t n)
{
	size_t i;

	ck_assert_uint_eq(rx.nexit, n);
	for (i = 0; i < n; i++)
		ck_assert_msg(rx.exit[i] == want[i], "exit %zu: %#llx, want %#llx", i,
		              (unsigned long long)rx.exit[i],
		              (unsigned long long)want[i]);
}

/* ---- one instruction ---- */

struct flow_case {
	const char *what;
	uint8_t code[15];
	unsigned len;
	enum arch_flow_kind kind;
	bool falls_through;
	int64_t target; /* relative to CODE */
};

static const struct flow_case flow_cases[] = {
        {"nop", {0x90}, 1, ARCH_FLOW_NEXT, false, 0},
        {"mov -4(%rbp),%eax", {0x8b, 0x45, 0xfc}, 3, ARCH_FLOW_NEXT, false, 0},
        {"inc %eax (ff /0)", {0xff, 0xc0}, 2, ARCH_FLOW_NEXT, false, 0},
        {"push (%rax) (ff /6)", {0xff, 0x30}, 2, ARCH_FLOW_NEXT, false, 0},
        {"vzeroupper", {0xc5, 0xf8, 0x77}, 3, ARCH_FLOW_NEXT, false, 0},
        {"jle rel8 back", {0x7e, 0xed}, 2, ARCH_FLOW_BRANCH, true, 2 - 0x13},
        {"jne rel32",
         {0x0f, 0x85, 0x00, 0x01, 0x00, 0x00},
         6,
         ARCH_FLOW_BRANCH,
         true,
         6 + 0x100},
        {"jmp rel8", {0xeb, 0x0a}, 2, ARCH_FLOW_BRANCH, false, 2 + 0x0a},
        {"jmp rel32", {0xe9, 0xfb, 0xff, 0xff, 0xff}, 5, ARCH_FLOW_BRANCH, false, 0},
        {"loop", {0xe2, 0xfe}, 2, ARCH_FLOW_BRANCH, true, 0},
        {"jrcxz", {0xe3, 0x03}, 2, ARCH_FLOW_BRANCH, true, 5},
        {"call rel32", {0xe8, 0x00, 0x00, 0x00, 0x00}, 5, ARCH_FLOW_LEAVE, false, 0},
        {"call *%rax", {0xff, 0xd0}, 2, ARCH_FLOW_LEAVE, false, 0},
        {"jmp *%rax", {0xff, 0xe0}, 2, ARCH_FLOW_LEAVE, false, 0},
        {"jmp *0x10(%rip)", {0xff, 0x25, 0x10, 0, 0, 0}, 6, ARCH_FLOW_LEAVE, false, 0},
        {"ret", {0xc3}, 1, ARCH_FLOW_LEAVE, false, 0},
        {"ret $8", {0xc2, 0x08, 0x00}, 3, ARCH_FLOW_LEAVE, false, 0},
        {"syscall", {0x0f, 0x05}, 2, ARCH_FLOW_LEAVE, false, 0},
        {"int3", {0xcc}, 1, ARCH_FLOW_LEAVE, false, 0},
        {"int $0x80", {0xcd, 0x80}, 2, ARCH_FLOW_LEAVE, false, 0},
        {"ud2", {0x0f, 0x0b}, 2, ARCH_FLOW_LEAVE, false, 0},
        {"xbegin", {0xc7, 0xf8, 0, 0, 0, 0}, 6, ARCH_FLOW_LEAVE, false, 0},
};

START_TEST(test_flow)
{
	const struct flow_case *fc = &flow_cases[_i];
	struct arch_insn_flow f;

	put(CODE, fc->code, sizeof(fc->code));
	ck_assert_int_eq(x86_64_insn_flow(&ctx, CODE, &f), 0);
	ck_assert_msg(f.len == fc->len, "%s: len %u", fc->what, f.len);
	ck_assert_msg(f.kind == fc->kind, "%s: kind %d", fc->what, f.kind);
	if (fc->kind == ARCH_FLOW_BRANCH) {
		ck_assert_msg(f.falls_through == fc->falls_through, "%s: falls through",
		              fc->what);
		ck_assert_msg(f.target == CODE + (uint64_t)fc->target, "%s: target %#llx",
		              fc->what, (unsigned long long)f.target);
	}
}
END_TEST

START_TEST(test_flow_errors)
{
	static const uint8_t push_es[] = {0x06}; /* invalid in 64-bit mode */
	struct arch_insn_flow f;

	put(CODE, push_es, sizeof(push_es));
	ck_assert_int_eq(x86_64_insn_flow(&ctx, CODE, &f), -EINVAL);
	ck_assert_int_eq(x86_64_insn_flow(&ctx, MEM_SIZE + 0x100, &f), -EFAULT);
	/* mov $imm32 cut by the end of mapped memory */
	mem[MEM_SIZE - 2] = 0xb8;
	ck_assert_int_eq(x86_64_insn_flow(&ctx, MEM_SIZE - 2, &f), -EFAULT);
}
END_TEST

START_TEST(test_descriptor)
{
	ck_assert_ptr_eq(arch_native()->insn_flow, x86_64_insn_flow);
}
END_TEST

/* ---- whole ranges ---- */

/* for (i = 0; i < 100000; i++) sum += i; as gcc -O0 lays it out */
static const uint8_t loop_line[] = {
        0xc7, 0x45, 0xfc, 0x00, 0x00, 0x00, 0x00, /* 1000 movl $0,-4(%rbp) */
        0xeb, 0x0a,                               /* 1007 jmp 1013 */
        0x8b, 0x45, 0xfc,                         /* 1009 mov -4(%rbp),%eax */
        0x01, 0x45, 0xf8,                         /* 100c add %eax,-8(%rbp) */
        0x83, 0x45, 0xfc, 0x01,                   /* 100f addl $1,-4(%rbp) */
        0x81, 0x7d, 0xfc, 0x9f, 0x86, 0x01, 0x00, /* 1013 cmpl $99999,-4(%rbp) */
        0x7e, 0xed,                               /* 101a jle 1009 */
};

START_TEST(test_loop_has_only_end)
{
	uint64_t end = put(CODE, loop_line, sizeof(loop_line));
	const uint64_t want[] = {end};

	ck_assert_int_eq(find(CODE, end), 0);
	assert_exits(want, 1);
	ck_assert_uint_eq(rx.ninsn, 7);
	ck_assert(range_exits_is_insn(&rx, 0x1009));
	ck_assert(!range_exits_is_insn(&rx, 0x100a));
	ck_assert(!range_exits_is_insn(&rx, end));
	ck_assert(range_exits_is_exit(&rx, end));
	ck_assert(!range_exits_is_exit(&rx, 0x101a));
}
END_TEST

START_TEST(test_loop_split)
{
	/* the same loop, the condition outside: the jmp to it is an exit, and
	 * the range [1009, 1013) ends where the condition begins */
	put(CODE, loop_line, sizeof(loop_line));
	const uint64_t body[] = {0x1013};
	const uint64_t head[] = {0x1007, 0x1009};

	ck_assert_int_eq(find(0x1009, 0x1013), 0);
	assert_exits(body, 1);
	ck_assert_int_eq(find(CODE, 0x1009), 0);
	assert_exits(head, 2);
	/* the jle's target (1009) is outside [1013, 101c) */
	ck_assert_int_eq(find(0x1013, 0x101c), 0);
	const uint64_t cond[] = {0x101a, 0x101c};
	assert_exits(cond, 2);
}
END_TEST

START_TEST(test_leaving_instructions)
{
	static const uint8_t code[] = {
	        0x89, 0xc7,                   /* 1000 mov %eax,%edi */
	        0xe8, 0x10, 0x00, 0x00, 0x00, /* 1002 call */
	        0x01, 0xc3,                   /* 1007 add %eax,%ebx */
	        0xff, 0xd0,                   /* 1009 call *%rax */
	        0x0f, 0x05,                   /* 100b syscall */
	        0xff, 0xc0,                   /* 100d inc %eax */
	        0xcc,                         /* 100f int3 */
	        0xff, 0xe0,                   /* 1010 jmp *%rax */
	        0xc3,                         /* 1012 ret */
	};
	uint64_t end = put(CODE, code, sizeof(code));
	const uint64_t want[] = {0x1002, 0x1009, 0x100b, 0x100f, 0x1010, 0x1012, end};

	ck_assert_int_eq(find(CODE, end), 0);
	assert_exits(want, sizeof(want) / sizeof(want[0]));
}
END_TEST

START_TEST(test_branches)
{
	static const uint8_t code[] = {
	        0x75, 0x10,                         /* 1000 jne 1012: outside */
	        0x74, 0x04,                         /* 1002 je 1008: inside */
	        0xeb, 0xfe,                         /* 1004 jmp 1004: itself */
	        0x74, 0x01,                         /* 1006 je 1009: mid-insn */
	        0xb8, 0x01, 0x00, 0x00, 0x00,       /* 1008 mov $1,%eax */
	        0x0f, 0x8c, 0xed, 0xef, 0xff, 0xff, /* 100d jl 0: below start */
	        0xe9, 0xe9, 0xff, 0xff, 0xff,       /* 1013 jmp 1001: mid-insn */
	        0x7f, 0xe6,                         /* 1018 jg 1000: start */
	        0xeb, 0x00,                         /* 101a jmp 101c: end, caught there */
	};
	uint64_t end = put(CODE, code, sizeof(code));
	const uint64_t want[] = {0x1000, 0x1006, 0x100d, 0x1013, end};

	ck_assert_int_eq(end, 0x101c);
	ck_assert_int_eq(find(CODE, end), 0);
	assert_exits(want, sizeof(want) / sizeof(want[0]));
}
END_TEST

START_TEST(test_empty_range)
{
	const uint64_t want[] = {CODE};

	ck_assert_int_eq(find(CODE, CODE), 0);
	assert_exits(want, 1);
	ck_assert_uint_eq(rx.ninsn, 0);
}
END_TEST

/* ---- no fast path ---- */

START_TEST(test_end_mid_instruction)
{
	uint64_t end = put(CODE, loop_line, sizeof(loop_line));

	ck_assert_int_eq(find(CODE, end - 1), -EINVAL);
	ck_assert_uint_eq(rx.nexit, 0);
	ck_assert_ptr_null(rx.exit);
}
END_TEST

START_TEST(test_undecodable)
{
	static const uint8_t code[] = {0x90, 0x06, 0x90}; /* push %es: invalid */

	put(CODE, code, sizeof(code));
	ck_assert_int_eq(find(CODE, CODE + 3), -EINVAL);
	ck_assert_int_eq(find(MEM_SIZE - 1, MEM_SIZE + 4), -EFAULT);
}
END_TEST

START_TEST(test_too_long)
{
	ck_assert_int_eq(find(CODE, CODE + RANGE_MAX_INSNS), 0);
	ck_assert_uint_eq(rx.ninsn, RANGE_MAX_INSNS);
	ck_assert_int_eq(find(CODE, CODE + RANGE_MAX_INSNS + 1), -E2BIG);
	ck_assert_uint_eq(rx.ninsn, 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("range_exits");
	TCase *tc;

	tc = tcase_create("insn_flow");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_flow, 0, sizeof(flow_cases) / sizeof(flow_cases[0]));
	tcase_add_test(tc, test_flow_errors);
	tcase_add_test(tc, test_descriptor);
	suite_add_tcase(s, tc);

	tc = tcase_create("exits");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_loop_has_only_end);
	tcase_add_test(tc, test_loop_split);
	tcase_add_test(tc, test_leaving_instructions);
	tcase_add_test(tc, test_branches);
	tcase_add_test(tc, test_empty_range);
	suite_add_tcase(s, tc);

	tc = tcase_create("no_fast_path");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_end_mid_instruction);
	tcase_add_test(tc, test_undecodable);
	tcase_add_test(tc, test_too_long);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(suite());
}
