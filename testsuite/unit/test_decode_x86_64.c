/*
 * test_decode_x86_64 — unit tests for the x86-64 next-PC decoder
 * (server/arch/x86_64/decode_x86_64*.c) and its wiring in the x86-64
 * descriptor. Instruction lengths are checked against encodings produced by
 * GNU as (objdump's lengths) for every opcode map and encoding form; control
 * flow runs on instructions in fake memory with a fake register file, both
 * reached only through the arch_step_ctx callbacks. One TCase per concern:
 * lengths, invalid encodings, branches, indirect branches, returns and
 * system calls, failing reads, descriptor and register numbering.
 */
#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "arch/x86_64/decode_x86_64.h"
#include "check_main.h"
#include "tdesc.h"
#include "tdesc_builtin.h"

#define CODE 0x1000u
#define STACK 0x8000u
#define DATA 0x9000u
#define FS_BASE 0xa000u
#define GS_BASE 0xb000u
#define MEM_SIZE 0x20000u /* everything above is unmapped */
#define NREGS 60

#define CF (1u << 0)
#define PF (1u << 2)
#define ZF (1u << 6)
#define SF (1u << 7)
#define OF (1u << 11)

#include "fake_mem.h"

static uint64_t regs[NREGS];
static int fail_reg = -1; /* this register number reads as -EIO */

static int fake_read_reg(void *ctx, int regnum, uint64_t *val)
{
	(void)ctx;
	if (regnum == fail_reg)
		return -EIO;
	if (regnum < 0 || regnum >= NREGS || (regnum > 17 && regnum < 58))
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
	fail_reg = -1;
	regs[X86_REG_RSP] = STACK;
	regs[X86_REG_FS_BASE] = FS_BASE;
	regs[X86_REG_GS_BASE] = GS_BASE;
}

static void put64(uint64_t addr, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		mem[addr + i] = (uint8_t)(v >> (8 * i));
}

/* Instruction bytes at CODE. */
#define PLACE(...)                                                                 \
	do {                                                                       \
		static const uint8_t bytes_[] = { __VA_ARGS__ };                   \
		memcpy(mem + CODE, bytes_, sizeof(bytes_));                        \
	} while (0)

/* Exactly one next PC, `addr`. */
static void expect1(uint64_t addr)
{
	int n = x86_64_next_pcs(&ctx, CODE, out);

	ck_assert_int_eq(n, 1);
	ck_assert_uint_eq(out[0].addr, addr);
	ck_assert_int_eq(out[0].bp_kind, X86_BP_KIND);
}

/* ---- lengths ---- */

struct len_vec {
	const char *text; /* objdump's disassembly */
	uint8_t bytes[X86_MAX_INSN];
	unsigned len;
};

