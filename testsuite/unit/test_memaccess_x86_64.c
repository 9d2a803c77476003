/*
 * test_memaccess_x86_64 — unit tests for what an x86-64 instruction may
 * read or write (server/arch/x86_64/memaccess_x86_64.c), used by watch-
 * points emulated by stepping: each vector is an instruction (bytes from GNU
 * as) in fake memory, registers, a watched range and the answers expected
 * before it runs (may access) and after it ran (may have written). One
 * TCase per concern: operands, the stack, string instructions.
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arch/x86_64/decode_x86_64.h"
#include "check_main.h"

#define CODE 0x1000u
#define MEM_SIZE 0x2000u
#define NREGS 60
#include "fake_mem.h"

enum { RAX = 0, RBX = 1, RCX = 2, RSI = 4, RDI = 5, RBP = 6, RSP = 7, EFLAGS = 17 };

static uint64_t regs[NREGS];

static int fake_read_reg(void *ctx, int regnum, uint64_t *val)
{
	(void)ctx;
	if (regnum < 0 || regnum >= NREGS)
		return -EINVAL;
	*val = regs[regnum];
	return 0;
}

static const struct arch_step_ctx ctx = {NULL, fake_read_mem, fake_read_reg};

struct vec {
	const char *what;
	uint8_t insn[8];
	size_t len;
	int reg;      /* a register to set (-1: none) */
	uint64_t val; /* to this */
	uint64_t lo, hi;
	bool access, write;
};

#define W 0x5000u /* the watched bytes: [W, W + 8) */

static const struct vec operands[] = {
	{"mov %eax,(%rbx) at W", {0x89, 0x03}, 2, RBX, W, W, W + 8, true, true},
	{"mov %eax,(%rbx) elsewhere", {0x89, 0x03}, 2, RBX, 0x6000, W, W + 8, false, false},
	{"mov (%rbx),%eax at W: a read", {0x8b, 0x03}, 2, RBX, W, W, W + 8, true, false},
	{"mov 0x10(%rbx),%eax just below W", {0x8b, 0x43, 0x10}, 3, RBX, W - 0x10, W, W + 8,
	 true, false},
	{"lea (%rbx),%rax: no access", {0x48, 0x8d, 0x03}, 3, RBX, W, W, W + 8, false, false},
	{"add %eax,%ebx: registers only", {0x01, 0xc3}, 2, -1, 0, W, W + 8, false, false},
	{"cmp %eax,(%rbx): a read", {0x39, 0x03}, 2, RBX, W, W, W + 8, true, false},
	{"mov %al,-1(%rbx): the byte below W", {0x88, 0x43, 0xff}, 3, RBX, W, W, W + 8,
	 false, false},
	{"mov %eax,-4(%rbx): the 4 bytes below W", {0x89, 0x43, 0xfc}, 3, RBX, W, W, W + 8,
	 false, false},
	{"mov %rax,-4(%rbx): 8 bytes, half in W", {0x48, 0x89, 0x43, 0xfc}, 4, RBX, W, W,
	 W + 8, true, true},
	{"movzbl -1(%rbx),%eax: one byte below W", {0x0f, 0xb6, 0x43, 0xff}, 4, RBX, W, W,
	 W + 8, false, false},
	{"fxsave -64(%rbx): 512 bytes over W", {0x0f, 0xae, 0x43, 0xc0}, 4, RBX, W, W, W + 8,
	 true, true},
	{"bts %eax,-64(%rbx): a bit string, anywhere", {0x0f, 0xab, 0x43, 0xc0}, 4, RBX, W,
	 W, W + 8, true, true},
	{"add %eax,(%rbx): a write", {0x01, 0x03}, 2, RBX, W, W, W + 8, true, true},
	{"prefetcht0 (%rbx): no access", {0x0f, 0x18, 0x0b}, 3, RBX, W, W, W + 8, false, false},
	{"syscall: the kernel's, only as a write", {0x0f, 0x05}, 2, -1, 0, W, W + 8, false, true},
};

