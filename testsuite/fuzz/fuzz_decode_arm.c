/* fuzz_decode_arm — the ARM / Thumb-2 next-PC decoder over any bytes at
 * the PC and any registers (the input's first 32 x 8 bytes: r0-r15, then
 * cpsr at 25, whose T bit picks Thumb): at most ARCH_MAX_NEXT_PCS, each
 * with a breakpoint kind the arch knows. */
#include <stdlib.h>

#include "arch_arm.h"
#include "decode_arm.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arch_next_pc next[ARCH_MAX_NEXT_PCS];
	struct fuzz_thread t;
	struct arch_step_ctx c;
	size_t len;
	int n, i;

	fuzz_thread_init(&t, data, size, 32, &c);
	for (i = 0; i < 16; i++)
		t.regs[i] &= 0xffffffffu;
	t.regs[15] = FUZZ_PC;
	n = arm_next_pcs(&c, FUZZ_PC, next);
	if (n > ARCH_MAX_NEXT_PCS)
		abort();
	for (i = 0; i < n; i++) {
		if (!arm_bp_insn(next[i].bp_kind, &len))
			abort();
	}
	return 0;
}
