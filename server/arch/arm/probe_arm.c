/*
 * probe_arm — the start-up probe's code on 32-bit ARM (linux_probe.h): none
 * yet. ARM Linux refuses PTRACE_SINGLESTEP, which the probe sees at once,
 * and every step is a software step; the debug registers (hwdbg_arm.c)
 * are not tried, so they are taken as the kernel announces them.
 */
#include "linux_probe.h"

static const struct lprobe_arch arm_probe = {
        .plain = 0,
        .dr_exec = 0,
};

const struct lprobe_arch *lprobe_arch(void)
{
	return &arm_probe;
}