static const struct vec stack[] = {
	{"push %rax: 8 below rsp", {0x50}, 1, RSP, W + 8, W, W + 8, true, false},
	{"push %rax: rsp far above", {0x50}, 1, RSP, W + 0x100, W, W + 8, false, false},
	{"pop %rax: at rsp", {0x58}, 1, RSP, W, W, W + 8, true, false},
	{"ret: at rsp", {0xc3}, 1, RSP, W, W, W + 8, true, false},
	{"ret: rsp just above", {0xc3}, 1, RSP, W + 8, W, W + 8, false, false},
	{"call rel32: 8 below rsp", {0xe8, 0, 0, 0, 0}, 5, RSP, W + 8, W, W + 8, true, false},
	{"leave: at rbp", {0xc9}, 1, RBP, W, W, W + 8, true, false},
};

static const struct vec strings[] = {
	{"movsb: reads rsi", {0xa4}, 1, RSI, W + 3, W, W + 8, true, true},
	{"stosb: writes rdi", {0xaa}, 1, RDI, W + 7, W, W + 8, true, true},
	{"stosb: rdi past W", {0xaa}, 1, RDI, W + 8, W, W + 8, false, true},
	{"rep stosq: 4 x 8 bytes from below W", {0xf3, 0x48, 0xab}, 3, RDI, W - 24, W, W + 8,
	 true, true},
};

static void run(const struct vec *v, uint64_t rcx)
{
	memset(mem, 0, sizeof(mem));
	memset(regs, 0, sizeof(regs));
	memcpy(mem + CODE, v->insn, v->len);
	regs[RCX] = rcx;
	if (v->reg >= 0)
		regs[v->reg] = v->val;
	ck_assert_msg(x86_64_insn_may_access(&ctx, CODE, v->lo, v->hi) == v->access,
	              "%s: may access should be %d", v->what, v->access);
	ck_assert_msg(x86_64_insn_may_write(&ctx, CODE, v->lo, v->hi) || !v->write,
	              "%s: a writer excused", v->what);
	if (!v->write && v->reg != RSP && v->reg != RBP)
		ck_assert_msg(!x86_64_insn_may_write(&ctx, CODE, v->lo, v->hi),
		              "%s: taken for a writer", v->what);
}

START_TEST(test_operands)
{
	run(&operands[_i], 0);
}
END_TEST

START_TEST(test_stack)
{
	run(&stack[_i], 0);
}
END_TEST

START_TEST(test_strings)
{
	run(&strings[_i], 4); /* rep: rcx 4 */
}
END_TEST

START_TEST(test_string_downwards)
{
	static const struct vec std = {"std; stosb at W going down", {0xaa}, 1, RDI, W, W, W + 8,
	                               true, true};

	run(&std, 0);
	regs[EFLAGS] = 1u << 10;
	regs[RDI] = W + 8; /* one byte at W + 8, below nothing watched */
	ck_assert(!x86_64_insn_may_access(&ctx, CODE, W, W + 8));
	memcpy(mem + CODE, (uint8_t[]){0xf3, 0xaa}, 2); /* rep stosb, 2 bytes down */
	regs[RCX] = 2;
	ck_assert(x86_64_insn_may_access(&ctx, CODE, W, W + 8));
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("memaccess_x86_64");
	TCase *tc = tcase_create("operands");

	tcase_add_loop_test(tc, test_operands, 0, sizeof(operands) / sizeof(operands[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("stack");
	tcase_add_loop_test(tc, test_stack, 0, sizeof(stack) / sizeof(stack[0]));
	suite_add_tcase(s, tc);
	tc = tcase_create("strings");
	tcase_add_loop_test(tc, test_strings, 0, sizeof(strings) / sizeof(strings[0]));
	tcase_add_test(tc, test_string_downwards);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(suite());
}
