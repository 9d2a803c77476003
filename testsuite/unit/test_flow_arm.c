/*
 * test_flow_arm — unit tests for range stepping's exit analysis on 32-bit
 * ARM (server/arch/arm/flow_arm.c, decode_arm_static.c): arm_insn_flow on
 * single instructions, and the exits range_exits_find() gives for
 * hand-written ARM and Thumb-2 ranges. The code below is the output of
 * arm-linux-gnueabihf-as (disassembly in the comments), placed in fake
 * memory; the only register read is CPSR (the T bit). One TCase per
 * concern: single instructions, IT blocks and ldrex/strex groups, the
 * exits of ranges, ranges without a fast path.
 */
#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "check_main.h"
#include "decode_arm.h"
#include "flow_arm.h"
#include "range_exits.h"

#define ARM_CODE 0x1000u
#define THUMB_CODE 0x2000u
#define MEM_SIZE 0x4000u
#define CPSR_T (1u << 5)

#include "fake_mem.h"

/* arm-linux-gnueabihf-as output, ARM state, at ARM_CODE */
static const uint32_t arm_code[] = {
        0xe2833001, /* 00: add r3, r3, #1 */
        0xe1530002, /* 04: cmp r3, r2 */
        0xbafffffc, /* 08: blt 0 <a_loop> */
        0xea000014, /* 0c: b 64 <a_far> */
        0xebfffffa, /* 10: bl 0 <a_loop> */
        0xe12fff1e, /* 14: bx lr */
        0xe12fff33, /* 18: blx r3 */
        0xe8bd8010, /* 1c: pop {r4, pc} */
        0xe8908002, /* 20: ldm r0, {r1, pc} */
        0xe590f004, /* 24: ldr pc, [r0, #4] */
        0xe1a0f00e, /* 28: mov pc, lr */
        0xe08ff100, /* 2c: add pc, pc, r0, lsl #2 */
        0xef000000, /* 30: svc 0x00000000 */
        0xe7f001f0, /* 34: .word 0xe7f001f0 */
        0xe1200070, /* 38: bkpt 0x0000 */
        0xe15f0000, /* 3c: cmp pc, r0 */
        0xe128f000, /* 40: msr CPSR_f, r0 */
        0xe58df000, /* 44: str pc, [sp] */
        0xe1903f9f, /* 48: ldrex r3, [r0] */
        0xe2833001, /* 4c: add r3, r3, #1 */
        0xe1802f93, /* 50: strex r2, r3, [r0] */
        0xe3520000, /* 54: cmp r2, #0 */
        0x1afffffa, /* 58: bne 48 <a_loop+0x48> */
        0xfa000000, /* 5c: blx 64 <a_far> */
        0x01a0f00e, /* 60: moveq pc, lr */
        0xe1a00000, /* 64: nop */
};
/* Thumb state, at THUMB_CODE (halfwords) */
static const uint16_t thumb_code[] = {
        0x3301,         /* 00: adds r3, #1 */
        0x4293,         /* 02: cmp r3, r2 */
        0xdbfc,         /* 04: blt.n 0 <t_loop> */
        0xf6ff, 0xaffb, /* 06: blt.w 0 <t_loop> */
        0xe7f9,         /* 0a: b.n 0 <t_loop> */
        0xf000, 0xb831, /* 0c: b.w 72 <t_far> */
        0xb33b,         /* 10: cbz r3, 62 <t_far2> */
        0xf7ff, 0xfff5, /* 12: bl 0 <t_loop> */
        0xf7ff, 0xeff4, /* 16: blx 0 <t_loop> */
        0x4770,         /* 1a: bx lr */
        0x4798,         /* 1c: blx r3 */
        0xbd10,         /* 1e: pop {r4, pc} */
        0xe8bd, 0x8ff0, /* 20: ldmia.w sp!, {r4, r5, r6, r7, r8, r9, sl, fp, pc} */
        0xf8d0, 0xf004, /* 24: ldr.w pc, [r0, #4] */
        0xf85d, 0xfb04, /* 28: ldr.w pc, [sp], #4 */
        0x46f7,         /* 2c: mov pc, lr */
        0x4487,         /* 2e: add pc, r0 */
        0xe8df, 0xf000, /* 30: tbb [pc, r0] */
        0xe8df, 0xf010, /* 34: tbh [pc, r0, lsl #1] */
        0xdf00,         /* 38: svc 0 */
        0xde01,         /* 3a: .short 0xde01 */
        0xf7f0, 0xa000, /* 3c: .word 0xa000f7f0 */
        0xbe00,         /* 40: bkpt 0x0000 */
        0xbfb4,         /* 42: ite lt */
        0x2001,         /* 44: movlt r0, #1 */
        0x2002,         /* 46: movge r0, #2 */
        0xbf08,         /* 48: it eq */
        0x4770,         /* 4a: bxeq lr */
        0xbf1c,         /* 4c: itt ne */
        0x3001,         /* 4e: addne r0, #1 */
        0xf7ff, 0xbfd6, /* 50: bne.w 0 <t_loop> */
        0xe850, 0x3f00, /* 54: ldrex r3, [r0] */
        0x3301,         /* 58: adds r3, #1 */
        0xe840, 0x3200, /* 5a: strex r2, r3, [r0] */
        0x2a00,         /* 5e: cmp r2, #0 */
        0xd1ce,         /* 60: bne.n 0 <t_loop> */
        0xf3bf, 0x8f5b, /* 62: dmb ish */
        0xf3af, 0x8000, /* 66: nop.w */
        0xf3ef, 0x8000, /* 6a: mrs r0, CPSR */
        0xf3de, 0x8f00, /* 6e: subs pc, lr, #0 */
        0x46c0,         /* 72: nop */
        0x3001,         /* 74: adds r0, #1 */
        0x4288,         /* 76: cmp r0, r1 */
        0xbfb8,         /* 78: it lt */
        0xe7fb,         /* 7a: blt.n 74 <t_it_loop> */
        0x46c0,         /* 7c: nop */
        0xe850, 0x3f00, /* 7e: ldrex r3, [r0] */
        0x428b,         /* 82: cmp r3, r1 */
        0xd103,         /* 84: bne.n 8e <t_cas_fail> */
        0xe840, 0x4200, /* 86: strex r2, r4, [r0] */
        0x2a00,         /* 8a: cmp r2, #0 */
        0xd1f7,         /* 8c: bne.n 7e <t_cas> */
        0x46c0,         /* 8e: nop */
        0x46c0,         /* 90: nop */
};