static const struct len_vec len_vecs[] = {
	{ "nop", { 0x90 }, 1 },
	{ "ret", { 0xc3 }, 1 },
	{ "push %r13", { 0x41, 0x55 }, 2 },
	{ "mov %rsp,%rbp", { 0x48, 0x89, 0xe5 }, 3 },
	{ "mov -0x8(%rbp),%rax", { 0x48, 0x8b, 0x45, 0xf8 }, 4 },
	{ "mov (%rsp),%rax", { 0x48, 0x8b, 0x04, 0x24 }, 4 },
	{ "mov 0x12345678,%eax", { 0x8b, 0x04, 0x25, 0x78, 0x56, 0x34, 0x12 }, 7 },
	{ "mov 0x10(%rip),%eax # 0x2c", { 0x8b, 0x05, 0x10, 0x00, 0x00, 0x00 }, 6 },
	{ "mov 0x8(%rsp),%eax", { 0x8b, 0x44, 0x24, 0x08 }, 4 },
	{ "mov 0x100(%rsp),%eax", { 0x8b, 0x84, 0x24, 0x00, 0x01, 0x00, 0x00 }, 7 },
	{ "mov 0x0(,%rcx,4),%eax", { 0x8b, 0x04, 0x8d, 0x00, 0x00, 0x00, 0x00 }, 7 },
	{ "mov 0x0(%r13),%eax", { 0x41, 0x8b, 0x45, 0x00 }, 4 },
	{ "mov 0x0(,%r12,4),%eax", { 0x42, 0x8b, 0x04, 0xa5, 0x00, 0x00, 0x00, 0x00 }, 8 },
	{ "add $0x7f,%al", { 0x04, 0x7f }, 2 },
	{ "add $0x12345678,%eax", { 0x05, 0x78, 0x56, 0x34, 0x12 }, 5 },
	{ "add $0x1234,%ax", { 0x66, 0x05, 0x34, 0x12 }, 4 },
	{ "add $0x12345678,%rax", { 0x48, 0x05, 0x78, 0x56, 0x34, 0x12 }, 6 },
	{ "add $0x1,%al", { 0x04, 0x01 }, 2 },
	{ "add $0x12345678,%eax", { 0x05, 0x78, 0x56, 0x34, 0x12 }, 5 },
	{ "add $0x1234,%ax", { 0x66, 0x05, 0x34, 0x12 }, 4 },
	{ "add $0x1,%eax", { 0x83, 0xc0, 0x01 }, 3 },
	{ "imul $0x12345678,%eax,%eax", { 0x69, 0xc0, 0x78, 0x56, 0x34, 0x12 }, 6 },
	{ "imul $0x1,%eax,%eax", { 0x6b, 0xc0, 0x01 }, 3 },
	{ "push $0x12345678", { 0x68, 0x78, 0x56, 0x34, 0x12 }, 5 },
	{ "push $0x1", { 0x6a, 0x01 }, 2 },
	{ "mov $0x12345678,%eax", { 0xb8, 0x78, 0x56, 0x34, 0x12 }, 5 },
	{ "movabs $0x1122334455667788,%rax", { 0x48, 0xb8, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 }, 10 },
	{ "mov $0x1234,%ax", { 0x66, 0xb8, 0x34, 0x12 }, 4 },
	{ "movabs $0x1122334455667788,%r8", { 0x49, 0xb8, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 }, 10 },
	{ "mov $0x1,%al", { 0xb0, 0x01 }, 2 },
	{ "movabs 0x1122334455667788,%al", { 0xa0, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 }, 9 },
	{ "movabs 0x1122334455667788,%eax", { 0xa1, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 }, 9 },
	{ "movabs %rax,0x1122334455667788", { 0x48, 0xa3, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 }, 10 },
	{ "addr32 mov 0x11223344,%al", { 0x67, 0xa0, 0x44, 0x33, 0x22, 0x11 }, 6 },
	{ "enter $0x10,$0x1", { 0xc8, 0x10, 0x00, 0x01 }, 4 },
	{ "ret $0x8", { 0xc2, 0x08, 0x00 }, 3 },
	{ "lret $0x8", { 0xca, 0x08, 0x00 }, 3 },
	{ "test $0x1,%al", { 0xa8, 0x01 }, 2 },
	{ "not %al", { 0xf6, 0xd0 }, 2 },
	{ "test $0x12345678,%eax", { 0xa9, 0x78, 0x56, 0x34, 0x12 }, 5 },
	{ "test $0x1234,%ax", { 0x66, 0xa9, 0x34, 0x12 }, 4 },
	{ "neg %eax", { 0xf7, 0xd8 }, 2 },
	{ "movb $0x1,(%rax)", { 0xc6, 0x00, 0x01 }, 3 },
	{ "movl $0x12345678,(%rax)", { 0xc7, 0x00, 0x78, 0x56, 0x34, 0x12 }, 6 },
	{ "xabort $0x1", { 0xc6, 0xf8, 0x01 }, 3 },
	{ "int $0x80", { 0xcd, 0x80 }, 2 },
	{ "int3", { 0xcc }, 1 },
	{ "fadd %st(1),%st", { 0xd8, 0xc1 }, 2 },
	{ "fldl -0x8(%rbp)", { 0xdd, 0x45, 0xf8 }, 3 },
	{ "syscall", { 0x0f, 0x05 }, 2 },
	{ "ud2", { 0x0f, 0x0b }, 2 },
	{ "cpuid", { 0x0f, 0xa2 }, 2 },
	{ "nopl (%rax,%rax,1)", { 0x0f, 0x1f, 0x04, 0x00 }, 4 },
	{ "endbr64", { 0xf3, 0x0f, 0x1e, 0xfa }, 4 },
	{ "cs nopw (%rax,%rax,1)", { 0x2e, 0x66, 0x0f, 0x1f, 0x04, 0x00 }, 6 },
	{ "bt $0x3,%eax", { 0x0f, 0xba, 0xe0, 0x03 }, 4 },
	{ "shld $0x4,%eax,%edx", { 0x0f, 0xa4, 0xc2, 0x04 }, 4 },
	{ "cmpeqps %xmm1,%xmm0", { 0x0f, 0xc2, 0xc1, 0x00 }, 4 },
	{ "pshufw $0x1b,%mm1,%mm0", { 0x0f, 0x70, 0xc1, 0x1b }, 4 },
	{ "pshufd $0x1b,%xmm1,%xmm0", { 0x66, 0x0f, 0x70, 0xc1, 0x1b }, 5 },
	{ "rdrand %eax", { 0x0f, 0xc7, 0xf0 }, 3 },
	{ "bswap %eax", { 0x0f, 0xc8 }, 2 },
	{ "movzbl %al,%eax", { 0x0f, 0xb6, 0xc0 }, 3 },
	{ "pshufb %xmm1,%xmm0", { 0x66, 0x0f, 0x38, 0x00, 0xc1 }, 5 },
	{ "crc32 %rcx,%rax", { 0xf2, 0x48, 0x0f, 0x38, 0xf1, 0xc1 }, 6 },
	{ "movbe (%rdi),%eax", { 0x0f, 0x38, 0xf0, 0x07 }, 4 },
	{ "palignr $0x5,%xmm1,%xmm0", { 0x66, 0x0f, 0x3a, 0x0f, 0xc1, 0x05 }, 6 },
	{ "pcmpistri $0xc,%xmm1,%xmm0", { 0x66, 0x0f, 0x3a, 0x63, 0xc1, 0x0c }, 6 },
	{ "vzeroupper", { 0xc5, 0xf8, 0x77 }, 3 },
	{ "vmovaps %ymm1,%ymm0", { 0xc5, 0xfc, 0x28, 0xc1 }, 4 },
	{ "vpshufb %ymm1,%ymm0,%ymm0", { 0xc4, 0xe2, 0x7d, 0x00, 0xc1 }, 5 },
	{ "vpermq $0x1b,%ymm1,%ymm0", { 0xc4, 0xe3, 0xfd, 0x00, 0xc1, 0x1b }, 6 },
	{ "pdep %rax,%rcx,%rax", { 0xc4, 0xe2, 0xf3, 0xf5, 0xc0 }, 5 },
	{ "rorx $0xd,%rax,%rax", { 0xc4, 0xe3, 0xfb, 0xf0, 0xc0, 0x0d }, 6 },
	{ "vpshufd $0x1b,%xmm1,%xmm0", { 0xc5, 0xf9, 0x70, 0xc1, 0x1b }, 5 },
	{ "vmovdqa 0x10(%rip),%ymm0 # 0x15d", { 0xc5, 0xfd, 0x6f, 0x05, 0x10, 0x00, 0x00, 0x00 }, 8 },
	{ "vmovaps %zmm1,%zmm0", { 0x62, 0xf1, 0x7c, 0x48, 0x28, 0xc1 }, 6 },
	{ "vpternlogd $0x96,%zmm2,%zmm1,%zmm0", { 0x62, 0xf3, 0x75, 0x48, 0x25, 0xc2, 0x96 }, 7 },
	{ "vmovups 0x40(%rsp),%zmm0", { 0x62, 0xf1, 0x7c, 0x48, 0x10, 0x44, 0x24, 0x01 }, 8 },
	{ "vpermt2d %zmm1,%zmm0,%zmm0", { 0x62, 0xf2, 0x7d, 0x48, 0x7e, 0xc1 }, 6 },
	{ "vaddph %zmm1,%zmm0,%zmm0", { 0x62, 0xf5, 0x7c, 0x48, 0x58, 0xc1 }, 6 },
	{ "vfmadd132ph %zmm1,%zmm0,%zmm0", { 0x62, 0xf6, 0x7d, 0x48, 0x98, 0xc1 }, 6 },
	{ "vcmpltph %zmm1,%zmm2,%k2", { 0x62, 0xf3, 0x6c, 0x48, 0xc2, 0xd1, 0x01 }, 7 },
	{ "lock xadd %rax,(%rdx)", { 0xf0, 0x48, 0x0f, 0xc1, 0x02 }, 5 },
	{ "femms", { 0x0f, 0x0e }, 2 },
	{ "pfadd %mm1,%mm2", { 0x0f, 0x0f, 0xd1, 0x9e }, 4 },
	{ "pi2fd 0x10(%rax),%mm3", { 0x0f, 0x0f, 0x58, 0x10, 0x0d }, 5 },
	{ "extrq $0x1,$0x2,%xmm1", { 0x66, 0x0f, 0x78, 0xc1, 0x02, 0x01 }, 6 },
	{ "tileloadd (%rax,%rbx,1),%tmm1", { 0xc4, 0xe2, 0x7b, 0x4b, 0x0c, 0x18 }, 6 },
	{ "kmovq %k1,%rax", { 0xc4, 0xe1, 0xfb, 0x93, 0xc1 }, 5 },
	{ "lock addw $0x1234,%fs:0x10(%rax,%rbx,8)", { 0x64, 0x66, 0xf0, 0x81, 0x44, 0xd8, 0x10, 0x34, 0x12 }, 9 },
	{ "vpgatherdd (%rax,%zmm1,4),%zmm2{%k1}", { 0x62, 0xf2, 0x7d, 0x49, 0x90, 0x14, 0x88 }, 7 },
	{ "call *%fs:0x10", { 0x64, 0xff, 0x14, 0x25, 0x10, 0x00, 0x00, 0x00 }, 8 },
	{ "rex.W ljmp *(%rax)", { 0x48, 0xff, 0x28 }, 3 },
	{ "iretq", { 0x48, 0xcf }, 2 },
	{ "mov %cs,%eax", { 0x8c, 0xc8 }, 2 },
};

