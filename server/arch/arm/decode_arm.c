/*
 * decode_arm — entry point and shared helpers of the ARM next-PC decoder:
 * register and memory access through the step context, condition codes,
 * the result list, system calls (sigreturn frames) and the kernel user
 * helpers. See decode_arm.h for the contract.
 */
#include <errno.h>
#include <string.h>

#include "decode_arm_int.h"

/* Start of the kernel user helper page ("kuser helpers"). */
#define ARM_KUSER_BASE 0xffff0000u

/*
 * Offset of the saved pc in the frame sp points at when sigreturn runs:
 * struct sigframe { struct ucontext uc; ... } with uc_mcontext after
 * uc_flags, uc_link and a 12-byte stack_t (20 bytes), and arm_pc at 72
 * inside struct sigcontext (trap_no, error_code, oldmask, r0..r10, fp, ip,
 * sp, lr, pc, cpsr). rt_sigreturn's frame has a 128-byte siginfo first.
 */
#define SIGFRAME_PC_OFFSET (20 + 72)
#define SIGFRAME_CPSR_OFFSET (20 + 76)
#define RT_SIGFRAME_SIGINFO 128

int armdec_reg(struct armdec *d, unsigned r, uint32_t *val)
{
	uint64_t v;
	int err;

	if (r == ARM_REG_PC) {
		*val = d->pc + ((d->cpsr & CPSR_T) ? 4 : 8);
		return 0;
	}
	err = d->c->read_reg(d->c->ctx, (int)r, &v);
	if (err)
		return err;
	*val = (uint32_t)v;
	return 0;
}

static int mem(struct armdec *d, uint32_t addr, void *buf, size_t len)
{
	return d->c->read_mem(d->c->ctx, addr, buf, len);
}

/* ARM Linux is little-endian here (armhf / armel); assemble explicitly. */
int armdec_mem32(struct armdec *d, uint32_t addr, uint32_t *val)
{
	uint8_t b[4];
	int err = mem(d, addr, b, sizeof(b));

	if (err)
		return err;
	*val = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
	return 0;
}

int armdec_mem16(struct armdec *d, uint32_t addr, uint16_t *val)
{
	uint8_t b[2];
	int err = mem(d, addr, b, sizeof(b));

	if (err)
		return err;
	*val = (uint16_t)(b[0] | b[1] << 8);
	return 0;
}

int armdec_mem8(struct armdec *d, uint32_t addr, uint8_t *val)
{
	return mem(d, addr, val, 1);
}

bool armdec_cond_passed(unsigned cond, uint32_t cpsr)
{
	bool n = cpsr >> 31 & 1, z = cpsr >> 30 & 1, c = cpsr >> 29 & 1,
	     v = cpsr >> 28 & 1, r;

	switch (cond >> 1) {
	case 0: r = z; break;
	case 1: r = c; break;
	case 2: r = n; break;
	case 3: r = v; break;
	case 4: r = c && !z; break;
	case 5: r = n == v; break;
	case 6: r = n == v && !z; break;
	default: return true; /* AL, and 0b1111 where it means "always" */
	}
	return (cond & 1) ? !r : r;
}

static int push(struct armdec *d, uint32_t addr, int kind)
{
	int i;

	for (i = 0; i < d->n; i++)
		if (d->out[i].addr == addr && d->out[i].bp_kind == kind)
			return 0;
	if (d->n == ARCH_MAX_NEXT_PCS) {
		d->full = true;
		return 0;
	}
	d->out[d->n].addr = addr;
	d->out[d->n].bp_kind = kind;
	d->n++;
	return 0;
}

int armdec_add(struct armdec *d, uint32_t addr, bool thumb)
{
	uint16_t hw;
	int err;

	if (!thumb)
		return push(d, addr & ~3u, ARM_BP_KIND_ARM);
	addr &= ~1u;
	err = armdec_mem16(d, addr, &hw);
	if (err)
		return err;
	return push(d, addr, thumb_is32(hw) ? ARM_BP_KIND_THUMB2 : ARM_BP_KIND_THUMB);
}

int armdec_add_bx(struct armdec *d, uint32_t addr)
{
	return armdec_add(d, addr, addr & 1);
}

int armdec_add_call(struct armdec *d, uint32_t addr, bool thumb, uint32_t ret)
{
	if (addr >= ARM_KUSER_BASE)
		return armdec_add_bx(d, ret);
	return armdec_add(d, addr, thumb);
}

/* The pc a sigreturn at sp restores, in the state its saved cpsr says. */
static int sigreturn_target(struct armdec *d, uint32_t frame)
{
	uint32_t pc, cpsr;
	int err;

	err = armdec_mem32(d, frame + SIGFRAME_PC_OFFSET, &pc);
	if (!err)
		err = armdec_mem32(d, frame + SIGFRAME_CPSR_OFFSET, &cpsr);
	if (err)
		return err;
	return armdec_add(d, pc, cpsr & CPSR_T);
}

int armdec_svc(struct armdec *d, unsigned size)
{
	uint32_t nr, sp;
	int err;

	err = armdec_reg(d, 7, &nr);
	if (err)
		return err;
	if (nr == ARM_NR_SIGRETURN || nr == ARM_NR_RT_SIGRETURN) {
		err = armdec_reg(d, ARM_REG_SP, &sp);
		if (err)
			return err;
		if (nr == ARM_NR_RT_SIGRETURN)
			sp += RT_SIGFRAME_SIGINFO;
		return sigreturn_target(d, sp);
	}
	return armdec_add(d, d->pc + size, d->cpsr & CPSR_T);
}

int arm_next_pcs(const struct arch_step_ctx *c, uint64_t pc, struct arch_next_pc *out)
{
	struct armdec d;
	uint64_t cpsr;
	int err;

	memset(&d, 0, sizeof(d));
	d.c = c;
	d.out = out;
	if (pc > 0xffffffffu)
		return -EINVAL;
	d.pc = (uint32_t)pc & ~1u;
	err = c->read_reg(c->ctx, ARM_REG_CPSR, &cpsr);
	if (err)
		return err;
	d.cpsr = (uint32_t)cpsr;
	if (d.pc >= ARM_KUSER_BASE) {
		uint32_t lr;

		/* A helper returns with bx lr; it cannot hold breakpoints. */
		err = armdec_reg(&d, ARM_REG_LR, &lr);
		if (!err)
			err = armdec_add_bx(&d, lr);
	} else if (d.cpsr & CPSR_T) {
		err = armdec_thumb(&d);
	} else {
		err = armdec_arm(&d);
	}
	if (err)
		return err;
	return d.n ? d.n : -EINVAL;
}
