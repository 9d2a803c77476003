/*
 * rsp_escape — the `}` escaping of RSP payload bytes, made fast: every reply
 * passes through it, a memory read by the megabyte.
 *
 * Contract: pure functions, no allocation, no state but the choice of
 * implementation. rsp_escape() writes payload[0..len) to out with each '$',
 * '#', '}' and '*' written as '}' then (byte ^ 0x20), adds every byte it
 * writes to *sum (mod 256) and returns how many it wrote. `out` must have
 * room for 2 * len bytes, the worst case; no store goes past that. It uses
 * the fastest implementation the CPU has (chosen on the first call); each is
 * exported so that the unit tests can hold them to the same results.
 */
#ifndef RSTUB_RSP_ESCAPE_H
#define RSTUB_RSP_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RSP_ESCAPE_BYTE '}'

static inline bool rsp_needs_escape(uint8_t b)
{
	return b == '$' || b == '#' || b == RSP_ESCAPE_BYTE || b == '*';
}

size_t rsp_escape(char *out, const void *payload, size_t len, uint8_t *sum);

/* Sixteen bytes at a time with GCC vector extensions: any CPU. */
size_t rsp_escape_portable(char *out, const void *payload, size_t len, uint8_t *sum);
#if defined(__x86_64__)
/* SSSE3: escapes expanded with byte shuffles from a table. Only where
 * rsp_escape_has_ssse3(). */
size_t rsp_escape_ssse3(char *out, const void *payload, size_t len, uint8_t *sum);
bool rsp_escape_has_ssse3(void);
#endif

#endif
