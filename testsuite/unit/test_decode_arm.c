/*
 * test_decode_arm — unit tests for the ARM / Thumb-2 next-PC decoder
 * (server/arch/arm/), the arm descriptor and the arm-linux.xml target
 * description. Instructions are placed in fake memory, registers in a fake
 * register file, both reached only through the arch_step_ctx callbacks.
 * One TCase per concern: ARM state, Thumb 16-bit, Thumb-2, IT blocks,
 * ldrex/strex, svc and signal frames, kernel helpers, malformed input, tdesc.
 */
#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "arch_arm.h"
#include "decode_arm.h"
#include "tdesc.h"
#include "tdesc_builtin.h"

#define CODE 0x1000u
#define STACK 0x8000u
#define MEM_SIZE 0x10000u
#define T (1u << 5)
#define Z (1u << 30)
#define N (1u << 31)
#define C (1u << 29)

#include "fake_mem.h"

static uint64_t regs[26];

static int fake_read_reg(void *ctx, int regnum, uint64_t *val)
{
	(void)ctx;
	if (regnum < 0 || regnum > 25 || (regnum > 15 && regnum < 25))
		return -EINVAL;
	*val = regs[regnum];
	return 0;
}

static const struct arch_step_ctx ctx = { NULL, fake_read_mem, fake_read_reg };
static struct arch_next_pc out[ARCH_MAX_NEXT_PCS];

static void setup(void)
{
	memset(mem, 0, sizeof(mem));
	memset(regs, 0, sizeof(regs));
	memset(out, 0, sizeof(out));
	fake_mem_fail = false;
	regs[ARM_REG_SP] = STACK;
}

static void put32(uint32_t addr, uint32_t v)
{
	mem[addr] = v & 0xff;
	mem[addr + 1] = v >> 8 & 0xff;
	mem[addr + 2] = v >> 16 & 0xff;
	mem[addr + 3] = v >> 24;
}

static void put16(uint32_t addr, uint16_t v)
{
	mem[addr] = v & 0xff;
	mem[addr + 1] = v >> 8;
}

/* Thumb-2 instruction hw1:hw2 at addr. */
static void put_t32(uint32_t addr, uint16_t hw1, uint16_t hw2)
{
	put16(addr, hw1);
	put16(addr + 2, hw2);
}

static int decode(uint64_t pc)
{
	return arm_next_pcs(&ctx, pc, out);
}

/* Exactly one result: `addr` with `kind`. */
static void expect1(uint32_t pc, uint32_t addr, int kind)
{
	int n = decode(pc);

	ck_assert_int_eq(n, 1);
	ck_assert_uint_eq(out[0].addr, addr);
	ck_assert_int_eq(out[0].bp_kind, kind);
}

static bool has(int n, uint32_t addr)
{
	int i;

	for (i = 0; i < n; i++)
		if (out[i].addr == addr)
			return true;
	return false;
}

/* ---- ARM state ---- */

struct arm_vec {
	uint32_t insn, cpsr, r0, lr, target;
	int kind;
};

static const struct arm_vec arm_vecs[] = {
	{ 0xea000002, 0, 0, 0, CODE + 16, 4 },         /* b +8 */
	{ 0xeafffffe, 0, 0, 0, CODE, 4 },              /* b . */
	{ 0xeb000010, 0, 0, 0, CODE + 8 + 64, 4 },     /* bl */
	{ 0x0a000002, 0, 0, 0, CODE + 4, 4 },          /* beq, Z clear */
	{ 0x0a000002, Z, 0, 0, CODE + 16, 4 },         /* beq, Z set */
	{ 0xba000002, N, 0, 0, CODE + 16, 4 },         /* blt, N != V */
	{ 0x8a000002, C | Z, 0, 0, CODE + 4, 4 },      /* bhi, C and Z */
	{ 0xfa000000, 0, 0, 0, CODE + 8, 2 },          /* blx imm -> Thumb */
	{ 0xfb000000, 0, 0, 0, CODE + 10, 2 },         /* blx imm, H=1 */
	{ 0xe12fff1e, 0, 0, 0x2001, 0x2000, 2 },       /* bx lr to Thumb */
	{ 0xe12fff1e, 0, 0, 0x2000, 0x2000, 4 },       /* bx lr to ARM */
	{ 0xe12fff30, 0, 0x3000, 0, 0x3000, 4 },       /* blx r0 */
	{ 0x112fff1e, Z, 0, 0x2000, CODE + 4, 4 },     /* bxne lr, not taken */
	{ 0xe1a0f00e, 0, 0, 0x2000, 0x2000, 4 },       /* mov pc, lr */
	{ 0xe08ff100, 0, 3, 0, CODE + 8 + 12, 4 },     /* add pc, pc, r0, lsl #2 */
	{ 0xe24ef004, 0, 0, 0x2008, 0x2004, 4 },       /* sub pc, lr, #4 */
	{ 0xe1a0f0a0, 0, 0x4000, 0, 0x2000, 4 },       /* mov pc, r0, lsr #1 */
	{ 0xe3a0fa02, 0, 0, 0, 0x2000, 4 },            /* mov pc, #0x2000 */
	{ 0xe1e0f000, 0, ~0x3000u, 0, 0x3000, 4 },     /* mvn pc, r0 */
	{ 0xe1500000, 0, 0, 0, CODE + 4, 4 },          /* cmp r0, r0 */
	{ 0xe0000090, 0, 0, 0, CODE + 4, 4 },          /* mul: not a pc write */
	{ 0xe7f001f0, 0, 0, 0, CODE + 4, 4 },          /* udf (breakpoint) */
	{ 0xf57ff05f, 0, 0, 0, CODE + 4, 4 },          /* dmb: unconditional space */
};

