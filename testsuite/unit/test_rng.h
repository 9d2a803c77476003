/*
 * test_rng — the unit tests' pseudo-random inputs: xorshift64 from a seed
 * the test sets in rng_state, so every run sees the same numbers.
 */
#ifndef RSTUB_TEST_RNG_H
#define RSTUB_TEST_RNG_H

#include <stdint.h>

static uint64_t rng_state;

static inline uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

#endif
