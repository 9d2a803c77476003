/*
 * debug — run-time tracing per subsystem (`--debug=rsp,ptrace`,
 * `--remote-debug`, `--debug-file=F`).
 *
 * Contract: tracing costs one branch when its channel is off; lines go to the
 * debug file (stderr by default), each prefixed with the channel name and
 * ended with a newline. Packet traces look like `<- $m1000,4` / `-> $0102`.
 */
#ifndef RSTUB_DEBUG_H
#define RSTUB_DEBUG_H

#include <stdbool.h>
#include <stdio.h>

enum debug_channel {
	DBG_REMOTE = 1u << 0, /* every packet in and out (--remote-debug) */
	DBG_RSP = 1u << 1,    /* command layer decisions */
	DBG_PTRACE = 1u << 2, /* every ptrace request and wait status */
	DBG_TARGET = 1u << 3, /* thread states, stop/resume policy */
	DBG_ARCH = 1u << 4,   /* arch detection, register maps, decoders */
	DBG_EVENT = 1u << 5,  /* event loop wake-ups */
	DBG_STEP = 1u << 6,   /* stepping: step breakpoints planted and removed */
	DBG_ALL = (1u << 7) - 1,
};

extern unsigned debug_mask;

/*
 * Apply "rsp,ptrace" to *mask (or "all", or "" meaning all but the packet
 * trace): each name adds its channels, "-name" takes them off. gdbserver's
 * component names mean rstub's channels: threads (target, ptrace),
 * event-loop (event), remote, all. Returns 0, or -EINVAL naming nothing
 * valid (*bad points at it; *mask is then unchanged).
 */
int debug_parse(const char *spec, unsigned *mask, const char **bad);
/* gdbserver's --debug-format: "timestamp", "all", "none" (comma list);
 * timestamp starts each trace line with the time as SECONDS.MICROSECONDS.
 * Returns 0 or -EINVAL (*bad points at the unknown word). */
int debug_parse_format(const char *spec, const char **bad);
/* Send traces to `path` (append); returns 0 or -errno. */
int debug_open_file(const char *path);
/* Do traces go to stderr (some are on and there is no debug file)? */
bool debug_to_stderr(void);
void debug_printf(enum debug_channel ch, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Trace a packet as `dir $payload` with non-printable bytes shown as \xNN. */
void debug_packet(const char *dir, const char *data, size_t len);
/* The same line in pieces, for a packet sent as it is produced. */
void debug_packet_open(const char *dir);
void debug_packet_bytes(const char *data, size_t len);
void debug_packet_close(void);

#define debug(ch, ...)                                                                   \
	do {                                                                             \
		if (debug_mask & (ch))                                                   \
			debug_printf((ch), __VA_ARGS__);                                 \
	} while (0)

#endif
