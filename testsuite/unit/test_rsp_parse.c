/*
 * Unit tests for rsp_parse: the command table (every prefix, longest-prefix
 * rules), typed parsing of each packet, and malformed or truncated input.
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rsp_request.h"

#include "check_main.h"

static int parse(const char *pkt, struct rsp_request *r)
{
	return rsp_parse(pkt, strlen(pkt), r);
}

/* ---- command table ---- */

static const struct {
	const char *pkt;
	const char *prefix; /* NULL: no command */
} table_vectors[] = {
	{ "?", "?" },
	{ "g", "g" },
	{ "g;thread:1f", "g;thread:" },
	{ "gx", NULL },
	{ "qRegisterInfo1a", "qRegisterInfo" },
	{ "qMemoryRegionInfo:1000", "qMemoryRegionInfo:" },
	{ "qThreadStopInfo1f", "qThreadStopInfo" },
	{ "jThreadsInfo", "jThreadsInfo" },
	{ "qHostInfo", "qHostInfo" },
	{ "G00", "G" },
	{ "p10", "p" },
	{ "P10=00", "P" },
	{ "m10,4", "m" },
	{ "x10,4", "x" },
	{ "M10,1:00", "M" },
	{ "X10,0:", "X" },
	{ "Z0,10,1", "Z" },
	{ "z0,10,1", "z" },
	{ "vCont?", "vCont?" },
	{ "vCont;c", "vCont;" },
	{ "vKill;10", "vKill;" },
	{ "c", "c" },
	{ "C05", "C" },
	{ "s", "s" },
	{ "S05", "S" },
	{ "Hg0", "H" },
	{ "T10", "T" },
	{ "k", "k" },
	{ "D", "D" },
	{ "D;10", "D;" },
	{ "qC", "qC" },
	{ "qCRC:10,4", NULL },	/* not qC: longest prefix must not be shadowed */
	{ "qfThreadInfo", "qfThreadInfo" },
	{ "qsThreadInfo", "qsThreadInfo" },
	{ "qAttached", "qAttached" },
	{ "qAttached:10", "qAttached:" },
	{ "qSupported", "qSupported" },
	{ "qSupported:swbreak+", "qSupported:" },
	{ "QStartNoAckMode", "QStartNoAckMode" },
	{ "QPassSignals:0e", "QPassSignals:" },
	{ "QProgramSignals:", "QProgramSignals:" },
	{ "qXfer:features:read:target.xml:0,fff", "qXfer:" },
	{ "qRcmd,68656c70", "qRcmd," },
	{ "qSymbol::", "qSymbol:" },
	{ "QNonStop:0", "QNonStop:" },
	{ "vMustReplyEmpty", NULL },
	{ "vContX", NULL },
	{ "qTStatus", NULL },
	{ "gx", NULL }, /* g takes no arguments */
	{ "kk", NULL },
	{ "", NULL },
	{ "qCx", NULL },
	{ "vFile:open:2f,0,0", "vFile:" },
	{ "QEnvironmentHexEncoded:463d31", "QEnvironmentHexEncoded:" },
	{ "QEnvironmentUnset:46", "QEnvironmentUnset:" },
	{ "QEnvironmentReset", "QEnvironmentReset" },
	{ "QEnvironmentResetX", NULL },
	{ "QSetWorkingDir:", "QSetWorkingDir:" },
	{ "QStartupWithShell:0", "QStartupWithShell:" },
	{ "QDisableRandomization:1", "QDisableRandomization:" },
};

START_TEST(test_table_prefix)
{
	const char *pkt = table_vectors[_i].pkt;
	const char *want = table_vectors[_i].prefix;
	const char *got = rsp_command_prefix(pkt, strlen(pkt));

	if (!want)
		ck_assert_msg(got == NULL, "'%s' matched '%s'", pkt, got);
	else
		ck_assert_msg(got && !strcmp(got, want), "'%s' matched '%s', want '%s'", pkt,
			      got ? got : "(none)", want);
}
END_TEST

START_TEST(test_unknown_is_enosys)
{
	struct rsp_request r;

	ck_assert_int_eq(parse("vMustReplyEmpty", &r), -ENOSYS);
	ck_assert_int_eq(parse("qTStatus", &r), -ENOSYS);
	ck_assert_int_eq(parse("", &r), -ENOSYS);
	ck_assert_int_eq(parse("qXfer:features:frob:x:0:", &r), -ENOSYS);
	ck_assert_int_eq(parse("vFile:fstatat:1", &r), -ENOSYS);
}
END_TEST

/* ---- typed parsing ---- */

