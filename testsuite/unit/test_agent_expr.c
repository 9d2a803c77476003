/*
 * test_agent_expr — the agent-expression interpreter (agent_expr.h) over
 * fake registers and a fake 64-byte memory: every opcode, the stack limits,
 * bad jumps, truncated code, the step budget, and printf formatting.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "agent_expr.h"

#include "check_main.h"

#define MEM_BASE 0x1000u
#define MEM_SIZE 64u

static uint8_t mem[MEM_SIZE];
static char printed[2 * AX_PRINTF_MAX];
static size_t nprinted;
static int prints;

static int fake_reg(void *ctx, int regno, uint8_t *buf, size_t size)
{
	static const uint8_t r0[8] = {0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11};
	static const uint8_t r1[4] = {0xfe, 0xff, 0xff, 0xff};

	(void)ctx;
	if (regno == 0 && size >= 8) {
		memcpy(buf, r0, 8);
		return 8;
	}
	if (regno == 1) {
		memcpy(buf, r1, 4);
		return 4;
	}
	if (regno == 2 && size >= 16) {
		memset(buf, 1, 16);
		return 16;
	}
	return -ENOENT;
}

static int fake_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
	(void)ctx;
	if (addr < MEM_BASE || addr - MEM_BASE > MEM_SIZE ||
	    len > MEM_SIZE - (addr - MEM_BASE))
		return -EIO;
	memcpy(buf, mem + (addr - MEM_BASE), len);
	return 0;
}

static void fake_print(void *ctx, const char *text, size_t len)
{
	(void)ctx;
	if (len > sizeof(printed) - nprinted)
		len = sizeof(printed) - nprinted;
	memcpy(printed + nprinted, text, len);
	nprinted += len;
	prints++;
}

static struct ax_env env = {fake_reg, fake_mem, fake_print, NULL, false};

static void setup(void)
{
	size_t i;

	for (i = 0; i < MEM_SIZE; i++)
		mem[i] = (uint8_t)(i + 1);
	strcpy((char *)mem + 32, "hello");
	nprinted = 0;
	prints = 0;
	env.big_endian = false;
	env.print = fake_print;
}

static int run(const uint8_t *code, size_t len, uint64_t *out)
{
	return ax_eval(code, len, &env, out);
}

#define RUN(out, ...)                                                                    \
	({                                                                               \
		const uint8_t c_[] = {__VA_ARGS__};                                      \
		run(c_, sizeof(c_), out);                                                \
	})

struct vec {
	const char *name;
	uint8_t code[24];
	size_t len;
	int err;
	uint64_t value;
};

/* c8 pushes an 8-bit constant; the opcode numbers are gdb's ax.def. */
#define C8(v) 0x22, (v)
#define C64(v)                                                                           \
	0x25, (uint8_t)((uint64_t)(v) >> 56), (uint8_t)((uint64_t)(v) >> 48),            \
	        (uint8_t)((uint64_t)(v) >> 40), (uint8_t)((uint64_t)(v) >> 32),          \
	        (uint8_t)((uint64_t)(v) >> 24), (uint8_t)((uint64_t)(v) >> 16),          \
	        (uint8_t)((uint64_t)(v) >> 8), (uint8_t)(v)
#define END 0x27
#define V(name, err, value, ...)                                                         \
	{                                                                                \
		name, {__VA_ARGS__}, sizeof((uint8_t[]){__VA_ARGS__}), err, value        \
	}

