/*
 * test_tdesc — unit tests for tdesc and tdesc_builtin: the built-in amd64
 * description numbered and laid out as gdb expects, in-memory documents
 * through tdesc_load_with (gaps, nested includes), and every kind of bad
 * input rejected with -EINVAL and a "file:line: reason" message.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tdesc.h"
#include "tdesc_builtin.h"
#include "xml_files.h"

#include "check_main.h"

/* An in-memory set of files for tdesc_load_with; ends with a NULL name. */
struct mem_file {
	const char *name;
	const char *text;
};

static int read_mem(void *ctx, const char *name, struct strbuf *out)
{
	const struct mem_file *f;

	for (f = ctx; f->name; f++) {
		if (!strcmp(f->name, name)) {
			strbuf_adds(out, f->text);
			return 0;
		}
	}
	return -ENOENT;
}

#define TARGET(body) "<?xml version=\"1.0\"?>\n<target>\n" body "</target>"
#define FEATURE(name, body) "<feature name=\"" name "\">\n" body "</feature>\n"
#define REG(name, bits) "<reg name=\"" name "\" bitsize=\"" bits "\"/>\n"
#define INCLUDE(href) "<xi:include href=\"" href "\"/>\n"

static struct tdesc td;
static struct strbuf err;

static void setup(void)
{
	memset(&td, 0, sizeof(td));
	strbuf_init(&err, 0);
}

static void teardown(void)
{
	tdesc_release(&td);
	strbuf_release(&err);
}

static const char *const amd64_names[] = {
        "rax",   "rbx",      "rcx",     "rdx",     "rsi",   "rdi",   "rbp",   "rsp",
        "r8",    "r9",       "r10",     "r11",     "r12",   "r13",   "r14",   "r15",
        "rip",   "eflags",   "cs",      "ss",      "ds",    "es",    "fs",    "gs",
        "st0",   "st1",      "st2",     "st3",     "st4",   "st5",   "st6",   "st7",
        "fctrl", "fstat",    "ftag",    "fiseg",   "fioff", "foseg", "fooff", "fop",
        "xmm0",  "xmm1",     "xmm2",    "xmm3",    "xmm4",  "xmm5",  "xmm6",  "xmm7",
        "xmm8",  "xmm9",     "xmm10",   "xmm11",   "xmm12", "xmm13", "xmm14", "xmm15",
        "mxcsr", "orig_rax", "fs_base", "gs_base",
};

/* ---- the built-in amd64-linux description ---- */

