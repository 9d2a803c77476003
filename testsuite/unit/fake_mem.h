/*
 * fake_mem — the program memory that decoder unit tests read through an
 * arch_step_ctx: mem[0..MEM_SIZE) (each test defines MEM_SIZE before the
 * include), nothing above it (-EFAULT), and none of it while fake_mem_fail
 * is set.
 */
#ifndef RSTUB_FAKE_MEM_H
#define RSTUB_FAKE_MEM_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#ifndef MEM_SIZE
#error "define MEM_SIZE before including fake_mem.h"
#endif

static uint8_t mem[MEM_SIZE];
static bool fake_mem_fail;

static int fake_read_mem(void *ctx, uint64_t addr, void *buf, size_t len)
{
	(void)ctx;
	if (fake_mem_fail || addr >= MEM_SIZE || MEM_SIZE - addr < len)
		return -EFAULT;
	memcpy(buf, mem + addr, len);
	return 0;
}

#endif