START_TEST(test_memory)
{
	struct rsp_request r;

	ck_assert_int_eq(parse("m7fff0000,100", &r), 0);
	ck_assert_int_eq(r.kind, REQ_READ_MEM);
	ck_assert_uint_eq(r.u.mem.addr, 0x7fff0000);
	ck_assert_uint_eq(r.u.mem.len, 0x100);
	ck_assert_int_eq(parse("xFFFFffff00000000,10", &r), 0);
	ck_assert_int_eq(r.kind, REQ_READ_MEM_BINARY);
	ck_assert_uint_eq(r.u.mem.addr, 0xffffffff00000000ull);
	ck_assert_int_eq(parse("M1000,2:abcd", &r), 0);
	ck_assert_int_eq(r.kind, REQ_WRITE_MEM);
	ck_assert(!r.u.mem.binary);
	ck_assert_int_eq(memcmp(r.u.mem.data, "abcd", 4), 0);
	ck_assert_int_eq(rsp_parse("X1000,3:\0#}", 11, &r), 0);
	ck_assert(r.u.mem.binary);
	ck_assert_int_eq(memcmp(r.u.mem.data, "\0#}", 3), 0);
}
END_TEST

static const char *const bad_packets[] = {
	"m", "m10", "m10,", "m,4", "mzz,4", "m10,4x", "m10;4", "m10000000000000000,1",
	"M10,2:abc", "M10,2:abcdef", "M10,2", "M10,2abcd", "X10,2:a", "X10,1:ab",
	"M404040,8000000000000001:00", "M10,8000000000000000:", /* 2 * len wraps */
	"G0", "p", "pzz", "P10", "P10=", "P10=0", "Px=00",
	"p1;thread", "p1;thread:", "p1;thread:-1;", "p1;thread:1f;x", "g;thread:",
	"G00;thread:zz", "P1=00;threadx:1", "qRegisterInfo", "qRegisterInfozz",
	"qMemoryRegionInfo:", "qThreadStopInfo", "qHostInfox",
	"Z", "Z0", "Z0,10", "Z5,10,1", "Z0,,1", "z0,10,zz",
	"Z0,10,1;", "Z0,10,1;X", "Z0,10,1;X2", "Z0,10,1;X2,0a", "Z0,10,1;X2,0a0g",
	"Z0,10,1;X0,", "Z0,10,1;X2,0a00;", "Z0,10,1;Y2,0a00", "Z0,10,1X2,0a00",
	"Z0,10,1;X1001,00", "Z0,10,1;cmds:", "Z0,10,1;cmds:0", "Z0,10,1;cmds:0,",
	"Z0,10,1;cmds:2,X1,27", "Z0,10,1;cmds:0,X1,27;X1,27", "Z0,10,1;cmds:0,X1,27;cmds:0,X1,27",
	"Z0,10,1;cmds:0,X1,27X1,2", "z0,10,1;X1,27",
	"vCont;", "vCont;x", "vCont;c:", "vCont;c:zz", "vCont;C", "vCont;Czz:1",
	"vCont;c;", "vCont;s:p1.", "vCont;c:-2", "vCont;C999",
	"vCont;r", "vCont;r10", "vCont;r10,", "vCont;r,20", "vCont;r10,20:",
	"vCont;rzz,20", "vCont;r10,20x", "vCont;r10;20", "vCont;r20,10", "vCont;R10,20",
	"vCont;r10,20:p1.", "vCont;r10,20;",
	"C", "Czz", "C05;", "C05;zz", "S05;10x", "c10x", "sx",
	"H", "Hx0", "Hg", "Hgzz", "Hgp", "T", "Tp", "Tzz",
	"vKill;", "vKill;zz", "D;", "D;x", "qAttached:", "qAttached:zz",
	"QPassSignals:zz", "QPassSignals:0e;;", "QPassSignals:999",
	"qXfer:features", "qXfer:features:read", "qXfer:features:read:target.xml",
	"qXfer:features:read:target.xml:", "qXfer:features:read:target.xml:0",
	"qXfer:features:read:target.xml:0,", "qXfer:features:read:target.xml:0,1x",
	"qRcmd,6", "qRcmd,zz", "qRcmd,00", "QNonStop:", "QNonStop:2", "?x", "qCx",
	"vFile:open:", "vFile:open:2f", "vFile:open:2f,0", "vFile:open:2,0,0", "vFile:open:2f00,0,0",
	"vFile:close:", "vFile:close:x", "vFile:pread:1,2", "vFile:pread:1,2,3,4",
	"vFile:pwrite:1,2", "vFile:setfs:", "vFile:readlink:", "vFile:unlink:zz",
	"QEnvironmentHexEncoded:", "QEnvironmentHexEncoded:46", /* no '=' */
	"QEnvironmentHexEncoded:3d31", /* no NAME */ "QEnvironmentHexEncoded:463",
	"QEnvironmentHexEncoded:46003d31", "QEnvironmentUnset:", "QEnvironmentUnset:zz",
	"QSetWorkingDir:2", "QSetWorkingDir:2f00", "QStartupWithShell:", "QStartupWithShell:2",
	"QDisableRandomization:", "QDisableRandomization:10",
};

