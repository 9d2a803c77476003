/* 32-bit ARM Linux descriptor; see arch/arch.h and arch_arm.h. */
#include "arch_arm.h"
#include "decode_arm.h"
#include "flow_arm.h"

static const uint8_t bp_arm[] = { 0xf0, 0x01, 0xf0, 0xe7 };   /* 0xe7f001f0 */
static const uint8_t bp_thumb[] = { 0x01, 0xde };             /* 0xde01 */
static const uint8_t bp_thumb2[] = { 0xf0, 0xf7, 0x00, 0xa0 }; /* 0xf7f0 0xa000 */

static const struct arch arm = {
	.name = "arm",
	.tdesc_file = "arm-linux.xml",
	.pc_reg = "pc",
	.sp_reg = "sp",
	.fp_reg = "r11",
	.bp_insn = bp_arm,
	.bp_len = sizeof(bp_arm),
	.bp_insn_for_kind = arm_bp_insn,
	.decr_pc_after_break = 0,
	.hw_step = false,
	.ptr_size = 4,
	.xml_family = "arm",
	.triple = "arm-unknown-linux-gnueabihf",
	.next_pcs = arm_next_pcs,
	.insn_flow = arm_insn_flow,
};

const struct arch *arch_arm(void)
{
	return &arm;
}

const uint8_t *arm_bp_insn(int kind, size_t *len)
{
	switch (kind) {
	case ARM_BP_KIND_THUMB:
		*len = sizeof(bp_thumb);
		return bp_thumb;
	case ARM_BP_KIND_THUMB2:
		*len = sizeof(bp_thumb2);
		return bp_thumb2;
	case ARM_BP_KIND_ARM:
		*len = sizeof(bp_arm);
		return bp_arm;
	default:
		return NULL;
	}
}
