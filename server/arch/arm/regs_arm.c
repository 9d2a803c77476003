/*
 * regs_arm — where arm-linux.xml registers live in the 32-bit ARM Linux
 * kernel's register sets: NT_PRSTATUS (struct pt_regs: r0-r15, cpsr,
 * orig_r0; what PTRACE_GETREGS returns) and NT_ARM_VFP (d0-d31 then
 * fpscr; what PTRACE_GETVFPREGS returns). See arch/regmap.h for the
 * contract. Every register is a plain copy.
 */
#include <elf.h>

#include "arch/regmap.h"

enum { RS_GPR, RS_VFP };

enum {
	GPR_COUNT = 18,	       /* uregs[18]: r0-r15, cpsr, orig_r0 */
	VFP_SIZE = 32 * 8 + 4, /* ARM_VFPREGS_SIZE */
};

static const struct regset_desc arm_regsets[] = {
        [RS_GPR] = {.name = "NT_PRSTATUS", .note = NT_PRSTATUS, .size = GPR_COUNT * 4},
        [RS_VFP] = {.name = "NT_ARM_VFP", .note = NT_ARM_VFP, .size = VFP_SIZE},
};

/* clang-format off */
#define R(name, i) { name, RS_GPR, 4 * (i), 4, NULL, NULL }
#define D(i) { "d" #i, RS_VFP, 8 * (i), 8, NULL, NULL }

static const struct regmap_entry arm_regmap[] = {
	R("r0", 0), R("r1", 1), R("r2", 2), R("r3", 3), R("r4", 4), R("r5", 5),
	R("r6", 6), R("r7", 7), R("r8", 8), R("r9", 9), R("r10", 10), R("r11", 11),
	R("r12", 12), R("sp", 13), R("lr", 14), R("pc", 15), R("cpsr", 16),
	D(0), D(1), D(2), D(3), D(4), D(5), D(6), D(7),
	D(8), D(9), D(10), D(11), D(12), D(13), D(14), D(15),
	D(16), D(17), D(18), D(19), D(20), D(21), D(22), D(23),
	D(24), D(25), D(26), D(27), D(28), D(29), D(30), D(31),
	{ "fpscr", RS_VFP, 32 * 8, 4, NULL, NULL },
};
/* clang-format on */

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const struct regset_desc *arch_regsets(size_t *n)
{
	*n = COUNT(arm_regsets);
	return arm_regsets;
}

const struct regmap_entry *arch_regmap(size_t *n)
{
	*n = COUNT(arm_regmap);
	return arm_regmap;
}
