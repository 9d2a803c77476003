/*
 * decode_arm_int — what the ARM-state and Thumb-state halves of the next-PC
 * decoder share. Internal to server/arch/arm/; see decode_arm.h.
 */
#ifndef RSTUB_ARCH_ARM_DECODE_ARM_INT_H
#define RSTUB_ARCH_ARM_DECODE_ARM_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "decode_arm.h"

#define CPSR_T (1u << 5)

/* Linux EABI system call numbers the decoder follows. */
enum { ARM_NR_SIGRETURN = 119, ARM_NR_RT_SIGRETURN = 173 };

/* Longest ldrex..strex sequence stepped as one unit (instructions). */
enum { ARM_ATOMIC_MAX = 16 };

/* One decode: the thread's state and the result being built. */
struct armdec {
	const struct arch_step_ctx *c;
	uint32_t pc;   /* address of the instruction being decoded */
	uint32_t cpsr;
	struct arch_next_pc *out;
	int n;
	bool full;     /* more targets than ARCH_MAX_NEXT_PCS were offered */
};

/* Register `r` as the instruction reads it (pc reads as pc+8 / pc+4). */
int armdec_reg(struct armdec *d, unsigned r, uint32_t *val);
int armdec_mem32(struct armdec *d, uint32_t addr, uint32_t *val);
int armdec_mem16(struct armdec *d, uint32_t addr, uint16_t *val);
int armdec_mem8(struct armdec *d, uint32_t addr, uint8_t *val);

bool armdec_cond_passed(unsigned cond, uint32_t cpsr);

/*
 * Add a target. `thumb` selects the state control arrives in; the kind of a
 * Thumb target is read from the instruction there. Duplicates are merged.
 * Returns 0 or -errno (only from reading the target's instruction).
 */
int armdec_add(struct armdec *d, uint32_t addr, bool thumb);
/* A BX-style target: bit 0 selects Thumb, else ARM (aligned to 4). */
int armdec_add_bx(struct armdec *d, uint32_t addr);
/*
 * A target reached by a call that sets lr to `ret` (ret bit 0: Thumb):
 * a kernel user helper is replaced by the return address.
 */
int armdec_add_call(struct armdec *d, uint32_t addr, bool thumb, uint32_t ret);

/* svc at d->pc, `size` bytes long: sigreturn frames, else fall through. */
int armdec_svc(struct armdec *d, unsigned size);

/* True when `hw1` is the first halfword of a 32-bit Thumb instruction. */
static inline bool thumb_is32(uint16_t hw1)
{
	return (hw1 & 0xf800) >= 0xe800;
}

static inline uint32_t sext(uint32_t v, unsigned bits)
{
	uint32_t m = 1u << (bits - 1);

	v &= (bits < 32) ? (1u << bits) - 1 : ~0u;
	return (v ^ m) - m;
}

/* The state decoders; `d` has pc and cpsr filled in. */
int armdec_arm(struct armdec *d);
int armdec_thumb(struct armdec *d);

/*
 * Load/store-exclusive scan. Returns 1 when the instruction at d->pc starts
 * a sequence and the exits were added, 0 when it does not (decode singly),
 * or -errno.
 */
int armdec_atomic_arm(struct armdec *d, uint32_t insn);
int armdec_atomic_thumb(struct armdec *d, uint16_t hw1, uint16_t hw2);

/* A load-exclusive .. store-exclusive sequence run as one unit. */
struct atomic_scan {
	uint32_t start, end;                   /* [the ldrex, after the strex) */
	uint32_t exits[ARCH_MAX_NEXT_PCS - 1]; /* branch targets outside it */
	int nexits;
};

/*
 * The sequence starting at d->pc (a load-exclusive in the state
 * d->cpsr says; the caller has checked): 1 and *s filled, 0 when it cannot
 * run as one unit (no store-exclusive within ARM_ATOMIC_MAX instructions,
 * an instruction inside that can go anywhere, more exits than fit), or
 * -errno (memory).
 */
int armdec_atomic_scan(struct armdec *d, struct atomic_scan *s);
bool arm_is_ldrex(uint32_t insn);
bool thumb_is_ldrex(uint16_t hw1, uint16_t hw2);

/*
 * Static control flow of one instruction from its bytes alone (no
 * registers; decode_arm_static.c): out's len, kind, target and
 * falls_through (arch.h), bp_kind its Z0 kind. Branches: b, b<cond>,
 * cbz/cbnz, B.W, B<cond>.W; ARCH_FLOW_LEAVE: calls (bl, blx), bx/bxj,
 * every write to pc (data processing, ldr, ldm/pop, rfe, subs pc, lr),
 * tbb/tbh, svc, bkpt, udf and the other traps. Anything else is
 * ARCH_FLOW_NEXT, IT and load-exclusive included (their units are the
 * caller's).
 */
void armflow_a32(uint32_t pc, uint32_t insn, struct arch_insn_flow *out);
void armflow_t16(uint32_t pc, uint16_t hw, struct arch_insn_flow *out);
void armflow_t32(uint32_t pc, uint16_t hw1, uint16_t hw2, struct arch_insn_flow *out);

/* An instruction's encoding as read from memory: ARM `insn`, or Thumb
 * `hw1` (and `hw2` when is32). */
struct arm_fetched {
	bool thumb, is32;
	uint32_t insn;
	uint16_t hw1, hw2;
};
/* The instruction at loc in d's state (Thumb or ARM): fetched into *f and
 * its static flow into *out (armflow_*); 0 or armdec_mem*'s error. */
int armflow_at(struct armdec *d, uint32_t loc, struct arch_insn_flow *out,
	       struct arm_fetched *f);

#endif