START_TEST(test_arm_vectors)
{
	const struct arm_vec *v = &arm_vecs[_i];

	put32(CODE, v->insn);
	put16(0x2000, 0x4770); /* Thumb targets hold a 16-bit instruction */
	regs[0] = v->r0;
	regs[ARM_REG_LR] = v->lr;
	regs[ARM_REG_CPSR] = v->cpsr;
	expect1(CODE, v->target, v->kind);
}
END_TEST

START_TEST(test_arm_loads)
{
	put32(STACK, 0x2001);
	put16(0x2000, 0xf000); /* 32-bit Thumb instruction there: kind 3 */
	put32(CODE, 0xe49df004); /* ldr pc, [sp], #4 */
	expect1(CODE, 0x2000, 3);
	put32(CODE, 0xe59df000); /* ldr pc, [sp] */
	expect1(CODE, 0x2000, 3);
	put32(STACK + 8, 0x3000);
	put32(CODE, 0xe5bdf008); /* ldr pc, [sp, #8]! */
	expect1(CODE, 0x3000, 4);
	put32(STACK - 4, 0x3004);
	put32(CODE, 0xe51df004); /* ldr pc, [sp, #-4] */
	expect1(CODE, 0x3004, 4);
	regs[3] = 2;
	put32(CODE + 8 + 8, 0x3008);
	put32(CODE, 0xe79ff103); /* ldr pc, [pc, r3, lsl #2] */
	expect1(CODE, 0x3008, 4);
	regs[ARM_REG_CPSR] = C; /* ldrls not taken with C set, Z clear */
	put32(CODE, 0x979ff103);
	expect1(CODE, CODE + 4, 4);
}
END_TEST

START_TEST(test_arm_ldm)
{
	put32(STACK + 4, 0x3000);
	put32(CODE, 0xe8bd8010); /* pop {r4, pc} */
	expect1(CODE, 0x3000, 4);
	put32(CODE, 0xe8bd8000 | 0x0ff0); /* pop {r4-r11, pc} */
	put32(STACK + 32, 0x3010);
	expect1(CODE, 0x3010, 4);
	regs[11] = STACK + 0x20;
	put32(STACK + 0x1c, 0x3020);
	put32(CODE, 0xe91ba800); /* ldmdb fp, {fp, sp, pc} */
	expect1(CODE, 0x3020, 4);
	put32(CODE, 0xe99ba800); /* ldmib fp, {fp, sp, pc} */
	put32(STACK + 0x2c, 0x3030);
	expect1(CODE, 0x3030, 4);
	put32(CODE, 0xe81b8000); /* ldmda fp, {pc} */
	put32(STACK + 0x20, 0x3040);
	expect1(CODE, 0x3040, 4);
	put32(CODE, 0xe92d4010); /* push {r4, lr}: falls through */
	expect1(CODE, CODE + 4, 4);
}
END_TEST

/* ---- Thumb, 16-bit ---- */

struct t16_vec {
	uint16_t insn;
	uint32_t cpsr, r0, lr, target;
	int kind;
};

