/*
 * unescape — the bench client's fast path for `}`-escaped payload: whole
 * 16-byte blocks of wire bytes whose only special bytes are `}` escapes
 * (not two in a row, not in a block's last byte), unescaped with byte
 * shuffles (SSSE3, on x86-64 CPUs that have it: the inverse of rstub's
 * server/rsp_escape.c). Anything else is left to rsp_wire's byte loop.
 *
 * Contract: unescape_blocks() reads at most len bytes of p, writes the
 * unescaped bytes at out (room for its return value plus 16) and returns the
 * wire bytes it consumed, a multiple of 16 that stops at the first block it
 * does not take (0 on CPUs without SSSE3); *made is the bytes written.
 */
#ifndef RSTUB_BENCH_UNESCAPE_H
#define RSTUB_BENCH_UNESCAPE_H

#include <stddef.h>

size_t unescape_blocks(char *out, const char *p, size_t len, size_t *made);

#endif
