/*
 * test_rsp_lldb — unit tests for lldb's reply texts (rsp_lldb.h): the
 * qRegisterInfo of every kind of register of the built-in x86-64
 * description with AVX-512 (sets, encodings, generic roles), qHostInfo,
 * qProcessInfo and qMemoryRegionInfo texts, JSON strings, the svr4 list
 * lldb reads; and the /proc/PID/maps parser behind qMemoryRegionInfo.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "arch/arch.h"
#include "linux_target.h"
#include "rsp.h"
#include "rsp_lldb.h"
#include "tdesc_builtin.h"

#include "check_main.h"

static const struct arch x86 = {
        .name = "x86_64",
        .pc_reg = "rip",
        .sp_reg = "rsp",
        .fp_reg = "rbp",
        .ptr_size = 8,
        .triple = "x86_64-pc-linux-gnu",
};

static struct tdesc td;
static struct strbuf out;

static void setup(void)
{
	struct strbuf err = STRBUF_INIT;

	memset(&td, 0, sizeof(td));
	strbuf_init(&out, 0);
	ck_assert_int_eq(tdesc_load_builtin(&td, "amd64-avx-avx512-linux.xml", &err), 0);
	strbuf_release(&err);
}

static void teardown(void)
{
	tdesc_release(&td);
	strbuf_release(&out);
}

/* ---- qRegisterInfo ---- */

static const struct {
	const char *reg;
	const char *info;
} reg_cases[] = {
        {"rax", "name:rax;bitsize:64;offset:0;encoding:uint;format:hex;"
                "set:General Purpose Registers;"},
        {"rbp", "name:rbp;bitsize:64;offset:48;encoding:uint;format:hex;"
                "set:General Purpose Registers;generic:fp;"},
        {"rip", "name:rip;bitsize:64;offset:128;encoding:uint;format:hex;"
                "set:General Purpose Registers;generic:pc;"},
        {"eflags", "name:eflags;bitsize:32;offset:136;encoding:uint;format:hex;"
                   "set:General Purpose Registers;"},
        {"st0", "name:st0;bitsize:80;offset:164;encoding:vector;format:vector-uint8;"
                "set:Floating Point Registers;"},
        {"fctrl", "name:fctrl;bitsize:32;offset:244;encoding:uint;format:hex;"
                  "set:Floating Point Registers;"},
        {"xmm0", "name:xmm0;bitsize:128;offset:276;encoding:vector;format:vector-uint8;"
                 "set:Vector Registers;"},
        {"mxcsr", "name:mxcsr;bitsize:32;offset:532;encoding:uint;format:hex;"
                  "set:Vector Registers;"},
        {"orig_rax", "name:orig_rax;bitsize:64;offset:536;encoding:uint;format:hex;"
                     "set:General Purpose Registers;"},
        {"fs_base", "name:fs_base;bitsize:64;offset:544;encoding:uint;format:hex;"
                    "set:General Purpose Registers;"},
        {"k0", NULL}, /* AVX-512's mask registers go with its vectors */
        {"zmm0h", NULL},
};

START_TEST(register_info)
{
	const struct tdesc_reg *reg = tdesc_find_reg(&td, reg_cases[_i].reg);

	ck_assert_ptr_nonnull(reg);
	lldb_register_info(&out, &td, reg, &x86);
	if (reg_cases[_i].info)
		ck_assert_str_eq(out.buf, reg_cases[_i].info);
	else
		ck_assert_ptr_nonnull(strstr(out.buf, ";set:Vector Registers;"));
}
END_TEST

/* Every register of the description: a bitsize, lldb's `g' offset, a set. */
START_TEST(register_info_all)
{
	for (size_t i = 0; i < td.nregs; i++) {
		char want[64];

		strbuf_reset(&out);
		lldb_register_info(&out, &td, &td.regs[i], &x86);
		snprintf(want, sizeof(want), ";offset:%zu;", td.regs[i].offset);
		ck_assert_ptr_nonnull(strstr(out.buf, want));
		ck_assert_ptr_nonnull(strstr(out.buf, ";set:"));
		if (td.regs[i].bitsize > 64) /* lldb shows no wider integers */
			ck_assert_ptr_null(strstr(out.buf, "encoding:uint;"));
	}
}
END_TEST

START_TEST(zmm_is_vector)
{
	lldb_register_info(&out, &td, tdesc_find_reg(&td, "zmm31h"), &x86);
	ck_assert_ptr_nonnull(strstr(out.buf, "bitsize:256;"));
	ck_assert_ptr_nonnull(strstr(out.buf, "encoding:vector;format:vector-uint8;"));
}
END_TEST

/* ---- host, process, regions, JSON, svr4 ---- */

START_TEST(host_info)
{
	lldb_host_info(&out, &x86);
	ck_assert_str_eq(out.buf,
	                 "triple:7838365f36342d70632d6c696e75782d676e75;ptrsize:8;"
	                 "endian:little;ostype:linux;vendor:pc;");
}
END_TEST