static const struct t16_vec t16_vecs[] = {
	{ 0xd0fe, T | Z, 0, 0, CODE, 2 },           /* beq . */
	{ 0xd0fe, T, 0, 0, CODE + 2, 2 },           /* beq ., not taken */
	{ 0xd102, T, 0, 0, CODE + 8, 2 },           /* bne +4 */
	{ 0xe7fe, T, 0, 0, CODE, 2 },               /* b . */
	{ 0xe002, T, 0, 0, CODE + 8, 2 },           /* b +4 */
	{ 0xb108, T, 0, 0, CODE + 6, 2 },           /* cbz r0, taken */
	{ 0xb108, T, 5, 0, CODE + 2, 2 },           /* cbz r0, not taken */
	{ 0xb908, T, 5, 0, CODE + 6, 2 },           /* cbnz r0, taken */
	{ 0xbb08, T, 5, 0, CODE + 4 + 0x42, 2 },    /* cbnz r0, i=1 */
	{ 0x4770, T, 0, 0x2001, 0x2000, 2 },        /* bx lr */
	{ 0x4770, T, 0, 0x3000, 0x3000, 4 },        /* bx lr to ARM */
	{ 0x4780, T, 0x3000, 0, 0x3000, 4 },        /* blx r0 */
	{ 0x4687, T, 0x2001, 0, 0x2000, 2 },        /* mov pc, r0 (no interworking) */
	{ 0x4487, T, 0x10, 0, CODE + 4 + 0x10, 2 }, /* add pc, r0 */
	{ 0x4600, T, 0, 0, CODE + 2, 2 },           /* mov r0, r0 */
	{ 0xde01, T, 0, 0, CODE + 2, 2 },           /* udf (breakpoint) */
	{ 0xbf00, T, 0, 0, CODE + 2, 2 },           /* nop (not an IT) */
};

START_TEST(test_thumb16_vectors)
{
	const struct t16_vec *v = &t16_vecs[_i];

	put16(CODE, v->insn);
	put16(0x2000, 0x4770);
	regs[0] = v->r0;
	regs[ARM_REG_LR] = v->lr;
	regs[ARM_REG_CPSR] = v->cpsr;
	expect1(CODE, v->target, v->kind);
}
END_TEST

START_TEST(test_thumb16_pop_and_kind)
{
	regs[ARM_REG_CPSR] = T;
	put16(CODE, 0xbd10); /* pop {r4, pc} */
	put32(STACK + 4, 0x2001);
	put_t32(0x2000, 0xe92d, 0x4010); /* push.w: kind 3 at the target */
	expect1(CODE, 0x2000, 3);
	put16(CODE, 0xbc10); /* pop {r4} */
	put_t32(CODE + 2, 0xf000, 0xb800);
	expect1(CODE, CODE + 2, 3); /* next is 32-bit */
}
END_TEST

/* ---- Thumb-2 ---- */

struct t32_vec {
	uint16_t hw1, hw2;
	uint32_t cpsr, target;
	int kind;
};

static const struct t32_vec t32_vecs[] = {
	{ 0xf000, 0xb800, T, CODE + 4, 3 },          /* b.w +0 (to a b.w) */
	{ 0xf7ff, 0xbffe, T, CODE, 3 },              /* b.w . */
	{ 0xf000, 0xf800, T, CODE + 4, 3 },          /* bl +0 */
	{ 0xf7ff, 0xfffe, T, CODE, 3 },              /* bl . */
	{ 0xf000, 0xe800, T, CODE + 4, 4 },          /* blx +0 -> ARM */
	{ 0xf000, 0x8000, T | Z, CODE + 4, 3 },      /* beq.w +0, taken */
	{ 0xf000, 0x8002, T | Z, CODE + 8, 3 },      /* beq.w +4 */
	{ 0xf000, 0x8002, T, CODE + 4, 3 },          /* beq.w, not taken */
	{ 0xf43f, 0xaffe, T | Z, CODE, 3 },          /* beq.w . */
	{ 0xf3bf, 0x8f5f, T, CODE + 4, 3 },          /* dmb */
	{ 0xf7f0, 0xa000, T, CODE + 4, 3 },          /* udf.w (breakpoint) */
	{ 0xe92d, 0x4010, T, CODE + 4, 3 },          /* push.w {r4, lr} */
};

