/*
 * decode_thumb32 — next PC of a 32-bit Thumb-2 instruction: B.W, B<cond>.W,
 * BL, BLX <imm>, BXJ, LDM/POP.W with pc, LDR pc (literal, imm12, imm8
 * pre/post-index, register), TBB/TBH. See decode_arm.h.
 */
#include "decode_thumb.h"

uint32_t thumb_off_t4(uint16_t hw1, uint16_t hw2)
{
	uint32_t s = hw1 >> 10 & 1, i1 = !((hw2 >> 13 & 1) ^ s), i2 = !((hw2 >> 11 & 1) ^ s);

	return sext(s << 24 | i1 << 23 | i2 << 22 | (uint32_t)(hw1 & 0x3ff) << 12 |
	            (uint32_t)(hw2 & 0x7ff) << 1, 25);
}

uint32_t thumb_off_t3(uint16_t hw1, uint16_t hw2)
{
	uint32_t s = hw1 >> 10 & 1, j1 = hw2 >> 13 & 1, j2 = hw2 >> 11 & 1;

	return sext(s << 20 | j2 << 19 | j1 << 18 | (uint32_t)(hw1 & 0x3f) << 12 |
	            (uint32_t)(hw2 & 0x7ff) << 1, 21);
}

/* Branches and miscellaneous control (hw1 11110..., hw2 bit 15 set). */
static int branch32(struct armdec *d, uint16_t hw1, uint16_t hw2)
{
	uint32_t pc4 = d->pc + 4, v;
	unsigned cond = hw1 >> 6 & 0xf;
	int err;

	switch (hw2 & 0x5000) {
	case 0x1000: /* B.W */
		return armdec_add(d, pc4 + thumb_off_t4(hw1, hw2), true);
	case 0x5000: /* BL */
		return armdec_add_call(d, pc4 + thumb_off_t4(hw1, hw2), true, pc4 | 1);
	case 0x4000: /* BLX <imm>: to ARM state, Align(pc, 4) */
		return armdec_add_call(d, (pc4 & ~3u) + (thumb_off_t4(hw1, hw2) & ~3u), false,
		                       pc4 | 1);
	case 0x0000:
		if ((cond & 0xe) != 0xe) {
			if (armdec_cond_passed(cond, d->cpsr))
				return armdec_add(d, pc4 + thumb_off_t3(hw1, hw2), true);
			break;
		}
		if ((hw1 & 0xfff0) == 0xf3c0 && (hw2 & 0xff00) == 0x8f00) { /* BXJ */
			err = armdec_reg(d, hw1 & 0xf, &v);
			return err ? err : armdec_add_bx(d, v);
		}
		break;
	default:
		break;
	}
	return armdec_add(d, pc4, true);
}

/* LDM/LDMDB/POP.W with pc in the list: pc is the highest-addressed word. */
static int ldm32(struct armdec *d, uint16_t hw1, uint16_t hw2)
{
	uint32_t base, addr, val;
	int err;

	err = armdec_reg(d, hw1 & 0xf, &base);
	if (err)
		return err;
	if ((hw1 >> 7 & 3) == 1) /* increment after */
		addr = base + 4 * (__builtin_popcount(hw2) - 1);
	else /* decrement before */
		addr = base - 4;
	err = armdec_mem32(d, addr, &val);
	return err ? err : armdec_add_bx(d, val);
}

/* TBB/TBH: pc + 4 + 2 * table[Rm]. */
static int table_branch(struct armdec *d, uint16_t hw1, uint16_t hw2)
{
	uint32_t base, idx, off;
	uint16_t h;
	uint8_t b;
	int err;

	err = armdec_reg(d, hw1 & 0xf, &base);
	if (!err)
		err = armdec_reg(d, hw2 & 0xf, &idx);
	if (err)
		return err;
	if (hw2 & 0x10) {
		err = armdec_mem16(d, base + 2 * idx, &h);
		off = h;
	} else {
		err = armdec_mem8(d, base + idx, &b);
		off = b;
	}
	return err ? err : armdec_add(d, d->pc + 4 + 2 * off, true);
}

/* LDR.W pc, ...: literal, imm12, imm8 (pre/post-indexed) and register. */
static int ldr32(struct armdec *d, uint16_t hw1, uint16_t hw2, bool *handled)
{
	uint32_t base, off, addr, val;
	int err;

	*handled = false;
	if ((hw2 >> 12) != 15)
		return 0;
	if ((hw1 & 0xff7f) == 0xf85f) { /* literal */
		base = (d->pc + 4) & ~3u;
		addr = (hw1 & 0x80) ? base + (hw2 & 0xfff) : base - (hw2 & 0xfff);
	} else if ((hw1 & 0xfff0) == 0xf8d0) { /* imm12 */
		if ((err = armdec_reg(d, hw1 & 0xf, &base)))
			return err;
		addr = base + (hw2 & 0xfff);
	} else if ((hw1 & 0xfff0) == 0xf850 && (hw2 & 0x800)) { /* imm8, P U W */
		if ((err = armdec_reg(d, hw1 & 0xf, &base)))
			return err;
		off = hw2 & 0xff;
		if (!(hw2 & 0x400))
			addr = base;
		else
			addr = (hw2 & 0x200) ? base + off : base - off;
	} else if ((hw1 & 0xfff0) == 0xf850 && !(hw2 & 0xfc0)) { /* register */
		if ((err = armdec_reg(d, hw1 & 0xf, &base)) ||
		    (err = armdec_reg(d, hw2 & 0xf, &off)))
			return err;
		addr = base + (off << (hw2 >> 4 & 3));
	} else {
		return 0;
	}
	*handled = true;
	err = armdec_mem32(d, addr, &val);
	return err ? err : armdec_add_bx(d, val);
}

int thumb32(struct armdec *d, uint16_t hw1, uint16_t hw2)
{
	bool handled;
	int err;

	if ((hw1 & 0xf800) == 0xf000 && (hw2 & 0x8000))
		return branch32(d, hw1, hw2);
	if ((hw1 & 0xfe40) == 0xe800 && (hw1 & 0x10) && (hw2 & 0x8000) &&
	    ((hw1 >> 7 & 3) == 1 || (hw1 >> 7 & 3) == 2))
		return ldm32(d, hw1, hw2);
	if ((hw1 & 0xfff0) == 0xe8d0 && (hw2 & 0xffe0) == 0xf000)
		return table_branch(d, hw1, hw2);
	err = ldr32(d, hw1, hw2, &handled);
	if (err || handled)
		return err;
	return armdec_add(d, d->pc + 4, true);
}