START_TEST(process_info)
{
	struct target_process_info pi = {
	        .pid = 0x1234, .ppid = 1, .uid = 1000, .euid = 0, .gid = 100, .egid = 0};

	lldb_process_info(&out, &pi, &x86);
	ck_assert_str_eq(out.buf,
	                 "pid:1234;parent-pid:1;real-uid:3e8;real-gid:64;effective-uid:0;"
	                 "effective-gid:0;triple:7838365f36342d70632d6c696e75782d676e75;"
	                 "ptrsize:8;endian:little;ostype:linux;");
}
END_TEST

START_TEST(region_info)
{
	struct target_region r = {.start = 0x1000,
	                          .end = 0x3000,
	                          .mapped = true,
	                          .read = true,
	                          .exec = true,
	                          .name = STRBUF_INIT};

	strbuf_adds(&r.name, "[vdso]");
	lldb_region_info(&out, &r);
	ck_assert_str_eq(out.buf,
	                 "start:1000;size:2000;permissions:rx;name:5b7664736f5d;");
	strbuf_reset(&out);
	r.mapped = false;
	lldb_region_info(&out, &r);
	ck_assert_str_eq(out.buf, "start:1000;size:2000;");
	strbuf_release(&r.name);
}
END_TEST

START_TEST(json_string)
{
	lldb_json_string(&out, "a\"b\\c\n");
	ck_assert_str_eq(out.buf, "\"a\\\"b\\\\c\\u000a\"");
}
END_TEST

START_TEST(svr4_main_lm)
{
	strbuf_adds(&out, "<library-list-svr4 version=\"1.0\" main-lm=\"0x7ffff7ffe2e0\">"
	                  "<library name=\"a\"/></library-list-svr4>");
	rsp_lldb_svr4(&out);
	ck_assert_str_eq(out.buf, "<library-list-svr4 version=\"1.0\">"
	                          "<library name=\"a\"/></library-list-svr4>");
	rsp_lldb_svr4(&out); /* none: unchanged */
	ck_assert_uint_eq(out.len, strlen(out.buf));
	ck_assert_ptr_nonnull(strstr(out.buf, "version=\"1.0\">"));
}
END_TEST

/* ---- /proc/PID/maps ---- */

static const char maps[] =
        "555555554000-555555555000 r--p 00000000 08:01 1234      /tmp/prog\n"
        "555555555000-555555556000 r-xp 00001000 08:01 1234      /tmp/prog\n"
        "555555559000-55555557a000 rw-p 00000000 00:00 0         [heap]\n"
        "7ffff7fc8000-7ffff7fca000 r-xp 00000000 00:00 0\n"
        "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0         [stack]\n";

START_TEST(maps_mapped)
{
	struct target_region r = {.name = STRBUF_INIT};

	ck_assert_int_eq(lproc_maps_find(maps, 0x555555555123, &r), 0);
	ck_assert(r.mapped && r.read && !r.write && r.exec);
	ck_assert_uint_eq(r.start, 0x555555555000);
	ck_assert_uint_eq(r.end, 0x555555556000);
	ck_assert_str_eq(r.name.buf, "/tmp/prog");
	ck_assert_int_eq(lproc_maps_find(maps, 0x7ffff7fc8000, &r), 0);
	ck_assert(r.mapped && r.name.len == 0);
	ck_assert_int_eq(lproc_maps_find(maps, 0x7ffffffde000, &r), 0);
	ck_assert(r.write && !r.exec);
	ck_assert_str_eq(r.name.buf, "[stack]");
	strbuf_release(&r.name);
}
END_TEST

START_TEST(maps_gaps)
{
	struct target_region r = {.name = STRBUF_INIT};

	ck_assert_int_eq(lproc_maps_find(maps, 0x10, &r), 0);
	ck_assert(!r.mapped && !r.read);
	ck_assert_uint_eq(r.start, 0);
	ck_assert_uint_eq(r.end, 0x555555554000);
	ck_assert_int_eq(lproc_maps_find(maps, 0x555555556000, &r), 0);
	ck_assert_uint_eq(r.start, 0x555555556000);
	ck_assert_uint_eq(r.end, 0x555555559000);
	ck_assert_int_eq(lproc_maps_find(maps, 0xffffffffff600000, &r), 0);
	ck_assert_uint_eq(r.start, 0x7ffffffff000);
	ck_assert_uint_eq(r.end, UINT64_MAX);
	ck_assert_int_eq(lproc_maps_find("garbage\n", 0x10, &r), -EINVAL);
	strbuf_release(&r.name);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("rsp_lldb");
	TCase *tc = tcase_create("qRegisterInfo");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, register_info, 0,
	                    sizeof(reg_cases) / sizeof(reg_cases[0]));
	tcase_add_test(tc, register_info_all);
	tcase_add_test(tc, zmm_is_vector);
	suite_add_tcase(s, tc);

	tc = tcase_create("texts");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, host_info);
	tcase_add_test(tc, process_info);
	tcase_add_test(tc, region_info);
	tcase_add_test(tc, json_string);
	tcase_add_test(tc, svr4_main_lm);
	suite_add_tcase(s, tc);

	tc = tcase_create("maps");
	tcase_add_test(tc, maps_mapped);
	tcase_add_test(tc, maps_gaps);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(suite());
}