START_TEST(test_lengths)
{
	const struct len_vec *v = &len_vecs[_i];
	struct x86_insn in;
	int err = x86_insn_decode(v->bytes, v->len, &in);

	ck_assert_msg(err == 0, "%s: error %d", v->text, err);
	ck_assert_msg(in.len == v->len, "%s: length %u, want %u", v->text, in.len, v->len);
	/* one byte short is not enough */
	ck_assert_int_eq(x86_insn_decode(v->bytes, v->len - 1, &in), -ENODATA);
}
END_TEST

START_TEST(test_fields)
{
	static const uint8_t movabs[] = { 0x48, 0xb8, 0x88, 0x77, 0x66, 0x55,
					  0x44, 0x33, 0x22, 0x11 };
	static const uint8_t moffs32[] = { 0x67, 0xa0, 0x44, 0x33, 0x22, 0x11 };
	static const uint8_t sib[] = { 0x64, 0x66, 0xf0, 0x81, 0x44, 0xd8, 0x10, 0x34, 0x12 };
	static const uint8_t rip[] = { 0x8b, 0x05, 0xf0, 0xff, 0xff, 0xff };
	static const uint8_t rex_dropped[] = { 0x48, 0x66, 0xb8, 0x34, 0x12 };
	static const uint8_t rex_wins[] = { 0x66, 0x48, 0xb8, 1, 2, 3, 4, 5, 6, 7, 8 };
	static const uint8_t rep[] = { 0xf2, 0xf3, 0xa4 };
	static const uint8_t evex[] = { 0x62, 0xf5, 0x7c, 0x48, 0x58, 0xc1 };
	static const uint8_t enter[] = { 0xc8, 0x10, 0x00, 0x01 };
	struct x86_insn in;

	ck_assert_int_eq(x86_insn_decode(movabs, sizeof(movabs), &in), 0);
	ck_assert(in.rex == 0x48 && in.imm_size == 8 && in.imm == 0x1122334455667788ull);
	ck_assert_int_eq(x86_insn_decode(moffs32, sizeof(moffs32), &in), 0);
	ck_assert(in.adsize && in.imm_size == 4 && in.imm == 0x11223344 && in.len == 6);
	ck_assert_int_eq(x86_insn_decode(sib, sizeof(sib), &in), 0);
	ck_assert(in.seg == 0x64 && in.opsize && in.lock && in.has_modrm && in.has_sib);
	ck_assert(in.sib == 0xd8 && in.disp_size == 1 && in.disp == 0x10);
	ck_assert(in.imm_size == 2 && in.imm == 0x1234 && in.opcode == 0x81);
	ck_assert_int_eq(x86_insn_decode(rip, sizeof(rip), &in), 0);
	ck_assert(!in.has_sib && in.disp_size == 4 && in.disp == -16);
	/* a REX before a legacy prefix is ignored; REX.W beats 66 */
	ck_assert_int_eq(x86_insn_decode(rex_dropped, sizeof(rex_dropped), &in), 0);
	ck_assert(in.rex == 0 && in.len == 5);
	ck_assert_int_eq(x86_insn_decode(rex_wins, sizeof(rex_wins), &in), 0);
	ck_assert(in.len == 11 && in.imm == 0x0807060504030201ull);
	ck_assert_int_eq(x86_insn_decode(rep, sizeof(rep), &in), 0);
	ck_assert(in.rep == 0xf3 && in.len == 3 && in.map == X86_MAP_1BYTE);
	ck_assert_int_eq(x86_insn_decode(evex, sizeof(evex), &in), 0);
	ck_assert(in.vex == 0x62 && in.map == X86_MAP_EVEX5 && in.opcode == 0x58);
	ck_assert_int_eq(x86_insn_decode(enter, sizeof(enter), &in), 0);
	ck_assert(in.imm_size == 3 && in.imm == 0x010010);
}
END_TEST