static const struct vec vectors[] = {
        V("add", 0, 12, C8(5), C8(7), 0x02, END),
        V("sub", 0, (uint64_t)-2, C8(5), C8(7), 0x03, END),
        V("mul", 0, 35, C8(5), C8(7), 0x04, END),
        V("div_signed", 0, (uint64_t)-3, C64(-7), C8(2), 0x05, END),
        V("div_unsigned", 0, UINT64_MAX / 2, C64(-1), C8(2), 0x06, END),
        V("div_signed min/-1", 0, (uint64_t)INT64_MIN, C64(INT64_MIN), C64(-1), 0x05,
          END),
        V("rem_signed", 0, (uint64_t)-1, C64(-7), C8(2), 0x07, END),
        V("rem_unsigned", 0, 1, C8(7), C8(3), 0x08, END),
        V("div by zero", -EDOM, 0, C8(7), C8(0), 0x05, END),
        V("rem by zero", -EDOM, 0, C8(7), C8(0), 0x08, END),
        V("lsh", 0, 40, C8(5), C8(3), 0x09, END),
        V("lsh 64", 0, 0, C8(5), C8(64), 0x09, END),
        V("rsh_signed", 0, (uint64_t)-2, C64(-8), C8(2), 0x0a, END),
        V("rsh_signed 99", 0, UINT64_MAX, C64(-8), C8(99), 0x0a, END),
        V("rsh_unsigned", 0, UINT64_MAX >> 2, C64(-1), C8(2), 0x0b, END),
        V("log_not 0", 0, 1, C8(0), 0x0e, END),
        V("log_not 5", 0, 0, C8(5), 0x0e, END),
        V("bit_and", 0, 0x04, C8(0x0c), C8(0x06), 0x0f, END),
        V("bit_or", 0, 0x0e, C8(0x0c), C8(0x06), 0x10, END),
        V("bit_xor", 0, 0x0a, C8(0x0c), C8(0x06), 0x11, END),
        V("bit_not", 0, ~(uint64_t)5, C8(5), 0x12, END),
        V("equal", 0, 1, C8(5), C8(5), 0x13, END),
        V("not equal", 0, 0, C8(5), C8(6), 0x13, END),
        V("less_signed", 0, 1, C64(-1), C8(1), 0x14, END),
        V("less_unsigned", 0, 0, C64(-1), C8(1), 0x15, END),
        V("ext 8", 0, (uint64_t)-1, C8(0xff), 0x16, 8, END),
        V("ext 8 positive", 0, 0x7f, 0x23, 0x01, 0x7f, 0x16, 8, END),
        V("ext 64", 0, 0xff, C8(0xff), 0x16, 64, END),
        V("ext 0", -EINVAL, 0, C8(0xff), 0x16, 0, END),
        V("zero_ext 4", 0, 0xf, C64(-1), 0x2a, 4, END),
        V("zero_ext 0", 0, 0, C64(-1), 0x2a, 0, END),
        V("const8", 0, 0xfe, 0x22, 0xfe, END),
        V("const16", 0, 0x1234, 0x23, 0x12, 0x34, END),
        V("const32", 0, 0x12345678, 0x24, 0x12, 0x34, 0x56, 0x78, END),
        V("const64", 0, 0x0102030405060708, C64(0x0102030405060708), END),
        V("ref8", 0, 0x03, 0x23, 0x10, 0x02, 0x17, END),
        V("ref16", 0, 0x0201, 0x23, 0x10, 0x00, 0x18, END),
        V("ref32", 0, 0x04030201, 0x23, 0x10, 0x00, 0x19, END),
        V("ref64", 0, 0x0807060504030201, 0x23, 0x10, 0x00, 0x1a, END),
        V("ref64 out of memory", -EIO, 0, 0x23, 0x10, 0x3c, 0x1a, END),
        V("ref8 at 0", -EIO, 0, C8(0), 0x17, END),
        V("reg 64-bit", 0, 0x1122334455667788, 0x26, 0x00, 0x00, END),
        V("reg 32-bit", 0, 0xfffffffe, 0x26, 0x00, 0x01, END),
        V("reg vector", -ENOTSUP, 0, 0x26, 0x00, 0x02, END),
        V("reg unknown", -ENOENT, 0, 0x26, 0x01, 0x00, END),
        V("dup", 0, 10, C8(5), 0x28, 0x02, END),
        V("pop", 0, 5, C8(5), C8(6), 0x29, END),
        V("swap", 0, 1, C8(5), C8(6), 0x2b, 0x03, END),
        V("pick 0", 0, 12, C8(5), C8(6), 0x32, 0, 0x02, END),
        V("pick 1", 0, 5, C8(5), C8(6), 0x32, 1, END),
        V("pick too deep", -ERANGE, 0, C8(5), 0x32, 1, END),
        /* rot: a b c => c a b; a=1 b=2 c=3, top is b; then a below it, c at the bottom */
        V("rot top", 0, 2, C8(1), C8(2), C8(3), 0x33, END),
        V("rot middle", 0, 1, C8(1), C8(2), C8(3), 0x33, 0x29, END),
        V("rot bottom", 0, 3, C8(1), C8(2), C8(3), 0x33, 0x29, 0x29, END),
        V("if_goto taken", 0, 9, C8(1), 0x20, 0x00, 0x08, C8(8), END, C8(9), END),
        V("if_goto not taken", 0, 8, C8(0), 0x20, 0x00, 0x08, C8(8), END, C8(9), END),
        V("goto", 0, 9, 0x21, 0x00, 0x06, C8(8), END, C8(9), END),
        V("goto past the end", -EINVAL, 0, 0x21, 0x00, 0x09, C8(8), END),
        V("goto into the middle of nothing", -EINVAL, 0, 0x21, 0xff, 0xff, END),
        V("if_goto empty stack", -ERANGE, 0, 0x20, 0x00, 0x00, END),
        V("trace pops two", 0, 7, C8(7), C8(1), C8(2), 0x0c, END),
        V("tracenz pops two", 0, 7, C8(7), C8(1), C8(2), 0x2f, END),
        V("trace_quick keeps addr", 0, 7, C8(7), 0x0d, 4, END),
        V("trace16 keeps addr", 0, 7, C8(7), 0x30, 0x00, 0x04, END),
        V("tracev", 0, 7, C8(7), 0x2e, 0x00, 0x01, END),
        V("trace_quick empty", -ERANGE, 0, 0x0d, 4, END),
        V("getv", -ENOTSUP, 0, 0x2c, 0x00, 0x01, END),
        V("setv", -ENOTSUP, 0, C8(1), 0x2d, 0x00, 0x01, END),
        V("float", -ENOTSUP, 0, 0x01, END),
        V("ref_float", -ENOTSUP, 0, C8(0), 0x1b, END),
        V("ref_double", -ENOTSUP, 0, C8(0), 0x1c, END),
        V("ref_long_double", -ENOTSUP, 0, C8(0), 0x1d, END),
        V("l_to_d", -ENOTSUP, 0, C8(0), 0x1e, END),
        V("d_to_l", -ENOTSUP, 0, C8(0), 0x1f, END),
        V("invalid2", -EINVAL, 0, 0x31, END),
        V("opcode 0", -EINVAL, 0, 0x00, END),
        V("opcode ff", -EINVAL, 0, 0xff, END),
        V("underflow add", -ERANGE, 0, C8(1), 0x02, END),
        V("underflow pop", -ERANGE, 0, 0x29, END),
        V("empty stack at end", -ERANGE, 0, END),
        V("truncated const16", -EINVAL, 0, 0x23, 0x12),
        V("truncated const64", -EINVAL, 0, 0x25, 1, 2, 3),
        V("truncated reg", -EINVAL, 0, 0x26, 0),
        V("truncated goto", -EINVAL, 0, 0x21, 0),
        V("truncated ext", -EINVAL, 0, C8(1), 0x16),
        V("no end", -EINVAL, 0, C8(1)),
        V("empty code", -EINVAL, 0, 0x00),
};

