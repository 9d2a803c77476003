/*
 * test_displaced_x86_64 — unit tests for the x86-64 displaced-step
 * relocation (server/arch/x86_64/displaced_x86_64.c). Original and expected
 * bytes come from GNU as: each RIP-relative instruction next to the same
 * instruction assembled with `{disp32} ... (%scratch)'. One TCase per
 * concern: RIP-relative operands (legacy, REX, VEX, EVEX), control
 * transfers and their PC / return-address fixups, instructions copied
 * unchanged, refused instructions, and the descriptor's hook.
 */
#include <check.h>
#include <errno.h>
#include <string.h>

#include "arch/arch.h"
#include "arch/x86_64/displaced_x86_64.h"
#include "check_main.h"

#define FROM 0x401234u
#define TO 0x400001u
#define NVEC(v) ((int)(sizeof(v) / sizeof((v)[0])))

/* gdb's register numbers of the scratch candidates */
enum { RBX = 1, RSI = 4, RDI = 5, NONE = -1 };

struct vec {
	const char *name;
	uint8_t in[15];
	uint8_t out[15];
	size_t len;
	int scratch;
	enum arch_displaced_pc pc;
	bool call;
};

#define REL ARCH_DISPLACED_PC_RELATIVE
#define ABS ARCH_DISPLACED_PC_ABSOLUTE