/* Fifteen bytes is the limit, whatever the prefixes. */
START_TEST(test_length_limit)
{
	uint8_t b[16];
	struct x86_insn in;

	memset(b, 0x2e, sizeof(b));
	b[14] = 0x90;
	ck_assert_int_eq(x86_insn_decode(b, 15, &in), 0);
	ck_assert_uint_eq(in.len, 15);
	b[14] = 0x2e;
	b[15] = 0x90;
	ck_assert_int_eq(x86_insn_decode(b, 16, &in), -EINVAL);
	/* 66 + mov r64, imm64 with eight prefixes: 18 bytes */
	memset(b, 0x3e, 8);
	b[8] = 0x48;
	b[9] = 0xb8;
	ck_assert_int_eq(x86_insn_decode(b, 16, &in), -EINVAL);
}
END_TEST

/* Random bytes never read past `avail` nor claim more than 15 bytes. */
START_TEST(test_random_bytes)
{
	uint8_t b[X86_MAX_INSN];
	struct x86_insn in;
	unsigned seed = 12345;

	for (int i = 0; i < 200000; i++) {
		size_t avail = 1 + (size_t)(rand_r(&seed) % X86_MAX_INSN);
		int err;

		for (size_t k = 0; k < sizeof(b); k++)
			b[k] = (uint8_t)rand_r(&seed);
		err = x86_insn_decode(b, avail, &in);
		ck_assert(err == 0 || err == -EINVAL || err == -ENODATA);
		if (!err)
			ck_assert(in.len >= 1 && in.len <= avail);
	}
}
END_TEST

/* ---- invalid encodings ---- */

struct bad_vec {
	const char *what;
	uint8_t bytes[8];
};

static const struct bad_vec bad_vecs[] = {
	{ "push es", { 0x06 } },
	{ "push cs", { 0x0e } },
	{ "daa", { 0x27 } },
	{ "aas", { 0x3f } },
	{ "pusha", { 0x60 } },
	{ "bound-era 82", { 0x82, 0xc0, 0x01 } },
	{ "call far ptr16:32", { 0x9a, 1, 2, 3, 4, 5, 6 } },
	{ "into", { 0xce } },
	{ "aam", { 0xd4, 0x0a } },
	{ "salc", { 0xd6 } },
	{ "jmp far ptr16:32", { 0xea, 1, 2, 3, 4, 5, 6 } },
	{ "0f 04", { 0x0f, 0x04 } },
	{ "0f 0a", { 0x0f, 0x0a } },
	{ "0f 39", { 0x0f, 0x39 } },
	{ "XOP (8f /1)", { 0x8f, 0xc8, 0x78, 0xc2, 0xc1, 0x01 } },
	{ "VEX after REX", { 0x48, 0xc5, 0xf8, 0x77 } },
	{ "VEX after 66", { 0x66, 0xc5, 0xf8, 0x77 } },
	{ "VEX map 0", { 0xc4, 0xe0, 0x7d, 0x00, 0xc1 } },
	{ "VEX map 4", { 0xc4, 0xe4, 0x7d, 0x00, 0xc1 } },
	{ "VEX map 5", { 0xc4, 0xe5, 0x7d, 0x00, 0xc1 } },
	{ "EVEX map 4", { 0x62, 0xf4, 0x7c, 0x48, 0x58, 0xc1 } },
	{ "EVEX P1 bit 2 clear", { 0x62, 0xf1, 0x78, 0x48, 0x28, 0xc1 } },
	{ "EVEX after F3", { 0xf3, 0x62, 0xf1, 0x7c, 0x48, 0x28, 0xc1 } },
};