START_TEST(test_vector)
{
	const struct vec *v = &vectors[_i];
	uint64_t out = 0xdeadbeef;
	size_t len = strcmp(v->name, "empty code") ? v->len : 0;
	int err = run(v->code, len, &out);

	ck_assert_msg(err == v->err, "%s: error %d, want %d", v->name, err, v->err);
	if (!v->err)
		ck_assert_msg(out == v->value, "%s: %#llx, want %#llx", v->name,
		              (unsigned long long)out, (unsigned long long)v->value);
}
END_TEST

START_TEST(test_big_endian)
{
	uint64_t out;

	env.big_endian = true;
	ck_assert_int_eq(RUN(&out, 0x23, 0x10, 0x00, 0x19, END), 0);
	ck_assert_uint_eq(out, 0x01020304);
	ck_assert_int_eq(RUN(&out, 0x26, 0x00, 0x01, END), 0);
	ck_assert_uint_eq(out, 0xfeffffff);
}
END_TEST

START_TEST(test_stack_overflow)
{
	uint8_t code[2 * AX_STACK_MAX + 3];
	uint64_t out;
	size_t i;

	for (i = 0; i < AX_STACK_MAX; i++) {
		code[2 * i] = 0x22;
		code[2 * i + 1] = (uint8_t)i;
	}
	code[2 * AX_STACK_MAX] = END;
	ck_assert_int_eq(run(code, 2 * AX_STACK_MAX + 1, &out), 0);
	ck_assert_uint_eq(out, (AX_STACK_MAX - 1) & 0xff);
	code[2 * AX_STACK_MAX] = 0x28; /* one dup too many */
	code[2 * AX_STACK_MAX + 1] = END;
	ck_assert_int_eq(run(code, 2 * AX_STACK_MAX + 2, &out), -ERANGE);
}
END_TEST

