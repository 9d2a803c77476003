/* x86-64 architecture descriptor; see arch/arch.h for the contract. */
#include "arch/arch.h"
#include "arch/x86_64/decode_x86_64.h"
#include "arch/x86_64/displaced_x86_64.h"
#include "arch/x86_64/intercepted_x86_64.h"
#include "arch/x86_64/xsave.h"

static const uint8_t int3[] = { 0xcc };
static const uint8_t syscall_insn[] = { 0x0f, 0x05 };

/* gdb's kind for x86 is the breakpoint's length: 1. */
static const uint8_t *x86_64_bp_insn_for_kind(int kind, size_t *len)
{
	if (kind != sizeof(int3))
		return NULL;
	*len = sizeof(int3);
	return int3;
}

/* tdesc_file is set for the host by arch_native(). */
static struct arch x86_64 = {
	.name = "x86_64",
	.pc_reg = "rip",
	.sp_reg = "rsp",
	.fp_reg = "rbp",
	.bp_insn = int3,
	.bp_len = sizeof(int3),
	.bp_insn_for_kind = x86_64_bp_insn_for_kind,
	.decr_pc_after_break = 1,
	.hw_step = true,
	.ptr_size = 8,
	.xml_family = "i386",
	.legacy_g_size = 560, /* amd64: core, sse, orig_rax, fs_base, gs_base */
	.triple = "x86_64-pc-linux-gnu",
	.next_pcs = x86_64_next_pcs,
	.insn_flow = x86_64_insn_flow,
	.displaced_prepare = x86_64_displaced_prepare,
	.intercepted_names = x86_64_intercepted_names,
	.nintercepted = X86_ICPT_COUNT,
	.intercepted_at = x86_64_intercepted_at,
	.insn_may_write = x86_64_insn_may_write,
	.insn_may_access = x86_64_insn_may_access,
	.syscall_insn_len = x86_64_syscall_insn_len,
	.syscall_displaceable = x86_64_syscall_displaceable,
	.syscall_nr_reg = X86_REG_RAX,
	.syscall_next_reg = X86_REG_RCX,
	.syscall_insn = syscall_insn,
	.syscall_insn_size = sizeof(syscall_insn),
	.syscall_arg_reg = { X86_REG_RDI, X86_REG_RSI, X86_REG_RDX, X86_REG_R10, X86_REG_R8,
	                     X86_REG_R9 },
	.syscall_ret_reg = X86_REG_RAX,
	.syscall_mmap_nr = 9,
};

const struct arch *arch_native(void)
{
	if (!x86_64.tdesc_file)
		x86_64.tdesc_file = xsave_tdesc_file(xsave_host()->xcr0);
	return &x86_64;
}