START_TEST(test_invalid)
{
	const struct bad_vec *v = &bad_vecs[_i];
	struct x86_insn in;

	ck_assert_msg(x86_insn_decode(v->bytes, sizeof(v->bytes), &in) == -EINVAL, "%s",
		      v->what);
	memcpy(mem + CODE, v->bytes, sizeof(v->bytes));
	ck_assert_int_eq(x86_64_next_pcs(&ctx, CODE, out), -EINVAL);
}
END_TEST

/* ---- branches ---- */

struct jcc_vec {
	unsigned cc;
	uint32_t flags;
	bool taken;
};

static const struct jcc_vec jcc_vecs[] = {
	{ 0x0, OF, true },	 { 0x0, 0, false },	 { 0x1, 0, true },
	{ 0x1, OF, false },	 { 0x2, CF, true },	 { 0x2, ZF, false },
	{ 0x3, 0, true },	 { 0x3, CF, false },	 { 0x4, ZF, true },
	{ 0x4, 0, false },	 { 0x5, 0, true },	 { 0x5, ZF, false },
	{ 0x6, CF, true },	 { 0x6, ZF, true },	 { 0x6, SF | OF, false },
	{ 0x7, 0, true },	 { 0x7, ZF, false },	 { 0x7, CF, false },
	{ 0x8, SF, true },	 { 0x8, 0, false },	 { 0x9, 0, true },
	{ 0x9, SF, false },	 { 0xa, PF, true },	 { 0xa, 0, false },
	{ 0xb, 0, true },	 { 0xb, PF, false },	 { 0xc, SF, true },
	{ 0xc, OF, true },	 { 0xc, SF | OF, false }, { 0xd, SF | OF, true },
	{ 0xd, 0, true },	 { 0xd, SF, false },	 { 0xe, ZF, true },
	{ 0xe, SF, true },	 { 0xe, 0, false },	 { 0xe, SF | OF, false },
	{ 0xf, 0, true },	 { 0xf, SF | OF, true }, { 0xf, ZF, false },
	{ 0xf, OF, false },
};

/* jcc rel8 and jcc rel32: only the reached address. */
START_TEST(test_jcc)
{
	const struct jcc_vec *v = &jcc_vecs[_i];

	regs[X86_REG_EFLAGS] = v->flags | 0x202;
	mem[CODE] = (uint8_t)(0x70 | v->cc);
	mem[CODE + 1] = 0x10;
	expect1(v->taken ? CODE + 2 + 0x10 : CODE + 2);
	mem[CODE] = 0x0f;
	mem[CODE + 1] = (uint8_t)(0x80 | v->cc);
	mem[CODE + 2] = 0x00;
	mem[CODE + 3] = 0xff;
	mem[CODE + 4] = 0xff;
	mem[CODE + 5] = 0xff; /* rel32 -0x100 */
	expect1(v->taken ? CODE + 6 - 0x100 : CODE + 6);
}
END_TEST

START_TEST(test_direct)
{
	PLACE(0xeb, 0xfe); /* jmp . */
	expect1(CODE);
	PLACE(0xe9, 0x00, 0x10, 0x00, 0x00); /* jmp rel32 */
	expect1(CODE + 5 + 0x1000);
	PLACE(0xe8, 0xfb, 0xff, 0xff, 0xff); /* call . */
	expect1(CODE);
	PLACE(0xe8, 0x00, 0x00, 0x00, 0x00); /* call next */
	expect1(CODE + 5);
	PLACE(0x66, 0xe8, 0x10, 0x00, 0x00, 0x00); /* 66 ignored (Intel): rel32 */
	expect1(CODE + 6 + 0x10);
	PLACE(0xf2, 0xe9, 0x10, 0x00, 0x00, 0x00); /* bnd jmp */
	expect1(CODE + 6 + 0x10);
	regs[X86_REG_EFLAGS] = ZF;
	PLACE(0x3e, 0x74, 0x10); /* jz with a branch hint */
	expect1(CODE + 3 + 0x10);
}
END_TEST

struct loop_vec {
	const char *what;
	uint8_t bytes[3];
	uint64_t rcx;
	uint32_t flags;
	bool taken;
};