START_TEST(test_malformed)
{
	struct rsp_request r;
	const char *pkt = bad_packets[_i];
	int rc = parse(pkt, &r);

	ck_assert_msg(rc == -EINVAL || rc == -ENOSYS, "'%s' parsed (rc %d)", pkt, rc);
}
END_TEST

START_TEST(test_truncations_never_crash)
{
	/* every prefix of valid packets is either valid or cleanly rejected */
	static const char *const good[] = {
		"vCont;C1e:p2a.2b;s:p2a.2c;c", "qXfer:libraries-svr4:read::1000,fff",
		"Z0,7ffff7fd0100,1", "M1000,4:01020304", "QPassSignals:0e;14;1e",
		"qRcmd,7365742064656275672072737021",
	};
	struct rsp_request r;

	for (size_t g = 0; g < sizeof(good) / sizeof(good[0]); g++) {
		size_t n = strlen(good[g]);

		ck_assert_int_eq(rsp_parse(good[g], n, &r), 0);
		for (size_t k = 0; k < n; k++) {
			int rc = rsp_parse(good[g], k, &r);

			ck_assert(rc == 0 || rc == -EINVAL || rc == -ENOSYS);
		}
	}
}
END_TEST

/* lldb's packets, and the `;thread:ID;` suffix of g G p P */
START_TEST(test_lldb)
{
	static const struct {
		const char *pkt;
		enum rsp_req_kind kind;
	} kinds[] = {
		{ "QThreadSuffixSupported", REQ_LLDB_THREAD_SUFFIX },
		{ "QListThreadsInStopReply", REQ_LLDB_LIST_THREADS },
		{ "qHostInfo", REQ_LLDB_HOST_INFO },
		{ "qProcessInfo", REQ_LLDB_PROCESS_INFO },
		{ "jThreadsInfo", REQ_LLDB_THREADS_INFO },
	};
	struct rsp_request r;

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		ck_assert_int_eq(parse(kinds[i].pkt, &r), 0);
		ck_assert_int_eq(r.kind, kinds[i].kind);
	}
	ck_assert_int_eq(parse("qRegisterInfo2a", &r), 0);
	ck_assert_int_eq(r.kind, REQ_LLDB_REGISTER_INFO);
	ck_assert_uint_eq(r.u.reg.regno, 0x2a);
	ck_assert_int_eq(parse("qMemoryRegionInfo:7ffff7fc8000", &r), 0);
	ck_assert_int_eq(r.kind, REQ_LLDB_MEMORY_REGION);
	ck_assert_uint_eq(r.u.mem.addr, 0x7ffff7fc8000);
	ck_assert_int_eq(parse("qThreadStopInfo1f90", &r), 0);
	ck_assert_int_eq(r.kind, REQ_LLDB_THREAD_STOP_INFO);
	ck_assert_int_eq(r.u.ptid.tid, 0x1f90);

	ck_assert_int_eq(parse("p10", &r), 0);
	ck_assert_int_eq(r.thread.tid, RSP_ID_ANY);
	ck_assert_int_eq(parse("p10;thread:1f66;", &r), 0);
	ck_assert_uint_eq(r.u.reg.regno, 0x10);
	ck_assert_int_eq(r.thread.tid, 0x1f66);
	ck_assert_int_eq(parse("g;thread:p5.6;", &r), 0);
	ck_assert_int_eq(r.kind, REQ_READ_REGS);
	ck_assert_int_eq(r.thread.pid, 5);
	ck_assert_int_eq(r.thread.tid, 6);
	ck_assert_int_eq(parse("G0011;thread:7", &r), 0);
	ck_assert_uint_eq(r.u.regs.hexlen, 4);
	ck_assert_int_eq(r.thread.tid, 7);
	ck_assert_int_eq(parse("P1=abcd;thread:8;", &r), 0);
	ck_assert_uint_eq(r.u.reg.hexlen, 4);
	ck_assert_int_eq(memcmp(r.u.reg.hex, "abcd", 4), 0);
	ck_assert_int_eq(r.thread.tid, 8);
}
END_TEST

