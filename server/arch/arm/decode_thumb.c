/*
 * decode_thumb — next PC of an instruction in Thumb state (16-bit Thumb and
 * 32-bit Thumb-2): IT blocks, branches, cbz/cbnz, tbb/tbh, interworking,
 * pop/ldm/ldr into pc, svc, load-exclusive sequences. See decode_arm.h.
 */
#include "decode_thumb.h"

/* ITSTATE from CPSR: IT[7:2] in bits 15:10, IT[1:0] in bits 26:25. */
static unsigned itstate(uint32_t cpsr)
{
	return (cpsr >> 8 & 0xfc) | (cpsr >> 25 & 3);
}

/* ITSTATE after one instruction of the block (0 when the block ends). */
static unsigned it_advance(unsigned it)
{
	if ((it & 7) == 0)
		return 0;
	return (it & 0xe0) | ((it << 1) & 0x1f);
}

int thumb_size_at(struct armdec *d, uint32_t addr, unsigned *size)
{
	uint16_t hw;
	int err = armdec_mem16(d, addr, &hw);

	if (err)
		return err;
	*size = thumb_is32(hw) ? 4 : 2;
	return 0;
}

/*
 * From `addr` (next slot, ITSTATE `it`), skip slots whose condition fails
 * with the current flags; *addr ends at the first executed instruction.
 */
static int skip_failed_slots(struct armdec *d, uint32_t *addr, unsigned it)
{
	unsigned size;
	int err;

	while (it && !armdec_cond_passed(it >> 4, d->cpsr)) {
		err = thumb_size_at(d, *addr, &size);
		if (err)
			return err;
		*addr += size;
		it = it_advance(it);
	}
	return 0;
}

/*
 * The instruction at pc sits in an IT block with more slots after it and it
 * executes: it may change the flags, so the next executed instruction is
 * either the next slot or the first slot of the opposite condition (or the
 * first instruction after the block). Non-final IT slots cannot branch.
 */
static int it_both(struct armdec *d, unsigned size, unsigned it)
{
	uint32_t addr = d->pc + size;
	unsigned bit;
	int err;

	it = it_advance(it);
	err = armdec_add(d, addr, true);
	if (err)
		return err;
	bit = it >> 4 & 1;
	do {
		err = thumb_size_at(d, addr, &size);
		if (err)
			return err;
		addr += size;
		it = it_advance(it);
	} while (it && (it >> 4 & 1) == bit);
	return armdec_add(d, addr, true);
}

static int thumb16(struct armdec *d, uint16_t hw1)
{
	uint32_t pc4 = d->pc + 4, v;
	int err;

	if ((hw1 & 0xf000) == 0xd000) {
		unsigned cond = hw1 >> 8 & 0xf;

		if (cond == 0xf)
			return armdec_svc(d, 2);
		if (cond != 0xe && armdec_cond_passed(cond, d->cpsr))
			return armdec_add(d, pc4 + sext((uint32_t)(hw1 & 0xff) << 1, 9), true);
	} else if ((hw1 & 0xf800) == 0xe000) {
		return armdec_add(d, pc4 + sext((uint32_t)(hw1 & 0x7ff) << 1, 12), true);
	} else if ((hw1 & 0xf500) == 0xb100) { /* cbz, cbnz */
		uint32_t off = (hw1 >> 9 & 1) << 6 | (hw1 >> 3 & 0x1f) << 1;

		err = armdec_reg(d, hw1 & 7, &v);
		if (err)
			return err;
		if ((v != 0) == !!(hw1 & 0x800))
			return armdec_add(d, pc4 + off, true);
	} else if ((hw1 & 0xff00) == 0xbd00) { /* pop {..., pc} */
		err = armdec_reg(d, ARM_REG_SP, &v);
		if (!err)
			err = armdec_mem32(d, v + 4 * __builtin_popcount(hw1 & 0xff), &v);
		return err ? err : armdec_add_bx(d, v);
	} else if ((hw1 & 0xff00) == 0x4700) { /* bx, blx <reg> */
		err = armdec_reg(d, hw1 >> 3 & 0xf, &v);
		if (err)
			return err;
		if (hw1 & 0x80)
			return armdec_add_call(d, v, v & 1, (d->pc + 2) | 1);
		if (v >= 0xffff0000u && (err = armdec_reg(d, ARM_REG_LR, &v)))
			return err;
		return armdec_add_bx(d, v);
	} else if ((hw1 & 0xff87) == 0x4687 || (hw1 & 0xff87) == 0x4487) {
		/* mov pc, Rm / add pc, Rm: no interworking from Thumb */
		err = armdec_reg(d, hw1 >> 3 & 0xf, &v);
		if (err)
			return err;
		return armdec_add(d, (hw1 & 0x0200) ? v : pc4 + v, true);
	}
	return armdec_add(d, d->pc + 2, true);
}

int armdec_thumb(struct armdec *d)
{
	uint16_t hw1, hw2 = 0;
	unsigned it = itstate(d->cpsr), size;
	uint32_t next;
	int err;

	err = armdec_mem16(d, d->pc, &hw1);
	if (!err && thumb_is32(hw1))
		err = armdec_mem16(d, d->pc + 2, &hw2);
	if (err)
		return err;
	size = thumb_is32(hw1) ? 4 : 2;

	if (it & 0xf) { /* inside an IT block */
		if (!armdec_cond_passed(it >> 4, d->cpsr)) {
			next = d->pc + size;
			err = skip_failed_slots(d, &next, it_advance(it));
			return err ? err : armdec_add(d, next, true);
		}
		if ((it & 0xf) != 0x8)
			return it_both(d, size, it);
		/* the executed last slot may branch: decode it normally */
	} else if ((hw1 & 0xff00) == 0xbf00 && (hw1 & 0xf)) { /* IT itself */
		next = d->pc + 2;
		err = skip_failed_slots(d, &next, hw1 & 0xff);
		return err ? err : armdec_add(d, next, true);
	}

	if (size == 2)
		return thumb16(d, hw1);
	err = armdec_atomic_thumb(d, hw1, hw2);
	if (err)
		return err < 0 ? err : 0;
	return thumb32(d, hw1, hw2);
}
