/*
 * noise — the bytes bench_target's `mem` mode fills bench_mem with
 * (xorshift64 from a fixed seed), so that the read scenarios can check every
 * byte they read.
 */
#ifndef RSTUB_BENCH_NOISE_H
#define RSTUB_BENCH_NOISE_H

#include <stddef.h>

static inline void bench_noise(unsigned char *p, size_t n)
{
	unsigned long x = 88172645463325252ul;

	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p[i] = (unsigned char)x;
	}
}

#endif