static const struct vec riprel_vecs[] = {
        {"mov rip,eax",
         {0x8b, 0x05, 0x78, 0x56, 0x34, 0x12},
         {0x8b, 0x86, 0x78, 0x56, 0x34, 0x12},
         6,
         RSI,
         REL,
         false},
        {"mov rax,rip (REX.W)",
         {0x48, 0x89, 0x05, 0xf0, 0xff, 0xff, 0xff},
         {0x48, 0x89, 0x86, 0xf0, 0xff, 0xff, 0xff},
         7,
         RSI,
         REL,
         false},
        {"mov rip,esi (reg is rsi)",
         {0x8b, 0x35, 0x00, 0x01, 0x00, 0x00},
         {0x8b, 0xb7, 0x00, 0x01, 0x00, 0x00},
         6,
         RDI,
         REL,
         false},
        {"lea rip,rdi",
         {0x48, 0x8d, 0x3d, 0x40, 0x00, 0x00, 0x00},
         {0x48, 0x8d, 0xbe, 0x40, 0x00, 0x00, 0x00},
         7,
         RSI,
         REL,
         false},
        {"mov rip,r14 (REX.R: reg 6 avoided too)",
         {0x4c, 0x8b, 0x35, 0x08, 0x00, 0x00, 0x00},
         {0x4c, 0x8b, 0xb7, 0x08, 0x00, 0x00, 0x00},
         7,
         RDI,
         REL,
         false},
        {"REX.B cleared",
         {0x41, 0x8b, 0x05, 0x08, 0x00, 0x00, 0x00},
         {0x40, 0x8b, 0x86, 0x08, 0x00, 0x00, 0x00},
         7,
         RSI,
         REL,
         false},
        {"addl imm8,rip",
         {0x83, 0x05, 0x00, 0x10, 0x00, 0x00, 0x05},
         {0x83, 0x86, 0x00, 0x10, 0x00, 0x00, 0x05},
         7,
         RSI,
         REL,
         false},
        {"lock incl rip",
         {0xf0, 0xff, 0x05, 0x20, 0x00, 0x00, 0x00},
         {0xf0, 0xff, 0x86, 0x20, 0x00, 0x00, 0x00},
         7,
         RSI,
         REL,
         false},
        {"fs: mov rip,rdx",
         {0x64, 0x48, 0x8b, 0x15, 0x28, 0x00, 0x00, 0x00},
         {0x64, 0x48, 0x8b, 0x96, 0x28, 0x00, 0x00, 0x00},
         8,
         RSI,
         REL,
         false},
        {"mov eip,ecx (67)",
         {0x67, 0x8b, 0x0d, 0x10, 0x00, 0x00, 0x00},
         {0x67, 0x8b, 0x8e, 0x10, 0x00, 0x00, 0x00},
         7,
         RSI,
         REL,
         false},
        {"cmpxchg rsi,rip",
         {0x48, 0x0f, 0xb1, 0x35, 0x10, 0x00, 0x00, 0x00},
         {0x48, 0x0f, 0xb1, 0xb7, 0x10, 0x00, 0x00, 0x00},
         8,
         RDI,
         REL,
         false},
        {"movsd rip,xmm0 (F2 0F)",
         {0xf2, 0x0f, 0x10, 0x05, 0x10, 0x00, 0x00, 0x00},
         {0xf2, 0x0f, 0x10, 0x86, 0x10, 0x00, 0x00, 0x00},
         8,
         RSI,
         REL,
         false},
        {"vmovdqu rip,ymm1 (VEX2)",
         {0xc5, 0xfe, 0x6f, 0x0d, 0x30, 0x00, 0x00, 0x00},
         {0xc5, 0xfe, 0x6f, 0x8e, 0x30, 0x00, 0x00, 0x00},
         8,
         RSI,
         REL,
         false},
        {"vaddps rip,ymm6,ymm8 (VEX2, vvvv rsi)",
         {0xc5, 0x4c, 0x58, 0x05, 0x30, 0x00, 0x00, 0x00},
         {0xc5, 0x4c, 0x58, 0x87, 0x30, 0x00, 0x00, 0x00},
         8,
         RDI,
         REL,
         false},
        {"vpermq ib,rip,ymm9 (VEX3)",
         {0xc4, 0x63, 0xfd, 0x00, 0x0d, 0x40, 0x00, 0x00, 0x00, 0x1b},
         {0xc4, 0x63, 0xfd, 0x00, 0x8e, 0x40, 0x00, 0x00, 0x00, 0x1b},
         10,
         RSI,
         REL,
         false},
        {"VEX3 ~B set",
         {0xc4, 0x43, 0xfd, 0x00, 0x0d, 0x40, 0x00, 0x00, 0x00, 0x1b},
         {0xc4, 0x63, 0xfd, 0x00, 0x8e, 0x40, 0x00, 0x00, 0x00, 0x1b},
         10,
         RSI,
         REL,
         false},
        {"vaddps rip,zmm6,zmm7 (EVEX, reg rdi, vvvv rsi)",
         {0x62, 0xf1, 0x4c, 0x48, 0x58, 0x3d, 0x40, 0x00, 0x00, 0x00},
         {0x62, 0xf1, 0x4c, 0x48, 0x58, 0xbb, 0x40, 0x00, 0x00, 0x00},
         10,
         RBX,
         REL,
         false},
        {"EVEX ~B set",
         {0x62, 0xd1, 0x4c, 0x48, 0x58, 0x3d, 0x40, 0x00, 0x00, 0x00},
         {0x62, 0xf1, 0x4c, 0x48, 0x58, 0xbb, 0x40, 0x00, 0x00, 0x00},
         10,
         RBX,
         REL,
         false},
        {"call *rip",
         {0xff, 0x15, 0xe2, 0x2f, 0x00, 0x00},
         {0xff, 0x96, 0xe2, 0x2f, 0x00, 0x00},
         6,
         RSI,
         ABS,
         true},
        {"jmp *rip",
         {0xff, 0x25, 0xe2, 0x2f, 0x00, 0x00},
         {0xff, 0xa6, 0xe2, 0x2f, 0x00, 0x00},
         6,
         RSI,
         ABS,
         false},
        {"push rip (FF /6)",
         {0xff, 0x35, 0xe2, 0x2f, 0x00, 0x00},
         {0xff, 0xb7, 0xe2, 0x2f, 0x00, 0x00},
         6,
         RDI,
         REL,
         false},
};