START_TEST(test_registers)
{
	struct rsp_request r;

	ck_assert_int_eq(parse("g", &r), 0);
	ck_assert_int_eq(r.kind, REQ_READ_REGS);
	ck_assert_int_eq(parse("G0011", &r), 0);
	ck_assert_int_eq(r.kind, REQ_WRITE_REGS);
	ck_assert_uint_eq(r.u.regs.hexlen, 4);
	ck_assert_int_eq(parse("p1f", &r), 0);
	ck_assert_int_eq(r.kind, REQ_READ_REG);
	ck_assert_uint_eq(r.u.reg.regno, 0x1f);
	ck_assert_int_eq(parse("P10=0100000000000000", &r), 0);
	ck_assert_int_eq(r.kind, REQ_WRITE_REG);
	ck_assert_uint_eq(r.u.reg.regno, 16);
	ck_assert_uint_eq(r.u.reg.hexlen, 16);
}
END_TEST

START_TEST(test_breakpoints)
{
	struct rsp_request r;

	ck_assert_int_eq(parse("Z0,401136,1", &r), 0);
	ck_assert_int_eq(r.kind, REQ_INSERT_BP);
	ck_assert_int_eq(r.u.bp.type, 0);
	ck_assert_uint_eq(r.u.bp.addr, 0x401136);
	ck_assert_int_eq(r.u.bp.kind, 1);
	ck_assert_int_eq(parse("z2,601000,8", &r), 0);
	ck_assert_int_eq(r.kind, REQ_REMOVE_BP);
	ck_assert_int_eq(r.u.bp.type, 2);
	ck_assert_int_eq(r.u.bp.kind, 8);
}
END_TEST

START_TEST(test_breakpoint_conditions)
{
	struct rsp_request r;

	/* gdb's form: conditions back to back after one ';', then the commands */
	ck_assert_int_eq(parse("Z0,401136,1;X3,220127X2,2227;cmds:1,X1,27X2,2229", &r), 0);
	ck_assert_int_eq(r.u.bp.kind, 1);
	ck_assert_uint_eq(r.u.bp.nconds, 2);
	ck_assert_uint_eq(r.u.bp.ncmds, 2);
	ck_assert(r.u.bp.cmds_persist);
	ck_assert_uint_eq(r.u.bp.conds[0].len, 3);
	ck_assert_int_eq(memcmp(r.u.bp.code + r.u.bp.conds[0].off, "\x22\x01\x27", 3), 0);
	ck_assert_uint_eq(r.u.bp.conds[1].len, 2);
	ck_assert_int_eq(memcmp(r.u.bp.code + r.u.bp.conds[1].off, "\x22\x27", 2), 0);
	ck_assert_uint_eq(r.u.bp.cmds[0].len, 1);
	ck_assert_int_eq(r.u.bp.code[r.u.bp.cmds[0].off], 0x27);
	ck_assert_int_eq(memcmp(r.u.bp.code + r.u.bp.cmds[1].off, "\x22\x29", 2), 0);
	/* each condition after its own ';' too; commands alone */
	ck_assert_int_eq(parse("Z1,10,1;X1,27;X1,28", &r), 0);
	ck_assert_uint_eq(r.u.bp.nconds, 2);
	ck_assert_uint_eq(r.u.bp.ncmds, 0);
	ck_assert_int_eq(parse("Z0,10,1;cmds:0,X1,27", &r), 0);
	ck_assert_uint_eq(r.u.bp.nconds, 0);
	ck_assert_uint_eq(r.u.bp.ncmds, 1);
	ck_assert(!r.u.bp.cmds_persist);
}
END_TEST

/* More expressions, or more bytes, than the request holds: E01, no overflow. */
START_TEST(test_breakpoint_condition_limits)
{
	static char pkt[2 * RSP_BP_CODE_MAX + 4096];
	struct rsp_request r;
	size_t n, i;

	n = (size_t)sprintf(pkt, "Z0,10,1;");
	for (i = 0; i < RSP_BP_MAX_EXPRS; i++)
		n += (size_t)sprintf(pkt + n, "X1,27");
	ck_assert_int_eq(rsp_parse(pkt, n, &r), 0);
	ck_assert_uint_eq(r.u.bp.nconds, RSP_BP_MAX_EXPRS);
	n += (size_t)sprintf(pkt + n, "X1,27");
	ck_assert_int_eq(rsp_parse(pkt, n, &r), -EINVAL);
	/* two 4096-byte conditions fill the code buffer; one more byte does not fit */
	n = (size_t)sprintf(pkt, "Z0,10,1;");
	for (i = 0; i < 2; i++) {
		n += (size_t)sprintf(pkt + n, "X%x,", RSP_BP_EXPR_MAX);
		memset(pkt + n, '2', 2 * RSP_BP_EXPR_MAX);
		n += 2 * RSP_BP_EXPR_MAX;
	}
	ck_assert_int_eq(rsp_parse(pkt, n, &r), 0);
	ck_assert_uint_eq(r.u.bp.code_len, RSP_BP_CODE_MAX);
	n += (size_t)sprintf(pkt + n, "X1,27");
	ck_assert_int_eq(rsp_parse(pkt, n, &r), -EINVAL);
}
END_TEST