START_TEST(test_thumb32_vectors)
{
	const struct t32_vec *v = &t32_vecs[_i];

	put_t32(CODE, v->hw1, v->hw2);
	put_t32(CODE + 4, 0xf000, 0xb800);
	put_t32(CODE + 8, 0xf000, 0xb800);
	regs[ARM_REG_CPSR] = v->cpsr;
	expect1(CODE, v->target, v->kind);
}
END_TEST

START_TEST(test_thumb32_loads)
{
	regs[ARM_REG_CPSR] = T;
	put16(0x2000, 0x4770);
	put32(STACK, 0x2001);
	put_t32(CODE, 0xf85d, 0xfb04); /* ldr.w pc, [sp], #4 */
	expect1(CODE, 0x2000, 2);
	put32(STACK + 0x20, 0x3000);
	put_t32(CODE, 0xe8bd, 0x8ff0); /* pop.w {r4-r11, pc} */
	expect1(CODE, 0x3000, 4);
	put32(STACK - 4, 0x3008);
	put_t32(CODE, 0xe91d, 0x8000); /* ldmdb sp, {pc} */
	expect1(CODE, 0x3008, 4);
	put32(STACK + 0x10, 0x3010);
	put_t32(CODE, 0xf8dd, 0xf010); /* ldr.w pc, [sp, #16] */
	expect1(CODE, 0x3010, 4);
	put32(STACK - 8, 0x3018);
	put_t32(CODE, 0xf85d, 0xfd08); /* ldr pc, [sp, #-8]! */
	expect1(CODE, 0x3018, 4);
	regs[1] = 3;
	put32(STACK + 12, 0x3020);
	put_t32(CODE, 0xf85d, 0xf021); /* ldr.w pc, [sp, r1, lsl #2] */
	expect1(CODE, 0x3020, 4);
	put32(CODE + 4 + 8, 0x3028); /* literal: Align(pc + 4, 4) + 8 */
	put_t32(CODE, 0xf8df, 0xf008); /* ldr.w pc, [pc, #8] */
	expect1(CODE, 0x3028, 4);
	put_t32(CODE, 0xf8dd, 0x0010); /* ldr.w r0, [sp, #16]: falls through */
	put_t32(CODE + 4, 0xf000, 0xb800);
	expect1(CODE, CODE + 4, 3);
}
END_TEST

START_TEST(test_tbb_tbh)
{
	regs[ARM_REG_CPSR] = T;
	put_t32(CODE, 0xe8df, 0xf000); /* tbb [pc, r0] */
	mem[CODE + 4] = 2;
	mem[CODE + 5] = 7;
	regs[0] = 1;
	expect1(CODE, CODE + 4 + 14, 2);
	put_t32(CODE, 0xe8df, 0xf010); /* tbh [pc, r0, lsl #1] */
	put16(CODE + 4, 3);
	put16(CODE + 6, 0x100);
	expect1(CODE, CODE + 4 + 0x200, 2);
	regs[2] = 0x4000;
	put16(0x4000 + 2, 9);
	put_t32(CODE, 0xe8d2, 0xf010); /* tbh [r2, r0, lsl #1] */
	expect1(CODE, CODE + 4 + 18, 2);
}
END_TEST

/* ---- IT blocks ---- */

/* cpsr with ITSTATE `it` (IT[7:2] -> 15:10, IT[1:0] -> 26:25) in Thumb. */
static uint32_t it_cpsr(unsigned it, uint32_t flags)
{
	return T | flags | (it & 0xfc) << 8 | (it & 3) << 25;
}