static const struct vec plain_vecs[] = {
        {"push rbp", {0x55}, {0x55}, 1, NONE, REL, false},
        {"mov rsp,rbp", {0x48, 0x89, 0xe5}, {0x48, 0x89, 0xe5}, 3, NONE, REL, false},
        {"mov 0x10(rsp),eax (SIB)",
         {0x8b, 0x44, 0x24, 0x10},
         {0x8b, 0x44, 0x24, 0x10},
         4,
         NONE,
         REL,
         false},
        {"mov disp32 absolute (SIB, no base)",
         {0x8b, 0x04, 0x25, 0x00, 0x10, 0x00, 0x00},
         {0x8b, 0x04, 0x25, 0x00, 0x10, 0x00, 0x00},
         7,
         NONE,
         REL,
         false},
        {"endbr64",
         {0xf3, 0x0f, 0x1e, 0xfa},
         {0xf3, 0x0f, 0x1e, 0xfa},
         4,
         NONE,
         REL,
         false},
        {"rep movsb", {0xf3, 0xa4}, {0xf3, 0xa4}, 2, NONE, REL, false},
        {"leave", {0xc9}, {0xc9}, 1, NONE, REL, false},
        {"enter",
         {0xc8, 0x10, 0x00, 0x00},
         {0xc8, 0x10, 0x00, 0x00},
         4,
         NONE,
         REL,
         false},
        {"call rel32",
         {0xe8, 0x10, 0x00, 0x00, 0x00},
         {0xe8, 0x10, 0x00, 0x00, 0x00},
         5,
         NONE,
         REL,
         true},
        {"jmp rel8", {0xeb, 0xfe}, {0xeb, 0xfe}, 2, NONE, REL, false},
        {"jmp rel32",
         {0xe9, 0x00, 0x01, 0x00, 0x00},
         {0xe9, 0x00, 0x01, 0x00, 0x00},
         5,
         NONE,
         REL,
         false},
        {"jne rel32",
         {0x0f, 0x85, 0x00, 0x01, 0x00, 0x00},
         {0x0f, 0x85, 0x00, 0x01, 0x00, 0x00},
         6,
         NONE,
         REL,
         false},
        {"loop", {0xe2, 0xfe}, {0xe2, 0xfe}, 2, NONE, REL, false},
        {"ret", {0xc3}, {0xc3}, 1, NONE, ABS, false},
        {"ret imm16", {0xc2, 0x08, 0x00}, {0xc2, 0x08, 0x00}, 3, NONE, ABS, false},
        {"bnd ret", {0xf2, 0xc3}, {0xf2, 0xc3}, 2, NONE, ABS, false},
        {"call *rax", {0xff, 0xd0}, {0xff, 0xd0}, 2, NONE, ABS, true},
        {"jmp *(rax)", {0xff, 0x20}, {0xff, 0x20}, 2, NONE, ABS, false},
        {"call *0x8(r11)",
         {0x41, 0xff, 0x53, 0x08},
         {0x41, 0xff, 0x53, 0x08},
         4,
         NONE,
         ABS,
         true},
};

static const struct vec refused_vecs[] = {
        {"int3", {0xcc}, {0}, 1, 0, 0, false},
        {"int 0x80", {0xcd, 0x80}, {0}, 2, 0, 0, false},
        {"int1", {0xf1}, {0}, 1, 0, 0, false},
        {"into (invalid)", {0xce}, {0}, 1, 0, 0, false},
        {"hlt", {0xf4}, {0}, 1, 0, 0, false},
        {"syscall", {0x0f, 0x05}, {0}, 2, 0, 0, false},
        {"sysret", {0x0f, 0x07}, {0}, 2, 0, 0, false},
        {"sysenter", {0x0f, 0x34}, {0}, 2, 0, 0, false},
        {"sysexit", {0x0f, 0x35}, {0}, 2, 0, 0, false},
        {"ud2", {0x0f, 0x0b}, {0}, 2, 0, 0, false},
        {"ud1", {0x0f, 0xb9, 0xc0}, {0}, 3, 0, 0, false},
        {"ud0", {0x0f, 0xff, 0xc0}, {0}, 3, 0, 0, false},
        {"xbegin", {0xc7, 0xf8, 0x00, 0x00, 0x00, 0x00}, {0}, 6, 0, 0, false},
        {"lcall *(rax)", {0xff, 0x18}, {0}, 2, 0, 0, false},
        {"ljmp *(rax)", {0xff, 0x28}, {0}, 2, 0, 0, false},
        {"lret", {0xcb}, {0}, 1, 0, 0, false},
        {"lret imm16", {0xca, 0x08, 0x00}, {0}, 3, 0, 0, false},
        {"iretq", {0x48, 0xcf}, {0}, 2, 0, 0, false},
        {"far call (invalid in 64-bit)", {0x9a, 0, 0, 0, 0, 0, 0}, {0}, 7, 0, 0, false},
        {"far jmp (invalid in 64-bit)", {0xea, 0, 0, 0, 0, 0, 0}, {0}, 7, 0, 0, false},
        {"XOP (rejected by the decoder)",
         {0x8f, 0xe9, 0x78, 0x90, 0xc0},
         {0},
         5,
         0,
         0,
         false},
        {"truncated", {0x8b, 0x05, 0x78}, {0}, 3, 0, 0, false},
};