START_TEST(test_loop_budget)
{
	uint64_t out;

	/* goto 0 forever; and a loop that pushes and pops forever */
	ck_assert_int_eq(RUN(&out, 0x21, 0x00, 0x00, END), -E2BIG);
	ck_assert_int_eq(RUN(&out, C8(1), 0x29, 0x21, 0x00, 0x00, END), -E2BIG);
	/* a loop that counts down 1000 times finishes within the budget:
	 * 0: const16 1000; 3: const8 1; 5: sub; 6: dup; 7: if_goto 3; 10: end */
	ck_assert_int_eq(
	        RUN(&out, 0x23, 0x03, 0xe8, C8(1), 0x03, 0x28, 0x20, 0x00, 0x03, END), 0);
	ck_assert_uint_eq(out, 0);
}
END_TEST

START_TEST(test_code_too_long)
{
	static uint8_t code[AX_CODE_MAX + 1];
	uint64_t out;

	memset(code, 0x27, sizeof(code));
	code[0] = 0x22;
	ck_assert_int_eq(run(code, AX_CODE_MAX, &out), 0);
	ck_assert_int_eq(run(code, sizeof(code), &out), -EINVAL);
}
END_TEST

START_TEST(test_result_optional)
{
	ck_assert_int_eq(RUN(NULL, END), 0);
	ck_assert_int_eq(RUN(NULL, 0x29, END), -ERANGE);
}
END_TEST

/* printf "fmt" with args pushed last first, then channel 0 and function 0 */
static int printf_code(uint8_t *code, const uint64_t *args, size_t nargs, const char *fmt,
                       size_t fmtlen)
{
	size_t n = 0, i;

	for (i = nargs; i-- > 0;) {
		uint8_t c64[] = {C64(args[i])};

		memcpy(code + n, c64, sizeof(c64));
		n += sizeof(c64);
	}
	code[n++] = 0x22, code[n++] = 0; /* channel */
	code[n++] = 0x22, code[n++] = 0; /* function */
	code[n++] = 0x34;
	code[n++] = (uint8_t)nargs;
	code[n++] = (uint8_t)(fmtlen >> 8);
	code[n++] = (uint8_t)fmtlen;
	memcpy(code + n, fmt, fmtlen);
	n += fmtlen;
	code[n++] = END;
	return (int)n;
}

static int do_printf(const char *fmt, const uint64_t *args, size_t nargs)
{
	uint8_t code[1024];
	int n = printf_code(code, args, nargs, fmt, strlen(fmt) + 1);

	nprinted = 0;
	memset(printed, 0, sizeof(printed));
	return run(code, (size_t)n, NULL);
}

START_TEST(test_printf)
{
	uint64_t a[] = {42, (uint64_t)-5, MEM_BASE + 32, 0xff, 'x'};

	ck_assert_int_eq(do_printf("i=%d j=%d s=%s\\n", a, 3), 0);
	ck_assert_str_eq(printed, "i=42 j=-5 s=hello\n");
	ck_assert_int_eq(prints, 1);
	ck_assert_int_eq(do_printf("%5d|%-4u|%x|%#o|%c|%%|%.3s",
	                           (uint64_t[]){7, 3, 0xff, 8, 'x', MEM_BASE + 32}, 6),
	                 0);
	ck_assert_str_eq(printed, "    7|3   |ff|010|x|%|hel");
	/* the int conversions narrow: %d of a 64-bit -1 in 32 bits, %hhu of 0x1ff */
	ck_assert_int_eq(do_printf("%d %hhu %lld %lu %p",
	                           (uint64_t[]){UINT64_MAX, 0x1ff, UINT64_MAX, 1, 0x10},
	                           5),
	                 0);
	ck_assert_str_eq(printed, "-1 255 -1 1 0x10");
	ck_assert_int_eq(do_printf("tab\\there\\101\\\\", a, 0), 0);
	ck_assert_str_eq(printed, "tab\there"
	                          "A\\");
	(void)a;
}
END_TEST

/* Every combination of up to five flags, with the widest width and
 * precision, for each integer conversion: what libc prints for the same
 * directive (the longest spec, "%-+ #0999.999lld", once overflowed the
 * directive's buffer by one byte). */
