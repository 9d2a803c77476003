/*
 * fuzz — what every fuzz target here shares: libFuzzer's entry point, and a
 * fake stopped thread for the decoders (its registers and the memory around
 * its PC come from the input), reached only through an arch_step_ctx.
 *
 * Contract: a target defines LLVMFuzzerTestOneInput(data, size); it must
 * not crash, leak, hang or read outside its input for any bytes. The same
 * file links with libFuzzer (clang -fsanitize=fuzzer: fuzzing) or with
 * replay.c (any compiler: ctest replays the corpus).
 */
#ifndef RSTUB_FUZZ_H
#define RSTUB_FUZZ_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arch/arch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A thread for the decoders: FUZZ_NREGS registers, then code at FUZZ_PC. */
enum { FUZZ_NREGS = 64, FUZZ_PC = 0x10000 };

struct fuzz_thread {
	uint64_t regs[FUZZ_NREGS];
	const uint8_t *code; /* at FUZZ_PC */
	size_t len;
};

static inline int fuzz_read_reg(void *ctx, int regnum, uint64_t *val)
{
	const struct fuzz_thread *t = ctx;

	if (regnum < 0 || regnum >= FUZZ_NREGS)
		return -EINVAL;
	*val = t->regs[regnum];
	return 0;
}

/* The code bytes at FUZZ_PC, the same bytes repeated every 64 KiB (so
 * that data reads find something), nothing past 16 MiB. */
static inline int fuzz_read_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
	const struct fuzz_thread *t = ctx;
	uint8_t *out = buf;
	size_t i;

	if (!t->len || addr < FUZZ_PC || addr + len < addr || addr + len > FUZZ_PC + (16u << 20))
		return -EFAULT;
	for (i = 0; i < len; i++)
		out[i] = t->code[(addr - FUZZ_PC + i) % 0x10000 % t->len];
	return 0;
}

/* The first `nregs' 8-byte registers from the input (zero-filled), the
 * rest is the code. */
static inline void fuzz_thread_init(struct fuzz_thread *t, const uint8_t *data, size_t size,
                             size_t nregs, struct arch_step_ctx *c)
{
	size_t take = nregs * 8 < size ? nregs * 8 : size;

	memset(t, 0, sizeof(*t));
	memcpy(t->regs, data, take);
	t->code = data + take;
	t->len = size - take;
	*c = (struct arch_step_ctx){t, fuzz_read_mem, fuzz_read_reg};
}

#endif
