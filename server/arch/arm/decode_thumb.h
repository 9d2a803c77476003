/*
 * decode_thumb — internal split of the Thumb decoder: the 32-bit (Thumb-2)
 * half lives in decode_thumb32.c. See decode_arm.h.
 */
#ifndef RSTUB_ARCH_ARM_DECODE_THUMB_H
#define RSTUB_ARCH_ARM_DECODE_THUMB_H

#include "decode_arm_int.h"

/* Size (2 or 4) of the Thumb instruction at `addr`. */
int thumb_size_at(struct armdec *d, uint32_t addr, unsigned *size);
/* Next PC of the 32-bit instruction hw1:hw2 at d->pc (not in an IT slot
 * that cannot branch). */
int thumb32(struct armdec *d, uint16_t hw1, uint16_t hw2);
/* Branch offsets of B.W / BL / BLX (T4 form) and B<cond>.W (T3 form). */
uint32_t thumb_off_t4(uint16_t hw1, uint16_t hw2);
uint32_t thumb_off_t3(uint16_t hw1, uint16_t hw2);

#endif