START_TEST(test_vcont)
{
	struct rsp_request r;

	ck_assert_int_eq(parse("vCont;s:p2a.2b;C1e:2c;t:p2a.-1;c", &r), 0);
	ck_assert_int_eq(r.kind, REQ_RESUME);
	ck_assert(!r.u.resume.legacy);
	ck_assert_uint_eq(r.u.resume.nact, 4);
	ck_assert_int_eq(r.u.resume.act[0].action, 's');
	ck_assert_int_eq(r.u.resume.act[0].ptid.pid, 0x2a);
	ck_assert_int_eq(r.u.resume.act[0].ptid.tid, 0x2b);
	ck_assert_int_eq(r.u.resume.act[1].action, 'c');
	ck_assert_int_eq(r.u.resume.act[1].gdb_signal, 0x1e);
	ck_assert_int_eq(r.u.resume.act[1].ptid.pid, RSP_ID_ANY);
	ck_assert_int_eq(r.u.resume.act[1].ptid.tid, 0x2c);
	ck_assert_int_eq(r.u.resume.act[2].action, 't');
	ck_assert_int_eq(r.u.resume.act[2].ptid.tid, RSP_ID_ALL);
	ck_assert_int_eq(r.u.resume.act[3].action, 'c');
	ck_assert_int_eq(r.u.resume.act[3].ptid.tid, RSP_ID_ALL);
	ck_assert_int_eq(parse("vCont?", &r), 0);
	ck_assert_int_eq(r.kind, REQ_VCONT_QUERY);
}
END_TEST

START_TEST(test_vcont_range)
{
	struct rsp_request r;

	ck_assert_int_eq(parse("vCont;r401000,40101a:p2a.2b;c", &r), 0);
	ck_assert_int_eq(r.kind, REQ_RESUME);
	ck_assert_uint_eq(r.u.resume.nact, 2);
	ck_assert_int_eq(r.u.resume.act[0].action, 'r');
	ck_assert_uint_eq(r.u.resume.act[0].start, 0x401000);
	ck_assert_uint_eq(r.u.resume.act[0].end, 0x40101a);
	ck_assert_int_eq(r.u.resume.act[0].ptid.pid, 0x2a);
	ck_assert_int_eq(r.u.resume.act[0].ptid.tid, 0x2b);
	ck_assert_int_eq(r.u.resume.act[1].action, 'c');
	ck_assert_uint_eq(r.u.resume.act[1].start, 0);
	ck_assert_uint_eq(r.u.resume.act[1].end, 0);
	/* no thread: every thread; an empty range is a plain step */
	ck_assert_int_eq(parse("vCont;r7fff00001000,7fff00001000", &r), 0);
	ck_assert_uint_eq(r.u.resume.nact, 1);
	ck_assert_int_eq(r.u.resume.act[0].action, 'r');
	ck_assert_uint_eq(r.u.resume.act[0].start, 0x7fff00001000);
	ck_assert_uint_eq(r.u.resume.act[0].end, 0x7fff00001000);
	ck_assert_int_eq(r.u.resume.act[0].ptid.tid, RSP_ID_ALL);
	ck_assert_int_eq(parse("vCont;c:2c;rffffffffffffff00,ffffffffffffffff:-1", &r), 0);
	ck_assert_int_eq(r.u.resume.act[1].action, 'r');
	ck_assert_uint_eq(r.u.resume.act[1].start, 0xffffffffffffff00ull);
	ck_assert_uint_eq(r.u.resume.act[1].end, 0xffffffffffffffffull);
	ck_assert_int_eq(r.u.resume.act[1].ptid.tid, RSP_ID_ALL);
}
END_TEST