START_TEST(test_it_blocks)
{
	int n;

	/* ite eq; addeq r0, #1; addne.w r0, r0, #2; bx lr */
	put16(CODE, 0xbf0c);
	put16(CODE + 2, 0x3001);
	put_t32(CODE + 4, 0xf100, 0x0002);
	put16(CODE + 8, 0x4770);
	regs[ARM_REG_CPSR] = T | Z; /* at the IT: eq slot runs */
	expect1(CODE, CODE + 2, 2);
	regs[ARM_REG_CPSR] = T; /* eq fails: the ne slot is next */
	expect1(CODE, CODE + 4, 3);

	/* In the block at the eq slot (ITSTATE 0x0c), condition failed. */
	regs[ARM_REG_CPSR] = it_cpsr(0x0c, 0);
	expect1(CODE + 2, CODE + 4, 3);
	/* ... condition passed: it may set flags, so both candidates. */
	regs[ARM_REG_CPSR] = it_cpsr(0x0c, Z);
	n = decode(CODE + 2);
	ck_assert_int_eq(n, 2);
	ck_assert(has(n, CODE + 4) && has(n, CODE + 8));
	/* The last slot (ITSTATE 0x18 = ne, last) executes normally. */
	regs[ARM_REG_CPSR] = it_cpsr(0x18, 0);
	expect1(CODE + 4, CODE + 8, 2);
	/* ... and is skipped when it fails. */
	regs[ARM_REG_CPSR] = it_cpsr(0x18, Z);
	expect1(CODE + 4, CODE + 8, 2);

	/* itt eq with both slots failing: skip to after the block. */
	put16(CODE, 0xbf04);
	regs[ARM_REG_CPSR] = T;
	expect1(CODE, CODE + 8, 2);
	/* A branch in the last slot: "it eq; bxeq lr". */
	put16(CODE, 0xbf08);
	put16(CODE + 2, 0x4770);
	regs[ARM_REG_LR] = 0x3000;
	regs[ARM_REG_CPSR] = it_cpsr(0x08, Z);
	expect1(CODE + 2, 0x3000, 4);
	regs[ARM_REG_CPSR] = it_cpsr(0x08, 0);
	expect1(CODE + 2, CODE + 4, 3);
}
END_TEST

/* ---- ldrex / strex ---- */

START_TEST(test_atomic_arm)
{
	int n;

	put32(CODE, 0xe1910f9f);      /* 1: ldrex r0, [r1] */
	put32(CODE + 4, 0xe1500002);  /* cmp r0, r2 */
	put32(CODE + 8, 0x1a000002);  /* bne 2f (CODE + 24) */
	put32(CODE + 12, 0xe181cf93); /* strex ip, r3, [r1] */
	put32(CODE + 16, 0xe35c0000); /* cmp ip, #0 */
	put32(CODE + 20, 0x1afffff9); /* bne 1b */
	n = decode(CODE);
	ck_assert_int_eq(n, 2);
	ck_assert(has(n, CODE + 16) && has(n, CODE + 24));
	ck_assert_int_eq(out[0].bp_kind, 4);
	/* No strex in reach: decoded as a single instruction. */
	put32(CODE + 12, 0xe1a00000);
	expect1(CODE, CODE + 4, 4);
	/* An indirect branch inside: single instruction too. */
	put32(CODE + 12, 0xe181cf93);
	put32(CODE + 8, 0xe12fff1e);
	expect1(CODE, CODE + 4, 4);
	/* ldrexd and strexd. */
	put32(CODE, 0xe1b12f9f);
	put32(CODE + 8, 0xe1a00000);
	put32(CODE + 12, 0xe1a1cf94);
	expect1(CODE, CODE + 16, 4);
}
END_TEST

START_TEST(test_atomic_thumb)
{
	int n;

	regs[ARM_REG_CPSR] = T;
	put_t32(CODE, 0xe851, 0x0f00);      /* 1: ldrex r0, [r1] */
	put16(CODE + 4, 0x4290);            /* cmp r0, r2 */
	put16(CODE + 6, 0xd103);            /* bne 2f (CODE + 16) */
	put_t32(CODE + 8, 0xe841, 0x3c00);  /* strex ip, r3, [r1] */
	put_t32(CODE + 12, 0xf1bc, 0x0f00); /* cmp.w ip, #0 */
	put16(CODE + 16, 0x4770);
	n = decode(CODE);
	ck_assert_int_eq(n, 2);
	ck_assert(has(n, CODE + 12) && has(n, CODE + 16));
	ck_assert_int_eq(out[0].bp_kind, 3);
	/* ldrexb ... strexb with cbnz inside leaving the sequence. */
	put_t32(CODE, 0xe8d1, 0x0f4f);
	put16(CODE + 4, 0xb918);           /* cbnz r0, CODE + 14 */
	put16(CODE + 6, 0xbf00);
	put_t32(CODE + 8, 0xe8c1, 0x3f4c); /* strexb ip, r3, [r1] */
	n = decode(CODE);
	ck_assert_int_eq(n, 2);
	ck_assert(has(n, CODE + 12) && has(n, CODE + 14));
	/* pop {pc} inside: single instruction. */
	put16(CODE + 6, 0xbd00);
	expect1(CODE, CODE + 4, 2);
}
END_TEST

/* ---- svc, signal frames, kernel helpers ---- */

