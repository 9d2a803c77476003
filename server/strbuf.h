/*
 * strbuf — a growable byte buffer (after git's strbuf).
 *
 * Contract: `buf` is never NULL and is always NUL-terminated at buf[len], so
 * a strbuf can be handed to any C string function; it may also hold binary
 * data with embedded NULs (len is the truth). Allocation failure aborts the
 * process (there is no sensible recovery for a debug stub out of memory).
 * Initialise with STRBUF_INIT or strbuf_init(); release with strbuf_release().
 */
#ifndef RSTUB_STRBUF_H
#define RSTUB_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct strbuf {
	size_t len;
	size_t alloc;
	char *buf;
};

extern char strbuf_empty[];
#define STRBUF_INIT { 0, 0, strbuf_empty }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
/* Make room for `extra` more bytes beyond len (plus the NUL). */
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_reset(struct strbuf *sb);
void strbuf_setlen(struct strbuf *sb, size_t len);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addc(struct strbuf *sb, char c);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Append `len` bytes as lowercase hex (two digits a byte). */
void strbuf_addhex(struct strbuf *sb, const void *data, size_t len);
/* Append text with XML's five special characters escaped. */
void strbuf_addxml(struct strbuf *sb, const char *s);
/* Give the buffer away: the caller frees the returned pointer. */
char *strbuf_detach(struct strbuf *sb, size_t *len);

#endif