START_TEST(test_vcont_too_many_actions)
{
	char pkt[16 * (RSP_MAX_VCONT_ACTIONS + 2)] = "vCont";
	struct rsp_request r;

	for (int i = 0; i < RSP_MAX_VCONT_ACTIONS; i++)
		strcat(pkt, ";s:1");
	ck_assert_int_eq(parse(pkt, &r), 0);
	strcat(pkt, ";c");
	ck_assert_int_eq(parse(pkt, &r), -EINVAL);
}
END_TEST

START_TEST(test_legacy_resume)
{
	struct rsp_request r;

	ck_assert_int_eq(parse("c", &r), 0);
	ck_assert(r.u.resume.legacy);
	ck_assert(!r.u.resume.has_addr);
	ck_assert_int_eq(r.u.resume.act[0].action, 'c');
	ck_assert_int_eq(parse("s401000", &r), 0);
	ck_assert_int_eq(r.u.resume.act[0].action, 's');
	ck_assert(r.u.resume.has_addr);
	ck_assert_uint_eq(r.u.resume.addr, 0x401000);
	ck_assert_int_eq(parse("C0b", &r), 0);
	ck_assert_int_eq(r.u.resume.act[0].gdb_signal, 11);
	ck_assert(!r.u.resume.has_addr);
	ck_assert_int_eq(parse("S05;400", &r), 0);
	ck_assert_int_eq(r.u.resume.act[0].action, 's');
	ck_assert_int_eq(r.u.resume.act[0].gdb_signal, 5);
	ck_assert_uint_eq(r.u.resume.addr, 0x400);
}
END_TEST

START_TEST(test_threads)
{
	struct rsp_request r;

	ck_assert_int_eq(parse("Hgp1f.20", &r), 0);
	ck_assert_int_eq(r.u.set_thread.op, 'g');
	ck_assert_int_eq(r.u.set_thread.ptid.pid, 0x1f);
	ck_assert_int_eq(r.u.set_thread.ptid.tid, 0x20);
	ck_assert_int_eq(parse("Hc-1", &r), 0);
	ck_assert_int_eq(r.u.set_thread.op, 'c');
	ck_assert_int_eq(r.u.set_thread.ptid.tid, RSP_ID_ALL);
	ck_assert_int_eq(parse("Hg0", &r), 0);
	ck_assert_int_eq(r.u.set_thread.ptid.tid, RSP_ID_ANY);
	ck_assert_int_eq(parse("Hgp7", &r), 0);
	ck_assert_int_eq(r.u.set_thread.ptid.pid, 7);
	ck_assert_int_eq(r.u.set_thread.ptid.tid, RSP_ID_ALL);
	ck_assert_int_eq(parse("Tp10.11", &r), 0);
	ck_assert_int_eq(r.kind, REQ_THREAD_ALIVE);
	ck_assert_int_eq(r.u.ptid.tid, 0x11);
	ck_assert_int_eq(parse("qfThreadInfo", &r), 0);
	ck_assert_int_eq(r.kind, REQ_THREAD_LIST_FIRST);
	ck_assert_int_eq(parse("qsThreadInfo", &r), 0);
	ck_assert_int_eq(r.kind, REQ_THREAD_LIST_NEXT);
	ck_assert_int_eq(parse("qC", &r), 0);
	ck_assert_int_eq(r.kind, REQ_CURRENT_THREAD);
}
END_TEST

START_TEST(test_process)
{
	struct rsp_request r;

	ck_assert_int_eq(parse("k", &r), 0);
	ck_assert_int_eq(r.kind, REQ_KILL);
	ck_assert_int_eq(r.u.pid, -1);
	ck_assert_int_eq(parse("vKill;1a2b", &r), 0);
	ck_assert_int_eq(r.kind, REQ_KILL);
	ck_assert_int_eq(r.u.pid, 0x1a2b);
	ck_assert_int_eq(parse("D", &r), 0);
	ck_assert_int_eq(r.kind, REQ_DETACH);
	ck_assert_int_eq(r.u.pid, -1);
	ck_assert_int_eq(parse("D;10", &r), 0);
	ck_assert_int_eq(r.u.pid, 16);
	ck_assert_int_eq(parse("qAttached:10", &r), 0);
	ck_assert_int_eq(r.kind, REQ_ATTACHED);
	ck_assert_int_eq(r.u.pid, 16);
	ck_assert_int_eq(parse("?", &r), 0);
	ck_assert_int_eq(r.kind, REQ_HALT_REASON);
}
END_TEST