static const struct loop_vec loop_vecs[] = {
	{ "loop, rcx 2", { 0xe2, 0x10 }, 2, 0, true },
	{ "loop, rcx 1", { 0xe2, 0x10 }, 1, 0, false },
	{ "loop, rcx 0 wraps", { 0xe2, 0x10 }, 0, 0, true },
	{ "loop, rcx 1<<32 | 1", { 0xe2, 0x10 }, 0x100000001ull, 0, true },
	{ "addr32 loop, ecx 1", { 0x67, 0xe2, 0x10 }, 0x100000001ull, 0, false },
	{ "loope ZF", { 0xe1, 0x10 }, 5, ZF, true },
	{ "loope !ZF", { 0xe1, 0x10 }, 5, 0, false },
	{ "loope ZF rcx 1", { 0xe1, 0x10 }, 1, ZF, false },
	{ "loopne !ZF", { 0xe0, 0x10 }, 5, 0, true },
	{ "loopne ZF", { 0xe0, 0x10 }, 5, ZF, false },
	{ "jrcxz 0", { 0xe3, 0x10 }, 0, 0, true },
	{ "jrcxz 1<<32", { 0xe3, 0x10 }, 0x100000000ull, 0, false },
	{ "jecxz 1<<32", { 0x67, 0xe3, 0x10 }, 0x100000000ull, 0, true },
	{ "jecxz 1", { 0x67, 0xe3, 0x10 }, 1, 0, false },
};

START_TEST(test_loop)
{
	const struct loop_vec *v = &loop_vecs[_i];
	unsigned len = v->bytes[0] == 0x67 ? 3 : 2;

	memcpy(mem + CODE, v->bytes, sizeof(v->bytes));
	regs[X86_REG_RCX] = v->rcx;
	regs[X86_REG_EFLAGS] = v->flags;
	ck_assert_int_eq(x86_64_next_pcs(&ctx, CODE, out), 1);
	ck_assert_msg(out[0].addr == (v->taken ? CODE + len + 0x10 : CODE + len), "%s",
		      v->what);
}
END_TEST

/* Instructions that do not branch, and the ones that fault, fall through. */
START_TEST(test_fall_through)
{
	PLACE(0x90);
	expect1(CODE + 1);
	PLACE(0xcc); /* int3: SIGTRAP with rip after it */
	expect1(CODE + 1);
	PLACE(0xcd, 0x80);
	expect1(CODE + 2);
	PLACE(0x0f, 0x0b); /* ud2 */
	expect1(CODE + 2);
	PLACE(0xf4); /* hlt */
	expect1(CODE + 1);
	PLACE(0xf3, 0x48, 0xa5); /* rep movsq: the whole repetition */
	regs[X86_REG_RCX] = 100;
	expect1(CODE + 3);
	PLACE(0xc5, 0xf8, 0x77); /* vzeroupper */
	expect1(CODE + 3);
	PLACE(0x0f, 0x0f, 0xca, 0x9e); /* 3DNow! pfadd */
	expect1(CODE + 4);
	PLACE(0xff, 0xc0); /* inc eax (FF /0) */
	expect1(CODE + 2);
	PLACE(0xff, 0x30); /* push (rax) (FF /6) */
	expect1(CODE + 2);
	PLACE(0xff, 0xd8); /* far call with a register operand: #UD */
	expect1(CODE + 2);
}
END_TEST

/* xbegin: the transaction or its abort handler. */
START_TEST(test_xbegin)
{
	int n;

	PLACE(0xc7, 0xf8, 0x20, 0x00, 0x00, 0x00);
	n = x86_64_next_pcs(&ctx, CODE, out);
	ck_assert_int_eq(n, 2);
	ck_assert_uint_eq(out[0].addr, CODE + 6);
	ck_assert_uint_eq(out[1].addr, CODE + 6 + 0x20);
	PLACE(0xc7, 0xf8, 0x00, 0x00, 0x00, 0x00); /* abort to the next instruction */
	expect1(CODE + 6);
	PLACE(0xc6, 0xf8, 0x01); /* xabort */
	expect1(CODE + 3);
}
END_TEST

/* ---- indirect branches ---- */

struct ind_vec {
	const char *what;
	uint8_t bytes[10];
	uint64_t rax, target;
};

#define RIP_PTR 0x5001u
#define FS_PTR 0x5002u
#define GS_PTR 0x5003u
#define FAR_PTR 0x123450006000ull
#define HIGH (0x55ull << 32)

/*
 * Registers besides rax: rbx = DATA + 0x100, rcx = 2, rdx = DATA with high
 * bits, r11 = 0x4444, r12 = DATA + 0x200, r13 = DATA + 0x300; the pointer
 * at DATA + k is 0x10000 + k, at DATA + 0xf00 FAR_PTR.
 */