static uint64_t cpsr;

static int fake_read_reg(void *ctx, int regnum, uint64_t *val)
{
	(void)ctx;
	ck_assert_int_eq(regnum, ARM_REG_CPSR);
	*val = cpsr;
	return 0;
}

static const struct arch_step_ctx ctx = {NULL, fake_read_mem, fake_read_reg};
static struct range_exits rx;

static void setup(void)
{
	size_t i;

	memset(mem, 0, sizeof(mem));
	memset(&rx, 0, sizeof(rx));
	fake_mem_fail = false;
	for (i = 0; i < sizeof(arm_code) / sizeof(arm_code[0]); i++)
		memcpy(mem + ARM_CODE + 4 * i, &arm_code[i], 4); /* little-endian host */
	memcpy(mem + THUMB_CODE, thumb_code, sizeof(thumb_code));
}

static void teardown(void)
{
	range_exits_free(&rx);
}

static uint32_t base(bool thumb)
{
	cpsr = thumb ? CPSR_T : 0;
	return thumb ? THUMB_CODE : ARM_CODE;
}

/* ---- single instructions (and groups) ---- */

#define L ARCH_FLOW_LEAVE
#define B ARCH_FLOW_BRANCH
#define N ARCH_FLOW_NEXT

struct flow_case {
	bool thumb;
	uint32_t off;
	unsigned len;
	enum arch_flow_kind kind;
	bool falls_through;
	uint32_t target; /* offset */
	int bp_kind;
};