static const struct xml_file *builtin_file(const char *name)
{
	const struct xml_file *f;

	for (f = xml_files; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

START_TEST(test_builtin_numbering)
{
	size_t i, sum = 0;

	ck_assert_int_eq(tdesc_load_builtin(&td, "amd64-linux.xml", &err), 0);
	ck_assert_str_eq(err.buf, "");
	ck_assert_uint_eq(td.nregs, 60);
	ck_assert_uint_eq(sizeof(amd64_names) / sizeof(amd64_names[0]), 60);
	for (i = 0; i < td.nregs; i++) {
		ck_assert_str_eq(td.regs[i].name, amd64_names[i]);
		ck_assert_int_eq(td.regs[i].regnum, (int)i);
		ck_assert_uint_eq(td.regs[i].offset, sum);
		ck_assert_ptr_eq(tdesc_reg(&td, (int)i), &td.regs[i]);
		ck_assert_ptr_eq(tdesc_find_reg(&td, amd64_names[i]), &td.regs[i]);
		sum += (size_t)td.regs[i].bitsize / 8;
	}
	ck_assert_uint_eq(td.g_size, sum);
	ck_assert_uint_eq(td.g_size, 560);
	ck_assert_ptr_null(tdesc_reg(&td, 60));
	ck_assert_ptr_null(tdesc_reg(&td, -1));
	ck_assert_ptr_null(tdesc_find_reg(&td, "ymm0"));
	ck_assert_str_eq(td.architecture, "i386:x86-64");
	ck_assert_str_eq(td.osabi, "GNU/Linux");
}
END_TEST

START_TEST(test_builtin_registers)
{
	const struct tdesc_reg *r;

	ck_assert_int_eq(tdesc_load_builtin(&td, "amd64-linux.xml", &err), 0);
	r = tdesc_find_reg(&td, "rip");
	ck_assert_int_eq(r->bitsize, 64);
	ck_assert_uint_eq(r->offset, 128);
	ck_assert_str_eq(r->type, "code_ptr");
	ck_assert_str_eq(r->feature, "org.gnu.gdb.i386.core");
	ck_assert_ptr_null(r->group);
	r = tdesc_find_reg(&td, "eflags");
	ck_assert_int_eq(r->bitsize, 32);
	ck_assert_str_eq(r->type, "i386_eflags");
	r = tdesc_find_reg(&td, "st0");
	ck_assert_int_eq(r->bitsize, 80);
	ck_assert_str_eq(r->type, "i387_ext");
	ck_assert_str_eq(tdesc_find_reg(&td, "fop")->group, "float");
	r = tdesc_find_reg(&td, "xmm0");
	ck_assert_int_eq(r->bitsize, 128);
	ck_assert_str_eq(r->type, "vec128");
	ck_assert_str_eq(r->feature, "org.gnu.gdb.i386.sse");
	ck_assert_str_eq(tdesc_find_reg(&td, "mxcsr")->group, "vector");
	r = tdesc_find_reg(&td, "orig_rax");
	ck_assert_int_eq(r->regnum, 57);
	ck_assert_str_eq(r->feature, "org.gnu.gdb.i386.linux");
	ck_assert_str_eq(tdesc_find_reg(&td, "gs_base")->feature,
	                 "org.gnu.gdb.i386.segments");
}
END_TEST

START_TEST(test_builtin_files)
{
	const struct xml_file *main = builtin_file("amd64-linux.xml");
	const struct xml_file *core = builtin_file("64bit-core.xml");
	const struct tdesc_file *f;

	ck_assert_ptr_nonnull(main);
	ck_assert_ptr_nonnull(core);
	ck_assert_int_eq(tdesc_load_builtin(&td, "amd64-linux.xml", &err), 0);
	ck_assert_uint_eq(td.nfiles, 5);
	f = tdesc_find_file(&td, "target.xml");
	ck_assert_ptr_eq(f, &td.files[0]);
	ck_assert_uint_eq(f->len, main->len);
	ck_assert_mem_eq(f->text, main->text, main->len);
	ck_assert_ptr_nonnull(strstr(f->text, "<xi:include href=\"64bit-core.xml\"/>"));
	f = tdesc_find_file(&td, "64bit-core.xml");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(f->len, core->len);
	ck_assert_mem_eq(f->text, core->text, core->len);
	ck_assert_ptr_nonnull(tdesc_find_file(&td, "64bit-sse.xml"));
	ck_assert_ptr_nonnull(tdesc_find_file(&td, "64bit-linux.xml"));
	ck_assert_ptr_nonnull(tdesc_find_file(&td, "64bit-segments.xml"));
	ck_assert_ptr_null(tdesc_find_file(&td, "64bit-avx.xml"));
	ck_assert_ptr_null(tdesc_find_file(&td, ""));
}
END_TEST

START_TEST(test_builtin_missing)
{
	ck_assert_int_eq(tdesc_load_builtin(&td, "nosuch.xml", &err), -ENOENT);
	ck_assert_ptr_nonnull(strstr(err.buf, "nosuch.xml"));
	ck_assert_uint_eq(td.nregs, 0);
	ck_assert_uint_eq(td.nfiles, 0);
}
END_TEST

/* ---- in-memory documents ---- */

START_TEST(test_regnum_gaps)
{
	static const struct mem_file files[] = {
	        {"main.xml",
	         TARGET("<architecture> arm </architecture>\n" FEATURE(
	                 "f",
	                 REG("a", "32") "<reg name=\"b\" bitsize=\"64\" regnum=\"10\""
	                                " type=\"code_ptr\" group=\"general\"/>\n" REG(
	                                        "c",
	                                        "8") "<reg name=\"z\" bitsize=\"16\" "
	                                             "regnum=\"5\"/>\n"))},
	        {NULL, NULL},
	};

	ck_assert_int_eq(tdesc_load_with(&td, "main.xml", read_mem, (void *)files, &err),
	                 0);
	ck_assert_str_eq(td.architecture, "arm");
	ck_assert_ptr_null(td.osabi);
	ck_assert_uint_eq(td.nregs, 4);
	/* Sorted by regnum: a 0, z 5, b 10, c 11; offsets skip the gaps. */
	ck_assert_str_eq(td.regs[0].name, "a");
	ck_assert_str_eq(td.regs[1].name, "z");
	ck_assert_str_eq(td.regs[2].name, "b");
	ck_assert_str_eq(td.regs[3].name, "c");
	ck_assert_int_eq(tdesc_reg(&td, 5)->offset, 4);
	ck_assert_int_eq(tdesc_reg(&td, 10)->offset, 6);
	ck_assert_int_eq(tdesc_reg(&td, 11)->offset, 14);
	ck_assert_uint_eq(td.g_size, 15);
	ck_assert_ptr_null(tdesc_reg(&td, 1));
	ck_assert_ptr_null(tdesc_reg(&td, 9));
	ck_assert_str_eq(tdesc_find_reg(&td, "a")->type, "int");
	ck_assert_str_eq(tdesc_find_reg(&td, "b")->type, "code_ptr");
	ck_assert_str_eq(tdesc_find_reg(&td, "b")->group, "general");
	ck_assert_str_eq(tdesc_find_reg(&td, "c")->feature, "f");
}
END_TEST

START_TEST(test_nested_includes)
{
	static const struct mem_file files[] = {
	        {"main.xml",
	         TARGET("<osabi>GNU/Linux</osabi>\n" INCLUDE("a.xml") INCLUDE("c.xml"))},
	        {"a.xml",
	         "<?xml version=\"1.0\"?>\n<!DOCTYPE feature SYSTEM "
	         "\"gdb-target.dtd\">\n" FEATURE(
	                 "fa", "<flags id=\"fl\" size=\"4\"><field name=\"X\" "
	                       "start=\"0\" end=\"0\"/></flags>\n"
	                       "<vector id=\"v\" type=\"int8\" count=\"4\"/>\n"
	                       "<union id=\"u\"><field name=\"f\" type=\"v\"/></union>\n"
	                       "<struct id=\"s\"><field name=\"g\" "
	                       "type=\"int8\"/></struct>\n" REG("r1", "32")
	                               INCLUDE("b.xml") REG("r3", "32"))},
	        {"b.xml", "<reg name=\"r2\" bitsize=\"16\" type=\"fl\"/>"},
	        {"c.xml", FEATURE("fc", REG("r4", "128"))},
	        {NULL, NULL},
	};
	static const char *const order[] = {"r1", "r2", "r3", "r4"};
	size_t i;

	ck_assert_int_eq(tdesc_load_with(&td, "main.xml", read_mem, (void *)files, &err),
	                 0);
	ck_assert_ptr_null(td.architecture);
	ck_assert_str_eq(td.osabi, "GNU/Linux");
	ck_assert_uint_eq(td.nregs, 4);
	for (i = 0; i < 4; i++) {
		ck_assert_str_eq(td.regs[i].name, order[i]);
		ck_assert_int_eq(td.regs[i].regnum, (int)i);
	}
	ck_assert_str_eq(td.regs[1].feature, "fa");
	ck_assert_str_eq(td.regs[2].feature, "fa");
	ck_assert_str_eq(td.regs[3].feature, "fc");
	ck_assert_uint_eq(td.g_size, 4 + 2 + 4 + 16);
	ck_assert_uint_eq(td.nfiles, 4);
	ck_assert_str_eq(tdesc_find_file(&td, "target.xml")->text, files[0].text);
	ck_assert_str_eq(tdesc_find_file(&td, "b.xml")->text, files[2].text);
	ck_assert_ptr_null(tdesc_find_file(&td, "main.xml"));
}
END_TEST

START_TEST(test_same_file_twice)
{
	static const struct mem_file files[] = {
	        {"main.xml", TARGET(INCLUDE("f.xml") INCLUDE("f.xml"))},
	        {"f.xml", FEATURE("f", REG("x", "8"))},
	        {NULL, NULL},
	};

	ck_assert_int_eq(tdesc_load_with(&td, "main.xml", read_mem, (void *)files, &err),
	                 0);
	ck_assert_uint_eq(td.nregs, 2);
	ck_assert_uint_eq(td.nfiles, 2);
}
END_TEST

/* ---- bad input ---- */

struct bad_case {
	const char *what;
	struct mem_file files[4];
	const char *where; /* expected start of the message */
	const char *why;   /* expected somewhere in the message */
};

static const struct bad_case bad_cases[] = {
        {"unclosed tag",
         {{"m.xml", "<target><feature name=\"f\">" REG("a", "8") "</target>"}},
         "m.xml:2: ",
         "mismatched tag"},
        {"empty file", {{"m.xml", ""}}, "m.xml:1: ", "no element found"},
        {"not xml", {{"m.xml", "hello"}}, "m.xml:1: ", "syntax error"},
        {"root not target",
         {{"m.xml", FEATURE("f", REG("a", "8"))}},
         "m.xml:1: ",
         "<target>"},
        {"missing include",
         {{"m.xml", TARGET(INCLUDE("gone.xml"))}},
         "m.xml:3: ",
         "gone.xml"},
        {"absolute include",
         {{"m.xml", TARGET(INCLUDE("/etc/passwd"))}},
         "m.xml:3: ",
         "/etc/passwd"},
        {"dotdot include",
         {{"m.xml", TARGET(INCLUDE("x/../../m.xml"))}},
         "m.xml:3: ",
         "\"..\""},
        {"empty href", {{"m.xml", TARGET("<xi:include/>")}}, "m.xml:3: ", "href"},
        {"include loop",
         {{"m.xml", TARGET(INCLUDE("a.xml"))},
          {"a.xml", "<feature name=\"a\">\n" INCLUDE("b.xml") "</feature>"},
          {"b.xml", "<x>\n\n" INCLUDE("b.xml") "</x>"}},
         "b.xml:3: ",
         "deeper than"},
        {"error inside include",
         {{"m.xml", TARGET(INCLUDE("a.xml"))},
          {"a.xml", "<feature name=\"a\">\n<reg name=\"x\" bitsize=\"8\"\n</feature>"}},
         "a.xml:3: ",
         "not well-formed"},
        {"reg without bitsize",
         {{"m.xml", TARGET(FEATURE("f", "<reg name=\"a\"/>"))}},
         "m.xml:4: ",
         "no bitsize"},
        {"reg without name",
         {{"m.xml", TARGET(FEATURE("f", "<reg bitsize=\"8\"/>"))}},
         "m.xml:4: ",
         "no name"},
        {"bitsize 0",
         {{"m.xml", TARGET(FEATURE("f", REG("a", "0")))}},
         "m.xml:4: ",
         "multiple of 8"},
        {"bitsize 12",
         {{"m.xml", TARGET(FEATURE("f", REG("a", "12")))}},
         "m.xml:4: ",
         "multiple of 8"},
        {"bitsize -8",
         {{"m.xml", TARGET(FEATURE("f", REG("a", "-8")))}},
         "m.xml:4: ",
         "multiple of 8"},
        {"bitsize junk",
         {{"m.xml", TARGET(FEATURE("f", REG("a", "8x")))}},
         "m.xml:4: ",
         "multiple of 8"},
        {"bitsize huge",
         {{"m.xml", TARGET(FEATURE("f", REG("a", "99999999999999999999")))}},
         "m.xml:4: ",
         "multiple of 8"},
        {"duplicate regnum",
         {{"m.xml",
           TARGET(FEATURE(
                   "f",
                   REG("a", "8") REG(
                           "b", "8") "<reg name=\"c\" bitsize=\"8\" regnum=\"1\"/>"))}},
         "m.xml:6: ",
         "regnum 1"},
        {"bad regnum",
         {{"m.xml",
           TARGET(FEATURE("f", "<reg name=\"c\" bitsize=\"8\" regnum=\"x\"/>"))}},
         "m.xml:4: ",
         "bad regnum"},
        {"regnum past the limit",
         {{"m.xml",
           TARGET(FEATURE("f", "<reg name=\"c\" bitsize=\"8\" regnum=\"65535\"/>\n" REG(
                                       "d", "8")))}},
         "m.xml:5: ",
         "above"},
        {"regnum far past the limit",
         {{"m.xml",
           TARGET(FEATURE("f", "<reg name=\"c\" bitsize=\"8\" regnum=\"70000\"/>"))}},
         "m.xml:4: ",
         "bad regnum"},
        {"reg outside feature",
         {{"m.xml", TARGET(REG("a", "8"))}},
         "m.xml:3: ",
         "outside"},
        {"nested feature",
         {{"m.xml", TARGET(FEATURE("f", FEATURE("g", REG("a", "8"))))}},
         "m.xml:4: ",
         "inside"},
        {"feature without name",
         {{"m.xml", TARGET("<feature>" REG("a", "8") "</feature>")}},
         "m.xml:3: ",
         "no name"},
};

static void check_failure(int rc, const char *where, const char *why)
{
	ck_assert_int_eq(rc, -EINVAL);
	ck_assert_msg(!strncmp(err.buf, where, strlen(where)),
	              "message \"%s\", want \"%s...\"", err.buf, where);
	ck_assert_msg(strstr(err.buf, why), "message \"%s\" lacks \"%s\"", err.buf, why);
	ck_assert_ptr_null(strchr(err.buf, '\n'));
	ck_assert_uint_eq(td.nregs, 0);
	ck_assert_ptr_null(td.regs);
	ck_assert_uint_eq(td.nfiles, 0);
	ck_assert_ptr_null(td.files);
	ck_assert_ptr_null(td.architecture);
}

START_TEST(test_bad_input)
{
	const struct bad_case *c = &bad_cases[_i];
	int rc;

	rc = tdesc_load_with(&td, "m.xml", read_mem, (void *)c->files, &err);
	ck_assert_msg(rc == -EINVAL, "%s: rc %d", c->what, rc);
	check_failure(rc, c->where, c->why);
}
END_TEST

/* Every strict prefix of a valid document, cut every 7th byte, is refused. */
START_TEST(test_truncated)
{
	static const char doc[] = TARGET("<architecture>i386</architecture>\n" FEATURE(
	        "org.x",
	        "<flags id=\"fl\" size=\"4\"><field name=\"A\" start=\"0\" "
	        "end=\"0\"/></flags>\n" REG(
	                "a", "32") "<reg name=\"b\" bitsize=\"64\" regnum=\"9\"/>\n"));
	struct strbuf cut = STRBUF_INIT;
	struct mem_file files[] = {{"t.xml", NULL}, {NULL, NULL}};
	size_t n;
	int rc;

	files[0].text = doc;
	ck_assert_int_eq(tdesc_load_with(&td, "t.xml", read_mem, files, &err), 0);
	ck_assert_uint_eq(td.nregs, 2);
	tdesc_release(&td);
	for (n = 0; n < sizeof(doc) - 1; n += 7) {
		strbuf_reset(&cut);
		strbuf_add(&cut, doc, n);
		files[0].text = cut.buf;
		rc = tdesc_load_with(&td, "t.xml", read_mem, files, &err);
		ck_assert_msg(rc == -EINVAL, "cut at %zu: rc %d", n, rc);
		check_failure(rc, "t.xml:", ": ");
	}
	strbuf_release(&cut);
}
END_TEST

START_TEST(test_reload_after_failure)
{
	static const struct mem_file bad[] = {{"m.xml", "<target>"}, {NULL, NULL}};

	ck_assert_int_eq(tdesc_load_with(&td, "m.xml", read_mem, (void *)bad, &err),
	                 -EINVAL);
	ck_assert_int_eq(tdesc_load_builtin(&td, "amd64-linux.xml", &err), 0);
	ck_assert_str_eq(err.buf, "");
	ck_assert_uint_eq(td.nregs, 60);
}
END_TEST

/* ---- tdesc_load from a directory ---- */

static void write_file(const char *dir, const char *name, const char *text)
{
	struct strbuf path = STRBUF_INIT;
	FILE *f;

	strbuf_addf(&path, "%s/%s", dir, name);
	f = fopen(path.buf, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	strbuf_release(&path);
}

static void remove_file(const char *dir, const char *name)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/%s", dir, name);
	unlink(path.buf);
	strbuf_release(&path);
}

START_TEST(test_load_dir)
{
	char dir[] = "/tmp/test_tdesc.XXXXXX";
	const struct xml_file *f;
	int rc;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (f = xml_files; f->name; f++)
		write_file(dir, f->name, f->text);
	rc = tdesc_load(&td, dir, "amd64-linux.xml", &err);
	ck_assert_msg(rc == 0, "%s", err.buf);
	ck_assert_uint_eq(td.nregs, 60);
	ck_assert_uint_eq(td.g_size, 560);
	tdesc_release(&td);
	remove_file(dir, "64bit-sse.xml");
	rc = tdesc_load(&td, dir, "amd64-linux.xml", &err);
	check_failure(rc, "amd64-linux.xml:", "64bit-sse.xml");
	ck_assert_int_eq(tdesc_load(&td, dir, "nosuch.xml", &err), -ENOENT);
	for (f = xml_files; f->name; f++)
		remove_file(dir, f->name);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

static Suite *tdesc_suite(void)
{
	Suite *s = suite_create("tdesc");
	TCase *tc;

	tc = tcase_create("builtin");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_builtin_numbering);
	tcase_add_test(tc, test_builtin_registers);
	tcase_add_test(tc, test_builtin_files);
	tcase_add_test(tc, test_builtin_missing);
	suite_add_tcase(s, tc);

	tc = tcase_create("documents");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_regnum_gaps);
	tcase_add_test(tc, test_nested_includes);
	tcase_add_test(tc, test_same_file_twice);
	tcase_add_test(tc, test_load_dir);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_bad_input, 0,
	                    sizeof(bad_cases) / sizeof(bad_cases[0]));
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_reload_after_failure);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return run_suite(tdesc_suite());
}