START_TEST(test_svc_sigreturn)
{
	/* sigreturn: sigcontext.arm_pc at sp + 20 + 72, arm_cpsr after it. */
	put32(CODE, 0xef000000); /* svc 0 */
	regs[7] = 119;
	put32(STACK + 92, 0x3000);
	put32(STACK + 96, 0x10);
	expect1(CODE, 0x3000, 4);
	put32(STACK + 92, 0x2000);
	put32(STACK + 96, 0x30);
	put16(0x2000, 0x4770);
	expect1(CODE, 0x2000, 2);
	/* rt_sigreturn: a 128-byte siginfo comes first. */
	regs[7] = 173;
	put32(STACK + 128 + 92, 0x3010);
	put32(STACK + 128 + 96, 0x10);
	expect1(CODE, 0x3010, 4);
	/* From Thumb: svc 0 is 16 bits. */
	regs[ARM_REG_CPSR] = T;
	put16(CODE, 0xdf00);
	put16(CODE + 2, 0xbf00);
	expect1(CODE, 0x3010, 4);
	/* Any other system call falls through. */
	regs[7] = 4;
	expect1(CODE, CODE + 2, 2);
	regs[ARM_REG_CPSR] = 0;
	put32(CODE, 0xef000000);
	expect1(CODE, CODE + 4, 4);
	/* A frame that cannot be read is an error, not a guess. */
	regs[7] = 173;
	regs[ARM_REG_SP] = MEM_SIZE - 8;
	ck_assert_int_eq(decode(CODE), -EFAULT);
}
END_TEST

START_TEST(test_kuser_helpers)
{
	regs[ARM_REG_LR] = 0x2001;
	put16(0x2000, 0x4770);
	expect1(0xffff0fc0, 0x2000, 2); /* inside a helper: back to lr */
	regs[3] = 0xffff0fe0;
	put32(CODE, 0xe12fff33); /* blx r3 into __kuser_get_tls */
	expect1(CODE, CODE + 4, 4);
	put32(CODE, 0xe12fff13); /* bx r3: tail call, returns to lr */
	expect1(CODE, 0x2000, 2);
	regs[ARM_REG_CPSR] = T;
	put16(CODE, 0x4798); /* blx r3 from Thumb */
	put16(CODE + 2, 0x4770);
	expect1(CODE, CODE + 2, 2);
}
END_TEST

/* ---- malformed input ---- */

START_TEST(test_malformed)
{
	fake_mem_fail = true;
	ck_assert_int_eq(decode(CODE), -EFAULT);
	fake_mem_fail = false;
	ck_assert_int_eq(decode(0x100000000ull), -EINVAL);
	ck_assert_int_eq(decode(MEM_SIZE - 2), -EFAULT); /* insn beyond memory */
	regs[ARM_REG_CPSR] = T;
	put16(MEM_SIZE - 2, 0xf000); /* 32-bit Thumb cut off by the end */
	ck_assert_int_eq(decode(MEM_SIZE - 2), -EFAULT);
	/* Undefined encodings fall through; so does ldr pc from a bad table. */
	put16(CODE, 0xde00);
	expect1(CODE, CODE + 2, 2);
	regs[ARM_REG_CPSR] = 0;
	put32(CODE, 0xe59ff000 | 0xff0); /* ldr pc, [pc, #0xff0]: fine */
	ck_assert_int_eq(decode(CODE), 1);
	regs[0] = 0xfffff000;
	put32(CODE, 0xe590f000); /* ldr pc, [r0]: unreadable */
	ck_assert_int_eq(decode(CODE), -EFAULT);
	/* Every 32-bit pattern decodes without crashing (sampled). */
	for (uint32_t i = 0; i < 200000; i++) {
		uint32_t insn = i * 2654435761u;
		int n;

		put32(CODE, insn);
		put32(CODE + 4, insn ^ 0x5a5a5a5a);
		regs[ARM_REG_CPSR] = (insn & 0xfe00fc20) & ~0x01000000u;
		n = decode(CODE);
		ck_assert(n == -EFAULT || (n >= 1 && n <= ARCH_MAX_NEXT_PCS));
	}
}
END_TEST

/* ---- descriptor and target description ---- */

