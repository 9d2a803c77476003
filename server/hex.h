/*
 * hex — hex digits and numbers as the remote protocol writes them.
 *
 * Contract: decoders never read past the length they are given and report
 * malformed input by returning -EINVAL (or false), never by aborting. Numbers
 * are parsed without sign and overflow past 64 bits is an error.
 */
#ifndef RSTUB_HEX_H
#define RSTUB_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Value of one hex digit, or -1. */
int hex_digit(char c);
/* Write 2*len lowercase hex digits (no NUL). */
void hex_encode(char *out, const void *data, size_t len);
/* Decode exactly 2*len digits from `in` into `out`; -EINVAL on a bad digit. */
int hex_decode(void *out, const char *in, size_t len);
/*
 * Parse a hex number at *p, stopping at `end` or the first non-hex char;
 * advances *p. Returns 0, or -EINVAL when there is no digit or it overflows.
 */
int hex_parse_u64(const char **p, const char *end, uint64_t *val);

#endif