static const struct flow_case flow_cases[] = {
        {false, 0x00, 4, N, false, 0, 4},    /* add */
        {false, 0x08, 4, B, true, 0x00, 4},  /* blt */
        {false, 0x0c, 4, B, false, 0x64, 4}, /* b */
        {false, 0x10, 4, L, false, 0, 4},    /* bl: a call, as x86's */
        {false, 0x14, 4, L, false, 0, 4},    /* bx lr */
        {false, 0x18, 4, L, false, 0, 4},    /* blx r3 */
        {false, 0x1c, 4, L, false, 0, 4},    /* pop {r4, pc} */
        {false, 0x20, 4, L, false, 0, 4},    /* ldm r0, {r1, pc} */
        {false, 0x24, 4, L, false, 0, 4},    /* ldr pc */
        {false, 0x28, 4, L, false, 0, 4},    /* mov pc, lr */
        {false, 0x2c, 4, L, false, 0, 4},    /* add pc, pc, r0, lsl #2 */
        {false, 0x30, 4, L, false, 0, 4},    /* svc */
        {false, 0x34, 4, L, false, 0, 4},    /* udf (the breakpoint) */
        {false, 0x38, 4, L, false, 0, 4},    /* bkpt */
        {false, 0x3c, 4, N, false, 0, 4},    /* cmp pc, r0 */
        {false, 0x40, 4, N, false, 0, 4},    /* msr (Rd field 15) */
        {false, 0x44, 4, N, false, 0, 4},    /* str pc */
        {false, 0x48, 12, N, false, 0, 4},   /* ldrex .. strex as one */
        {false, 0x58, 4, B, true, 0x48, 4},  /* bne back to the ldrex */
        {false, 0x5c, 4, L, false, 0, 4},    /* blx <imm> */
        {false, 0x60, 4, L, false, 0, 4},    /* moveq pc, lr */
        {true, 0x00, 2, N, false, 0, 2},     /* adds */
        {true, 0x04, 2, B, true, 0x00, 2},   /* blt.n */
        {true, 0x06, 4, B, true, 0x00, 3},   /* blt.w */
        {true, 0x0a, 2, B, false, 0x00, 2},  /* b.n */
        {true, 0x0c, 4, B, false, 0x72, 3},  /* b.w */
        {true, 0x10, 2, B, true, 0x62, 2},   /* cbz */
        {true, 0x12, 4, L, false, 0, 3},     /* bl */
        {true, 0x16, 4, L, false, 0, 3},     /* blx <imm> */
        {true, 0x1a, 2, L, false, 0, 2},     /* bx lr */
        {true, 0x1c, 2, L, false, 0, 2},     /* blx r3 */
        {true, 0x1e, 2, L, false, 0, 2},     /* pop {r4, pc} */
        {true, 0x20, 4, L, false, 0, 3},     /* pop.w {.., pc} */
        {true, 0x24, 4, L, false, 0, 3},     /* ldr.w pc, [r0, #4] */
        {true, 0x28, 4, L, false, 0, 3},     /* ldr.w pc, [sp], #4 */
        {true, 0x2c, 2, L, false, 0, 2},     /* mov pc, lr */
        {true, 0x2e, 2, L, false, 0, 2},     /* add pc, r0 */
        {true, 0x30, 4, L, false, 0, 3},     /* tbb */
        {true, 0x34, 4, L, false, 0, 3},     /* tbh */
        {true, 0x38, 2, L, false, 0, 2},     /* svc */
        {true, 0x3a, 2, L, false, 0, 2},     /* udf (the breakpoint) */
        {true, 0x3c, 4, L, false, 0, 3},     /* udf.w (the Thumb-2 breakpoint) */
        {true, 0x40, 2, L, false, 0, 2},     /* bkpt */
        {true, 0x62, 4, N, false, 0, 3},     /* dmb */
        {true, 0x66, 4, N, false, 0, 3},     /* nop.w */
        {true, 0x6a, 4, N, false, 0, 3},     /* mrs */
        {true, 0x6e, 4, L, false, 0, 3},     /* subs pc, lr, #0 */
};

START_TEST(test_flow)
{
	const struct flow_case *fc = &flow_cases[_i];
	uint32_t at = base(fc->thumb);
	struct arch_insn_flow f;

	ck_assert_int_eq(arm_insn_flow(&ctx, at + fc->off, &f), 0);
	ck_assert_msg(f.len == fc->len, "%#x: len %u", fc->off, f.len);
	ck_assert_msg(f.kind == fc->kind, "%#x: kind %d", fc->off, f.kind);
	ck_assert_msg(f.bp_kind == fc->bp_kind, "%#x: bp_kind %d", fc->off, f.bp_kind);
	if (fc->kind == ARCH_FLOW_BRANCH) {
		ck_assert_msg(f.falls_through == fc->falls_through, "%#x: falls through",
		              fc->off);
		ck_assert_msg(f.target == at + fc->target, "%#x: target %#llx", fc->off,
		              (unsigned long long)f.target);
	}
}
END_TEST

/* ---- groups: IT blocks and load-exclusive sequences ---- */

static const struct flow_case group_cases[] = {
        {true, 0x42, 6, N, false, 0, 2},    /* ite lt; movlt; movge */
        {true, 0x48, 4, L, false, 0, 2},    /* it eq; bxeq lr: on the IT */
        {true, 0x4c, 8, B, true, 0x00, 2},  /* itt ne; addne; bne.w */
        {true, 0x78, 4, B, true, 0x74, 2},  /* it lt; blt.n */
        {true, 0x54, 10, N, false, 0, 3},   /* ldrex; adds; strex */
        {true, 0x7e, 12, B, true, 0x8e, 3}, /* cmpxchg: its failure exit */
};

