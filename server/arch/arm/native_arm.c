/*
 * native_arm — arch_native() for an rstub built for 32-bit ARM. Kept apart
 * from arch_arm.c so the decoder and descriptor also build into the test
 * suite of another host (testsuite/arm/), whose rstub_core has its own.
 */
#include "arch_arm.h"

const struct arch *arch_native(void)
{
	return arch_arm();
}