static void check_vec(const struct vec *v)
{
	struct arch_displaced d;
	int ret = x86_64_displaced_prepare(v->in, v->len, FROM, TO, &d);

	ck_assert_msg(ret == 0, "%s: %d", v->name, ret);
	ck_assert_msg(d.len == v->len, "%s: len %zu", v->name, d.len);
	ck_assert_msg(!memcmp(d.insn, v->out, v->len), "%s: bytes differ", v->name);
	ck_assert_msg(d.scratch_reg == v->scratch, "%s: scratch %d", v->name,
	              d.scratch_reg);
	if (v->scratch != NONE)
		ck_assert_uint_eq(d.scratch_val, FROM + v->len);
	ck_assert_msg(d.pc == v->pc, "%s: pc fixup %d", v->name, d.pc);
	ck_assert_msg(d.fix_return == v->call, "%s: return fixup", v->name);
	ck_assert_uint_eq(d.ret_addr, FROM + v->len);
	ck_assert_uint_eq(d.from, FROM);
	ck_assert_uint_eq(d.to, TO);
}

START_TEST(test_riprel)
{
	check_vec(&riprel_vecs[_i]);
}
END_TEST

START_TEST(test_plain)
{
	check_vec(&plain_vecs[_i]);
}
END_TEST

START_TEST(test_refused)
{
	const struct vec *v = &refused_vecs[_i];
	struct arch_displaced d;

	ck_assert_msg(x86_64_displaced_prepare(v->in, v->len, FROM, TO, &d) == -ENOTSUP,
	              "%s accepted", v->name);
}
END_TEST

/* The instruction is found at the start of a longer buffer (15 bytes
 * read at the breakpoint): only its own bytes are copied. */
START_TEST(test_trailing_bytes)
{
	const uint8_t buf[15] = {0x55, 0x48, 0x89, 0xe5, 0xcc, 0xcc};
	struct arch_displaced d;

	ck_assert_int_eq(x86_64_displaced_prepare(buf, sizeof(buf), FROM, TO, &d), 0);
	ck_assert_uint_eq(d.len, 1);
	ck_assert_uint_eq(d.insn[0], 0x55);
}
END_TEST

/* PC after the step: relative instructions map back by from - to. */
START_TEST(test_fixup_pc)
{
	const uint8_t jmp[] = {0xeb, 0x10}, ret[] = {0xc3}, call[] = {0xe8, 0, 1, 0, 0};
	struct arch_displaced d;

	ck_assert_int_eq(x86_64_displaced_prepare(jmp, sizeof(jmp), FROM, TO, &d), 0);
	ck_assert_uint_eq(arch_displaced_fixup_pc(&d, TO + 2 + 0x10), FROM + 2 + 0x10);
	ck_assert_int_eq(x86_64_displaced_prepare(ret, sizeof(ret), FROM, TO, &d), 0);
	ck_assert_uint_eq(arch_displaced_fixup_pc(&d, 0x7f0012345678u), 0x7f0012345678u);
	ck_assert_int_eq(x86_64_displaced_prepare(call, sizeof(call), FROM, TO, &d), 0);
	ck_assert_uint_eq(arch_displaced_fixup_pc(&d, TO + 5 + 0x100), FROM + 5 + 0x100);
	ck_assert_uint_eq(d.ret_addr, FROM + 5);
}
END_TEST

START_TEST(test_descriptor)
{
	ck_assert_ptr_eq(arch_native()->displaced_prepare, x86_64_displaced_prepare);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("displaced_x86_64");
	TCase *tc = tcase_create("riprel");

	tcase_add_loop_test(tc, test_riprel, 0, NVEC(riprel_vecs));
	suite_add_tcase(s, tc);
	tc = tcase_create("plain");
	tcase_add_loop_test(tc, test_plain, 0, NVEC(plain_vecs));
	tcase_add_test(tc, test_trailing_bytes);
	suite_add_tcase(s, tc);
	tc = tcase_create("fixup");
	tcase_add_test(tc, test_fixup_pc);
	suite_add_tcase(s, tc);
	tc = tcase_create("refused");
	tcase_add_loop_test(tc, test_refused, 0, NVEC(refused_vecs));
	suite_add_tcase(s, tc);
	tc = tcase_create("descriptor");
	tcase_add_test(tc, test_descriptor);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(suite());
}