START_TEST(test_group)
{
	const struct flow_case *fc = &group_cases[_i];
	uint32_t at = base(fc->thumb);
	struct arch_insn_flow f;

	ck_assert_int_eq(arm_insn_flow(&ctx, at + fc->off, &f), 0);
	ck_assert_msg(f.len == fc->len, "%#x: len %u", fc->off, f.len);
	ck_assert_msg(f.kind == fc->kind, "%#x: kind %d", fc->off, f.kind);
	ck_assert_msg(f.bp_kind == fc->bp_kind, "%#x: bp_kind %d", fc->off, f.bp_kind);
	if (fc->kind == ARCH_FLOW_BRANCH) {
		ck_assert(f.falls_through);
		ck_assert_msg(f.target == at + fc->target, "%#x: target %#llx", fc->off,
		              (unsigned long long)f.target);
	}
}
END_TEST

START_TEST(test_group_limits)
{
	struct arch_insn_flow f;

	base(true);
	/* it eq; it eq: an IT inside an IT block is unpredictable */
	mem[THUMB_CODE + 0x48 + 2] = 0x08;
	mem[THUMB_CODE + 0x48 + 3] = 0xbf;
	ck_assert_int_eq(arm_insn_flow(&ctx, THUMB_CODE + 0x48, &f), -EINVAL);
	/* ldrex whose strex is gone (subs pc, lr before any): a plain instruction */
	memset(mem + THUMB_CODE + 0x58, 0, 4);
	memset(mem + THUMB_CODE + 0x5a, 0, 4);
	ck_assert_int_eq(arm_insn_flow(&ctx, THUMB_CODE + 0x54, &f), 0);
	ck_assert_uint_eq(f.len, 4);
	ck_assert_int_eq(f.kind, ARCH_FLOW_NEXT);
}
END_TEST

/* ---- ranges ---- */

struct range_case {
	bool thumb;
	uint32_t start, end; /* offsets */
	uint32_t exits[12];  /* offsets, ascending; END last */
	size_t nexit;
	int end_kind;
};

static const struct range_case range_cases[] = {
        /* a loop: only END */
        {false, 0x00, 0x0c, {0x0c}, 1, 4},
        /* b out of the range, bl */
        {false, 0x00, 0x14, {0x0c, 0x10, 0x14}, 3, 4},
        /* every indirect transfer, svc, the traps; not cmp/msr/str pc */
        {false,
         0x14,
         0x48,
         {0x14, 0x18, 0x1c, 0x20, 0x24, 0x28, 0x2c, 0x30, 0x34, 0x38, 0x48},
         11,
         4},
        /* an ldrex/strex loop: no breakpoint inside */
        {false, 0x48, 0x5c, {0x5c}, 1, 4},
        {true, 0x00, 0x06, {0x06}, 1, 3},
        /* branches out: blt.w, b.n back before START, b.w and cbz forward */
        {true, 0x06, 0x12, {0x06, 0x0a, 0x0c, 0x10, 0x12}, 5, 3},
        {true, 0x1a, 0x24, {0x1a, 0x1c, 0x1e, 0x20, 0x24}, 5, 3},
        {true, 0x30, 0x38, {0x30, 0x34, 0x38}, 3, 2},
        /* IT block, nothing leaves: runs through */
        {true, 0x42, 0x48, {0x48}, 1, 2},
        /* an exit inside an IT block: on the IT instruction */
        {true, 0x42, 0x4c, {0x48, 0x4c}, 2, 2},
        /* a conditional branch out in the last slot: on the IT */
        {true, 0x4c, 0x54, {0x4c, 0x54}, 2, 3},
        /* a loop whose back edge is in an IT block */
        {true, 0x74, 0x7c, {0x7c}, 1, 2},
        /* ldrex/strex loop back to t_loop (outside): the bne, not inside */
        {true, 0x54, 0x62, {0x60, 0x62}, 2, 3},
        /* cmpxchg: its failure exit inside the range, at END (caught there),
         * beyond END (on the ldrex, never between ldrex and strex) */
        {true, 0x7e, 0x90, {0x90}, 1, 2},
        {true, 0x7e, 0x8e, {0x8e}, 1, 2},
        {true, 0x7e, 0x8c, {0x7e, 0x8c}, 2, 2},
};

START_TEST(test_range)
{
	const struct range_case rc = range_cases[_i];
	uint32_t at = base(rc.thumb);
	size_t i;

	ck_assert_int_eq(
	        range_exits_find(arm_insn_flow, &ctx, at + rc.start, at + rc.end, &rx),
	        0);
	ck_assert_msg(rx.nexit == rc.nexit, "range %#x-%#x: %zu exits", rc.start, rc.end,
	              rx.nexit);
	for (i = 0; i < rc.nexit; i++)
		ck_assert_msg(rx.exit[i] == at + rc.exits[i],
		              "range %#x-%#x exit %zu: %#llx", rc.start, rc.end, i,
		              (unsigned long long)rx.exit[i] - at);
	ck_assert_int_eq(rx.exit_kind[rc.nexit - 1], rc.end_kind);
}
END_TEST

