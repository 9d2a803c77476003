/* fuzz_decode_x86_64 — the x86-64 decoders over any bytes at the PC and any
 * registers (the input's first 64 x 8 bytes): next PCs (at most
 * ARCH_MAX_NEXT_PCS), static flow, displaced relocation (no more than the
 * original's length), the intercepted-instruction and system-call
 * matchers, and the watchpoint access and write predicates. */
#include <stdlib.h>

#include "arch/x86_64/decode_x86_64.h"
#include "arch/x86_64/displaced_x86_64.h"
#include "arch/x86_64/intercepted_x86_64.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arch_next_pc next[ARCH_MAX_NEXT_PCS];
	struct arch_insn_flow flow;
	struct arch_displaced disp;
	struct fuzz_thread t;
	struct arch_step_ctx c;
	unsigned len;
	int n;

	fuzz_thread_init(&t, data, size, 24, &c);
	n = x86_64_next_pcs(&c, FUZZ_PC, next);
	if (n > ARCH_MAX_NEXT_PCS)
		abort();
	x86_64_insn_flow(&c, FUZZ_PC, &flow);
	if (x86_64_displaced_prepare(t.code, t.len, FUZZ_PC, 0x2000, &disp) == 0 &&
	    (disp.len > t.len || disp.len > ARCH_DISPLACED_MAX))
		abort();
	if (x86_64_intercepted_at(t.code, t.len, &len) >= 0 && len > t.len)
		abort();
	if (x86_64_syscall_insn_len(t.code, t.len) > t.len)
		abort();
	x86_64_insn_may_access(&c, FUZZ_PC, t.regs[0], t.regs[0] + 8);
	x86_64_insn_may_write(&c, FUZZ_PC, t.regs[1], t.regs[1] + 8);
	return 0;
}