START_TEST(test_signals)
{
	struct rsp_request r;

	ck_assert_int_eq(parse("QPassSignals:e;14;1e", &r), 0);
	ck_assert_int_eq(r.kind, REQ_PASS_SIGNALS);
	ck_assert(r.u.signals.set[0x0e]);
	ck_assert(r.u.signals.set[0x14]);
	ck_assert(r.u.signals.set[0x1e]);
	ck_assert(!r.u.signals.set[0x0f]);
	ck_assert_int_eq(parse("QPassSignals:", &r), 0);
	for (int i = 0; i < RSP_MAX_SIGNALS; i++)
		ck_assert(!r.u.signals.set[i]);
	ck_assert_int_eq(parse("QProgramSignals:2;5", &r), 0);
	ck_assert_int_eq(r.kind, REQ_PROGRAM_SIGNALS);
	ck_assert(r.u.signals.set[2] && r.u.signals.set[5]);
}
END_TEST

START_TEST(test_queries)
{
	struct rsp_request r;

	ck_assert_int_eq(parse("qSupported:multiprocess+;swbreak+;xmlRegisters=i386", &r), 0);
	ck_assert_int_eq(r.kind, REQ_SUPPORTED);
	ck_assert_uint_eq(r.u.supported.len, strlen("multiprocess+;swbreak+;xmlRegisters=i386"));
	ck_assert_int_eq(parse("qXfer:features:read:64bit-core.xml:1a,ffb", &r), 0);
	ck_assert_int_eq(r.kind, REQ_XFER_READ);
	ck_assert_str_eq(r.u.xfer.object, "features");
	ck_assert_str_eq(r.u.xfer.annex, "64bit-core.xml");
	ck_assert_uint_eq(r.u.xfer.offset, 0x1a);
	ck_assert_uint_eq(r.u.xfer.length, 0xffb);
	ck_assert_int_eq(parse("qXfer:auxv:read::0,1000", &r), 0);
	ck_assert_str_eq(r.u.xfer.object, "auxv");
	ck_assert_str_eq(r.u.xfer.annex, "");
	ck_assert_int_eq(rsp_parse("qXfer:siginfo:write::8:\0\x01", 25, &r), 0);
	ck_assert_int_eq(r.kind, REQ_XFER_WRITE);
	ck_assert_str_eq(r.u.xfer.object, "siginfo");
	ck_assert_uint_eq(r.u.xfer.offset, 8);
	ck_assert_uint_eq(r.u.xfer.length, 2);
	ck_assert_int_eq(parse("qXfer:siginfo:write::8", &r), -EINVAL);
	ck_assert_int_eq(parse("qRcmd,65786974", &r), 0);
	ck_assert_int_eq(r.kind, REQ_MONITOR);
	ck_assert_str_eq(r.u.monitor.text, "exit");
	ck_assert_int_eq(parse("QStartNoAckMode", &r), 0);
	ck_assert_int_eq(r.kind, REQ_START_NOACK);
	ck_assert_int_eq(parse("QNonStop:1", &r), 0);
	ck_assert(r.u.flag);
}
END_TEST

START_TEST(test_launch_settings)
{
	struct rsp_request r;

	ck_assert_int_eq(parse("QEnvironmentHexEncoded:464f4f3d6261723d31", &r), 0);
	ck_assert_int_eq(r.kind, REQ_ENV_SET);
	ck_assert_str_eq(r.u.setting.text, "FOO=bar=1");
	ck_assert_int_eq(parse("QEnvironmentHexEncoded:464f4f3d", &r), 0);
	ck_assert_str_eq(r.u.setting.text, "FOO="); /* an empty value is a value */
	ck_assert_int_eq(parse("QEnvironmentUnset:464f4f", &r), 0);
	ck_assert_int_eq(r.kind, REQ_ENV_UNSET);
	ck_assert_str_eq(r.u.setting.text, "FOO");
	ck_assert_int_eq(parse("QEnvironmentReset", &r), 0);
	ck_assert_int_eq(r.kind, REQ_ENV_RESET);
	ck_assert_int_eq(parse("QSetWorkingDir:2f746d70", &r), 0);
	ck_assert_int_eq(r.kind, REQ_SET_CWD);
	ck_assert_str_eq(r.u.setting.text, "/tmp");
	ck_assert_int_eq(parse("QSetWorkingDir:", &r), 0); /* back to the default */
	ck_assert_str_eq(r.u.setting.text, "");
	ck_assert_int_eq(parse("QStartupWithShell:0", &r), 0);
	ck_assert_int_eq(r.kind, REQ_STARTUP_WITH_SHELL);
	ck_assert(!r.u.flag);
	ck_assert_int_eq(parse("QDisableRandomization:1", &r), 0);
	ck_assert_int_eq(r.kind, REQ_DISABLE_RANDOMIZATION);
	ck_assert(r.u.flag);
}
END_TEST