static const struct ind_vec ind_vecs[] = {
	{ "call *%rax", { 0xff, 0xd0 }, DATA, DATA },
	{ "jmp *%r11", { 0x41, 0xff, 0xe3 }, DATA, 0x4444 },
	{ "notrack jmp *%rax", { 0x3e, 0xff, 0xe0 }, DATA, DATA },
	{ "66 call *%rax (Intel: 64-bit)", { 0x66, 0xff, 0xd0 }, DATA | HIGH, DATA | HIGH },
	{ "call *(%rax)", { 0xff, 0x10 }, DATA, 0x10000 },
	{ "call *8(%rbx)", { 0xff, 0x53, 0x08 }, DATA, 0x10108 },
	{ "jmp *0x100(%rax)", { 0xff, 0xa0, 0x00, 0x01, 0x00, 0x00 }, DATA, 0x10100 },
	{ "call *(%rax,%rcx,8)", { 0xff, 0x14, 0xc8 }, DATA, 0x10010 },
	{ "call *-8(%rbx,%rcx,4)", { 0xff, 0x54, 0x8b, 0xf8 }, DATA, 0x10100 },
	{ "jmp *8(%r12)", { 0x41, 0xff, 0x64, 0x24, 0x08 }, DATA, 0x10208 },
	{ "jmp *0(%r13)", { 0x41, 0xff, 0x65, 0x00 }, DATA, 0x10300 },
	{ "call *(%rax,%r12,1)", { 0x42, 0xff, 0x14, 0x20 }, 0x40, 0x10240 },
	{ "jmp *DATA(,%rcx,8)", { 0xff, 0x24, 0xcd, 0x00, 0x90, 0x00, 0x00 }, 0, 0x10010 },
	{ "call *(%rsp)", { 0xff, 0x14, 0x24 }, 0, 0x4242 },
	{ "call *0x7fa(%rip)", { 0xff, 0x15, 0xfa, 0x07, 0x00, 0x00 }, 0, RIP_PTR },
	{ "call *%fs:0x10", { 0x64, 0xff, 0x14, 0x25, 0x10, 0x00, 0x00, 0x00 }, 0, FS_PTR },
	{ "jmp *%gs:(%rcx)", { 0x65, 0xff, 0x21 }, 0, GS_PTR },
	{ "call *%ds:(%rax)", { 0x3e, 0xff, 0x10 }, DATA, 0x10000 },
	{ "addr32 call *(%eax)", { 0x67, 0xff, 0x10 }, DATA | HIGH, 0x10000 },
	{ "addr32 jmp *8(%edx)", { 0x67, 0xff, 0x62, 0x08 }, 0, 0x10008 },
	{ "rex.W ljmp *(%rax) (m16:64)", { 0x48, 0xff, 0x28 }, DATA + 0xf00, FAR_PTR },
	{ "lcall *(%rax) (m16:32)", { 0xff, 0x18 }, DATA + 0xf00, (uint32_t)FAR_PTR },
};

START_TEST(test_indirect)
{
	const struct ind_vec *v = &ind_vecs[_i];

	for (uint64_t k = 0; k < 0x1000; k += 8)
		put64(DATA + k, 0x10000 + k);
	put64(DATA + 0xf00, FAR_PTR);
	put64(STACK, 0x4242);
	put64(CODE + 6 + 0x7fa, RIP_PTR);
	put64(FS_BASE + 0x10, FS_PTR);
	put64(GS_BASE + 2, GS_PTR);
	regs[0] = v->rax;
	regs[1] = DATA + 0x100; /* rbx */
	regs[2] = 2;		/* rcx */
	regs[3] = DATA | HIGH;	/* rdx */
	regs[11] = 0x4444;
	regs[12] = DATA + 0x200;
	regs[13] = DATA + 0x300;
	memcpy(mem + CODE, v->bytes, sizeof(v->bytes));
	ck_assert_int_eq(x86_64_next_pcs(&ctx, CODE, out), 1);
	ck_assert_msg(out[0].addr == v->target, "%s: %#llx, want %#llx", v->what,
		      (unsigned long long)out[0].addr, (unsigned long long)v->target);
}
END_TEST

/* ---- returns and system calls ---- */

START_TEST(test_returns)
{
	put64(STACK, 0x123456789aull);
	PLACE(0xc3);
	expect1(0x123456789aull);
	PLACE(0xc2, 0x08, 0x00); /* ret $8 */
	expect1(0x123456789aull);
	PLACE(0xf2, 0xc3); /* bnd ret */
	expect1(0x123456789aull);
	PLACE(0x48, 0xcb); /* lretq */
	expect1(0x123456789aull);
	PLACE(0xcb); /* lret: 32-bit offset */
	expect1(0x3456789a);
	PLACE(0x48, 0xcf); /* iretq */
	expect1(0x123456789aull);
	PLACE(0xca, 0x10, 0x00); /* lret $16 */
	expect1(0x3456789a);
}
END_TEST

START_TEST(test_syscall)
{
	regs[X86_REG_RAX] = 39; /* getpid */
	PLACE(0x0f, 0x05);
	expect1(CODE + 2);
	regs[X86_REG_RAX] = 15; /* rt_sigreturn: rip saved in the frame */
	put64(STACK + 40 + 16 * 8, 0x5555deadbeefull);
	expect1(0x5555deadbeefull);
	regs[X86_REG_RSP] = MEM_SIZE - 8; /* frame unreadable */
	ck_assert_int_eq(x86_64_next_pcs(&ctx, CODE, out), -EFAULT);
}
END_TEST

/* ---- failing reads ---- */