START_TEST(test_descriptor)
{
	const struct arch *a = arch_arm();
	size_t len;
	const uint8_t *b;

	ck_assert_str_eq(a->name, "arm");
	ck_assert_str_eq(a->tdesc_file, "arm-linux.xml");
	ck_assert_uint_eq(a->decr_pc_after_break, 0);
	ck_assert_uint_eq(a->bp_len, 4);
	ck_assert_ptr_eq(a->next_pcs, arm_next_pcs);
	b = arm_bp_insn(2, &len);
	ck_assert_uint_eq(len, 2);
	ck_assert(b[0] == 0x01 && b[1] == 0xde);
	b = arm_bp_insn(3, &len);
	ck_assert_uint_eq(len, 4);
	ck_assert(b[0] == 0xf0 && b[1] == 0xf7 && b[2] == 0x00 && b[3] == 0xa0);
	b = arm_bp_insn(4, &len);
	ck_assert(len == 4 && !memcmp(b, a->bp_insn, 4) && b[3] == 0xe7);
	ck_assert_ptr_null(arm_bp_insn(1, &len));
}
END_TEST

START_TEST(test_tdesc_arm)
{
	struct tdesc td;
	struct strbuf err;
	const struct tdesc_reg *r;
	static const char *const core[] = { "r0", "r1", "r2",  "r3",  "r4", "r5",
		                            "r6", "r7", "r8",  "r9",  "r10", "r11",
		                            "r12", "sp", "lr", "pc" };
	int i;

	memset(&td, 0, sizeof(td));
	strbuf_init(&err, 0);
	ck_assert_int_eq(tdesc_load_builtin(&td, "arm-linux.xml", &err), 0);
	for (i = 0; i < 16; i++) {
		r = tdesc_find_reg(&td, core[i]);
		ck_assert_ptr_nonnull(r);
		ck_assert_int_eq(r->regnum, i);
		ck_assert_uint_eq(r->offset, (size_t)i * 4);
	}
	r = tdesc_find_reg(&td, "cpsr");
	ck_assert_int_eq(r->regnum, ARM_REG_CPSR);
	ck_assert_uint_eq(r->offset, 64);
	ck_assert_ptr_null(tdesc_reg(&td, 16));
	r = tdesc_find_reg(&td, "d0");
	ck_assert_int_eq(r->regnum, 26);
	ck_assert_int_eq(r->bitsize, 64);
	ck_assert_int_eq(tdesc_find_reg(&td, "d31")->regnum, 57);
	r = tdesc_find_reg(&td, "fpscr");
	ck_assert_int_eq(r->regnum, 58);
	ck_assert_uint_eq(td.g_size, 16 * 4 + 4 + 32 * 8 + 4);
	ck_assert_str_eq(td.architecture, "arm");
	ck_assert_str_eq(td.osabi, "GNU/Linux");
	ck_assert_ptr_nonnull(tdesc_find_file(&td, "arm-core.xml"));
	ck_assert_ptr_nonnull(tdesc_find_file(&td, "arm-vfpv3.xml"));
	tdesc_release(&td);
	strbuf_release(&err);
}
END_TEST

#define NVEC(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *suite(void)
{
	Suite *s = suite_create("decode_arm");
	TCase *tc;

	tc = tcase_create("arm");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_loop_test(tc, test_arm_vectors, 0, NVEC(arm_vecs));
	tcase_add_test(tc, test_arm_loads);
	tcase_add_test(tc, test_arm_ldm);
	suite_add_tcase(s, tc);
	tc = tcase_create("thumb");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_loop_test(tc, test_thumb16_vectors, 0, NVEC(t16_vecs));
	tcase_add_test(tc, test_thumb16_pop_and_kind);
	tcase_add_loop_test(tc, test_thumb32_vectors, 0, NVEC(t32_vecs));
	tcase_add_test(tc, test_thumb32_loads);
	tcase_add_test(tc, test_tbb_tbh);
	suite_add_tcase(s, tc);
	tc = tcase_create("it");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_it_blocks);
	suite_add_tcase(s, tc);
	tc = tcase_create("atomic");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_atomic_arm);
	tcase_add_test(tc, test_atomic_thumb);
	suite_add_tcase(s, tc);
	tc = tcase_create("svc");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_svc_sigreturn);
	tcase_add_test(tc, test_kuser_helpers);
	suite_add_tcase(s, tc);
	tc = tcase_create("malformed");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_malformed);
	suite_add_tcase(s, tc);
	tc = tcase_create("descriptor");
	tcase_add_test(tc, test_descriptor);
	tcase_add_test(tc, test_tdesc_arm);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