START_TEST(test_launch_setting_too_long)
{
	struct rsp_request r;
	size_t n = 2 * sizeof(r.u.setting.text);
	char *pkt = malloc(n + 32);

	strcpy(pkt, "QSetWorkingDir:");
	memset(pkt + strlen(pkt), '2', n); /* "////..." one byte too many */
	pkt[15 + n] = '\0';
	ck_assert_int_eq(parse(pkt, &r), -EINVAL);
	pkt[15 + n - 2] = '\0'; /* fits with its NUL */
	ck_assert_int_eq(parse(pkt, &r), 0);
	free(pkt);
}
END_TEST

START_TEST(test_vfile)
{
	struct rsp_request r;

	ck_assert_int_eq(parse("vFile:open:2f62696e2f6c73,0,1ed", &r), 0);
	ck_assert_int_eq(r.kind, REQ_VFILE);
	ck_assert_int_eq(r.u.vfile.op, VFILE_OPEN);
	ck_assert_str_eq(r.u.vfile.path, "/bin/ls");
	ck_assert_uint_eq(r.u.vfile.mode, 0755);
	ck_assert_int_eq(parse("vFile:pread:3,1000,20", &r), 0);
	ck_assert_int_eq(r.u.vfile.op, VFILE_PREAD);
	ck_assert_uint_eq(r.u.vfile.fd, 3);
	ck_assert_uint_eq(r.u.vfile.count, 0x1000);
	ck_assert_uint_eq(r.u.vfile.offset, 0x20);
	ck_assert_int_eq(rsp_parse("vFile:pwrite:1,10,\0#", 20, &r), 0);
	ck_assert_int_eq(r.u.vfile.op, VFILE_PWRITE);
	ck_assert_uint_eq(r.u.vfile.len, 2);
	ck_assert_int_eq(parse("vFile:setfs:0", &r), 0);
	ck_assert_int_eq(r.u.vfile.op, VFILE_SETFS);
	ck_assert_int_eq(parse("vFile:close:5", &r), 0);
	ck_assert_int_eq(r.u.vfile.op, VFILE_CLOSE);
	ck_assert_int_eq(parse("vFile:fstat:5", &r), 0);
	ck_assert_int_eq(r.u.vfile.op, VFILE_FSTAT);
	ck_assert_int_eq(parse("vFile:readlink:2f", &r), 0);
	ck_assert_int_eq(r.u.vfile.op, VFILE_READLINK);
	ck_assert_str_eq(r.u.vfile.path, "/");
}
END_TEST

START_TEST(test_long_annex_rejected)
{
	char pkt[600] = "qXfer:features:read:";
	struct rsp_request r;

	memset(pkt + strlen(pkt), 'a', 300);
	strcat(pkt, ":0,10");
	ck_assert_int_eq(parse(pkt, &r), -EINVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rsp_parse");
	TCase *tc = tcase_create("table");

	tcase_add_loop_test(tc, test_table_prefix, 0,
			    sizeof(table_vectors) / sizeof(table_vectors[0]));
	tcase_add_test(tc, test_unknown_is_enosys);
	suite_add_tcase(s, tc);

	tc = tcase_create("malformed");
	tcase_add_loop_test(tc, test_malformed, 0, sizeof(bad_packets) / sizeof(bad_packets[0]));
	tcase_add_test(tc, test_truncations_never_crash);
	tcase_add_test(tc, test_vcont_too_many_actions);
	tcase_add_test(tc, test_long_annex_rejected);
	suite_add_tcase(s, tc);

	tc = tcase_create("typed");
	tcase_add_test(tc, test_memory);
	tcase_add_test(tc, test_registers);
	tcase_add_test(tc, test_lldb);
	tcase_add_test(tc, test_breakpoints);
	tcase_add_test(tc, test_breakpoint_conditions);
	tcase_add_test(tc, test_breakpoint_condition_limits);
	tcase_add_test(tc, test_vcont);
	tcase_add_test(tc, test_vcont_range);
	tcase_add_test(tc, test_legacy_resume);
	tcase_add_test(tc, test_threads);
	tcase_add_test(tc, test_process);
	tcase_add_test(tc, test_signals);
	tcase_add_test(tc, test_queries);
	tcase_add_test(tc, test_vfile);
	tcase_add_test(tc, test_launch_settings);
	tcase_add_test(tc, test_launch_setting_too_long);
	suite_add_tcase(s, tc);

	return run_suite(s);
}