START_TEST(test_read_errors)
{
	/* the instruction itself */
	ck_assert_int_eq(x86_64_next_pcs(&ctx, MEM_SIZE, out), -EFAULT);
	/* the return address */
	PLACE(0xc3);
	regs[X86_REG_RSP] = MEM_SIZE + 0x1000;
	ck_assert_int_eq(x86_64_next_pcs(&ctx, CODE, out), -EFAULT);
	/* registers: passed on */
	regs[X86_REG_RSP] = STACK;
	fail_reg = X86_REG_RSP;
	ck_assert_int_eq(x86_64_next_pcs(&ctx, CODE, out), -EIO);
	fail_reg = X86_REG_EFLAGS;
	PLACE(0x74, 0x10);
	ck_assert_int_eq(x86_64_next_pcs(&ctx, CODE, out), -EIO);
	fail_reg = X86_REG_FS_BASE;
	PLACE(0x64, 0xff, 0x10);
	ck_assert_int_eq(x86_64_next_pcs(&ctx, CODE, out), -EIO);
	fail_reg = 0; /* rax as the base */
	ck_assert_int_eq(x86_64_next_pcs(&ctx, CODE, out), -EIO);
	fail_reg = -1;
	regs[0] = MEM_SIZE; /* the pointer is unreadable */
	ck_assert_int_eq(x86_64_next_pcs(&ctx, CODE, out), -EFAULT);
}
END_TEST

/* An instruction at the end of the last mapped page. */
START_TEST(test_page_end)
{
	mem[MEM_SIZE - 2] = 0xeb; /* jmp . fits */
	mem[MEM_SIZE - 1] = 0xfe;
	ck_assert_int_eq(x86_64_next_pcs(&ctx, MEM_SIZE - 2, out), 1);
	ck_assert_uint_eq(out[0].addr, MEM_SIZE - 2);
	mem[MEM_SIZE - 1] = 0xc3; /* ret: one byte */
	put64(STACK, 0x4242);
	ck_assert_int_eq(x86_64_next_pcs(&ctx, MEM_SIZE - 1, out), 1);
	ck_assert_uint_eq(out[0].addr, 0x4242);
	mem[MEM_SIZE - 3] = 0xe8; /* call rel32 runs off the page */
	ck_assert_int_eq(x86_64_next_pcs(&ctx, MEM_SIZE - 3, out), -EFAULT);
}
END_TEST

/* ---- descriptor and register numbering ---- */

START_TEST(test_descriptor)
{
	const struct arch *a = arch_native();

	ck_assert_ptr_eq(a->next_pcs, x86_64_next_pcs);
	ck_assert_uint_eq(a->bp_len, 1);
	ck_assert_uint_eq(a->bp_insn[0], 0xcc);
}
END_TEST

/* X86_REG_* are the same in every amd64 description rstub may serve. */
START_TEST(test_regnums)
{
	static const char *const files[] = { "amd64-linux.xml", "amd64-avx-linux.xml",
					     "amd64-avx-avx512-pkeys-linux.xml" };
	static const struct {
		const char *name;
		int regnum;
	} want[] = {
		{ "rax", X86_REG_RAX },	   { "rcx", X86_REG_RCX },
		{ "rsp", X86_REG_RSP },	   { "rip", X86_REG_RIP },
		{ "eflags", X86_REG_EFLAGS }, { "fs_base", X86_REG_FS_BASE },
		{ "gs_base", X86_REG_GS_BASE }, { "rbx", 1 },
		{ "r8", 8 },		   { "r15", 15 },
	};

	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		struct tdesc td;
		struct strbuf err;

		memset(&td, 0, sizeof(td));
		strbuf_init(&err, 0);
		ck_assert_int_eq(tdesc_load_builtin(&td, files[f], &err), 0);
		for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
			ck_assert_int_eq(tdesc_find_reg(&td, want[i].name)->regnum,
					 want[i].regnum);
		tdesc_release(&td);
		strbuf_release(&err);
	}
}
END_TEST

#define NVEC(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *suite(void)
{
	Suite *s = suite_create("decode_x86_64");
	TCase *tc;

	tc = tcase_create("lengths");
	tcase_add_loop_test(tc, test_lengths, 0, NVEC(len_vecs));
	tcase_add_test(tc, test_fields);
	tcase_add_test(tc, test_length_limit);
	tcase_add_test(tc, test_random_bytes);
	suite_add_tcase(s, tc);
	tc = tcase_create("invalid");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_loop_test(tc, test_invalid, 0, NVEC(bad_vecs));
	suite_add_tcase(s, tc);
	tc = tcase_create("branches");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_loop_test(tc, test_jcc, 0, NVEC(jcc_vecs));
	tcase_add_test(tc, test_direct);
	tcase_add_loop_test(tc, test_loop, 0, NVEC(loop_vecs));
	tcase_add_test(tc, test_fall_through);
	tcase_add_test(tc, test_xbegin);
	suite_add_tcase(s, tc);
	tc = tcase_create("indirect");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_loop_test(tc, test_indirect, 0, NVEC(ind_vecs));
	suite_add_tcase(s, tc);
	tc = tcase_create("returns");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_returns);
	tcase_add_test(tc, test_syscall);
	suite_add_tcase(s, tc);
	tc = tcase_create("reads");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_read_errors);
	tcase_add_test(tc, test_page_end);
	suite_add_tcase(s, tc);
	tc = tcase_create("descriptor");
	tcase_add_test(tc, test_descriptor);
	tcase_add_test(tc, test_regnums);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(suite());
}