START_TEST(test_range_inside_groups)
{
	uint32_t at = base(true);

	ck_assert_int_eq(range_exits_find(arm_insn_flow, &ctx, at + 0x42, at + 0x4c, &rx),
	                 0);
	ck_assert(range_exits_is_insn(&rx, at + 0x42));
	ck_assert(!range_exits_is_insn(&rx, at + 0x44)); /* stepped, never run */
	ck_assert(!range_exits_is_insn(&rx, at + 0x4a));
	ck_assert_int_eq(rx.exit_kind[0], ARM_BP_KIND_THUMB);
	ck_assert_int_eq(range_exits_find(arm_insn_flow, &ctx, at + 0x54, at + 0x62, &rx),
	                 0);
	ck_assert(!range_exits_is_insn(&rx, at + 0x58));
	ck_assert(!range_exits_is_insn(&rx, at + 0x5a));
	ck_assert(range_exits_is_insn(&rx, at + 0x5e));
}
END_TEST

/* ---- no fast path ---- */

START_TEST(test_no_fast_path)
{
	uint32_t t = base(true);
	struct arch_insn_flow f;

	/* END inside a 32-bit instruction, an IT block, an ldrex sequence */
	ck_assert_int_eq(range_exits_find(arm_insn_flow, &ctx, t, t + 0x08, &rx),
	                 -EINVAL);
	ck_assert_int_eq(range_exits_find(arm_insn_flow, &ctx, t + 0x42, t + 0x46, &rx),
	                 -EINVAL);
	ck_assert_int_eq(range_exits_find(arm_insn_flow, &ctx, t + 0x54, t + 0x5a, &rx),
	                 -EINVAL);
	/* odd Thumb / unaligned ARM pc, the kernel's helper page */
	ck_assert_int_eq(arm_insn_flow(&ctx, t + 1, &f), -EINVAL);
	ck_assert_int_eq(arm_insn_flow(&ctx, 0xffff0fa0, &f), -EINVAL);
	base(false);
	ck_assert_int_eq(arm_insn_flow(&ctx, ARM_CODE + 2, &f), -EINVAL);
	ck_assert_int_eq(range_exits_find(arm_insn_flow, &ctx, ARM_CODE + 0x48,
	                                  ARM_CODE + 0x50, &rx),
	                 -EINVAL);
}
END_TEST

START_TEST(test_unreadable)
{
	struct arch_insn_flow f;

	base(true);
	/* a 32-bit instruction cut by the end of memory */
	mem[MEM_SIZE - 2] = 0xf0;
	mem[MEM_SIZE - 1] = 0xf7;
	ck_assert_int_eq(arm_insn_flow(&ctx, MEM_SIZE - 2, &f), -EFAULT);
	ck_assert_int_eq(
	        range_exits_find(arm_insn_flow, &ctx, MEM_SIZE - 4, MEM_SIZE + 4, &rx),
	        -EFAULT);
	fake_mem_fail = true;
	ck_assert_int_eq(arm_insn_flow(&ctx, THUMB_CODE, &f), -EFAULT);
	base(false);
	ck_assert_int_eq(arm_insn_flow(&ctx, ARM_CODE, &f), -EFAULT);
	/* END unreadable: the default breakpoint there (planting will fail) */
	fake_mem_fail = false;
	ck_assert_int_eq(
	        range_exits_find(arm_insn_flow, &ctx, MEM_SIZE - 4, MEM_SIZE, &rx), 0);
	ck_assert_int_eq(rx.exit_kind[rx.nexit - 1], 0);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("flow_arm");
	TCase *tc;

	tc = tcase_create("insn_flow");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_flow, 0, sizeof(flow_cases) / sizeof(flow_cases[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("groups");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_group, 0,
	                    sizeof(group_cases) / sizeof(group_cases[0]));
	tcase_add_test(tc, test_group_limits);
	tcase_add_test(tc, test_range_inside_groups);
	suite_add_tcase(s, tc);

	tc = tcase_create("exits");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_range, 0,
	                    sizeof(range_cases) / sizeof(range_cases[0]));
	suite_add_tcase(s, tc);

	tc = tcase_create("no_fast_path");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_no_fast_path);
	tcase_add_test(tc, test_unreadable);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(suite());
}