START_TEST(test_printf_flags)
{
	static const char flags[] = "-+ #0", convs[] = "duxoc";
	char fmt[32], want[AX_PRINTF_MAX], f[8];
	uint64_t v = (uint64_t)-12345;
	unsigned combo, k, len, total = 0;
	size_t c;

	for (len = 0; len <= 5; len++) {
		unsigned count = 1;

		for (k = 0; k < len; k++)
			count *= 5;
		for (combo = 0; combo < count; combo++) {
			unsigned x = combo;

			for (k = 0; k < len; k++, x /= 5)
				f[k] = flags[x % 5];
			f[len] = '\0';
			for (c = 0; c < sizeof(convs) - 1; c++) {
				bool chr = convs[c] == 'c';

				snprintf(fmt, sizeof(fmt), "%%%s999.999%c", f, convs[c]);
				ck_assert_int_eq(do_printf(fmt, &v, 1), 0);
				snprintf(fmt, sizeof(fmt), "%%%s999.999%s%c", f, chr ? "" : "ll",
				         convs[c]);
				if (chr)
					snprintf(want, sizeof(want), fmt, (int)(unsigned char)v);
				else if (convs[c] == 'd')
					snprintf(want, sizeof(want), fmt, (long long)(int32_t)v);
				else
					snprintf(want, sizeof(want), fmt,
					         (unsigned long long)(uint32_t)v);
				ck_assert_msg(!strcmp(printed, want), "%s: '%.40s...'", fmt, printed);
				total++;
			}
		}
	}
	ck_assert_uint_eq(total, 3906 * 5);
}
END_TEST

START_TEST(test_printf_errors)
{
	uint64_t a[] = {1, 2};
	uint8_t code[64];
	int n;

	ck_assert_int_eq(do_printf("%d %d %d", a, 2), -EINVAL); /* too few arguments */
	ck_assert_int_eq(do_printf("%f", a, 1), -ENOTSUP);
	ck_assert_int_eq(do_printf("%*d", a, 2), -ENOTSUP);
	ck_assert_int_eq(do_printf("%n", a, 1), -ENOTSUP);
	ck_assert_int_eq(do_printf("%Lf", a, 1), -ENOTSUP);
	ck_assert_int_eq(do_printf("%q", a, 1), -EINVAL);
	ck_assert_int_eq(do_printf("%", a, 1), -EINVAL);
	ck_assert_int_eq(do_printf("%12345d", a, 1), -EINVAL);
	ck_assert_int_eq(do_printf("\\q", a, 0), -EINVAL);
	ck_assert_int_eq(do_printf("%s", (uint64_t[]){0}, 1),
	                 -EIO); /* unreadable string */
	ck_assert_int_eq(prints, 0);
	/* format not NUL-terminated, length past the code, zero length */
	n = printf_code(code, a, 1, "%d", 2);
	ck_assert_int_eq(run(code, (size_t)n, NULL), -EINVAL);
	n = printf_code(code, a, 1, "%d", 3);
	ck_assert_int_eq(run(code, (size_t)n - 3, NULL), -EINVAL);
	n = printf_code(code, a, 1, "", 0);
	ck_assert_int_eq(run(code, (size_t)n, NULL), -EINVAL);
	/* more arguments than the stack holds, no function/channel */
	ck_assert_int_eq(RUN(NULL, C8(0), C8(0), 0x34, 3, 0x00, 0x01, 0x00, END),
	                 -ERANGE);
	ck_assert_int_eq(RUN(NULL, C8(0), 0x34, 0, 0x00, 0x01, 0x00, END), -ERANGE);
	/* no print callback */
	env.print = NULL;
	ck_assert_int_eq(do_printf("x", a, 0), -ENOTSUP);
}
END_TEST

START_TEST(test_printf_bounded)
{
	static char fmt[3000];
	uint64_t a[2] = {MEM_BASE + 32, MEM_BASE + 32};
	static uint8_t code[AX_CODE_MAX];
	int n;

	/* two 999-wide fields and 2990 more bytes exceed AX_PRINTF_MAX: cut */
	memset(fmt, 'y', sizeof(fmt) - 1);
	memcpy(fmt, "%999s%999s", 10);
	n = printf_code(code, a, 2, fmt, sizeof(fmt));
	ck_assert_int_eq(run(code, (size_t)n, NULL), 0);
	ck_assert_uint_eq(nprinted, AX_PRINTF_MAX);
	ck_assert_int_eq(prints, 1);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("agent_expr");
	TCase *tc = tcase_create("opcodes");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_loop_test(tc, test_vector, 0, sizeof(vectors) / sizeof(vectors[0]));
	tcase_add_test(tc, test_big_endian);
	tcase_add_test(tc, test_result_optional);
	suite_add_tcase(s, tc);
	tc = tcase_create("limits");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_stack_overflow);
	tcase_add_test(tc, test_loop_budget);
	tcase_add_test(tc, test_code_too_long);
	suite_add_tcase(s, tc);
	tc = tcase_create("printf");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_printf);
	tcase_add_test(tc, test_printf_flags);
	tcase_add_test(tc, test_printf_errors);
	tcase_add_test(tc, test_printf_bounded);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(suite());
}
