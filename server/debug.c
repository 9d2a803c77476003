/* debug — see debug.h for the contract. */
#include "debug.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <sys/time.h>

unsigned debug_mask;
static FILE *debug_out;
static bool debug_timestamps;

static const struct {
	const char *name;
	unsigned bit;
} channels[] = {
	{ "remote", DBG_REMOTE }, { "rsp", DBG_RSP },	{ "ptrace", DBG_PTRACE },
	{ "target", DBG_TARGET }, { "arch", DBG_ARCH }, { "event", DBG_EVENT },
	{ "step", DBG_STEP },
	{ "all", DBG_ALL },
	/* gdbserver 14's components */
	{ "threads", DBG_TARGET | DBG_PTRACE }, { "event-loop", DBG_EVENT },
};

/* The channels named by the n bytes at p, or 0. */
static unsigned channel_bits(const char *p, size_t n)
{
	for (size_t i = 0; i < sizeof(channels) / sizeof(channels[0]); i++)
		if (strlen(channels[i].name) == n && !strncmp(p, channels[i].name, n))
			return channels[i].bit;
	return 0;
}

int debug_parse(const char *spec, unsigned *mask, const char **bad)
{
	unsigned m = *mask;
	const char *p = spec;

	if (!*spec) {
		*mask |= DBG_ALL & ~DBG_REMOTE;
		return 0;
	}
	while (*p) {
		bool off = *p == '-';
		size_t n = strcspn(p + off, ",");
		unsigned bits = channel_bits(p + off, n);

		if (!bits) {
			*bad = p;
			return -EINVAL;
		}
		m = off ? m & ~bits : m | bits;
		p += off + n;
		if (*p == ',')
			p++;
	}
	*mask = m;
	return 0;
}

int debug_parse_format(const char *spec, const char **bad)
{
	bool stamps = debug_timestamps;

	for (const char *p = spec; *p;) {
		size_t n = strcspn(p, ",");

		if (n == 9 && !strncmp(p, "timestamp", n))
			stamps = true;
		else if (n == 3 && !strncmp(p, "all", n))
			stamps = true;
		else if (n == 4 && !strncmp(p, "none", n))
			stamps = false;
		else {
			*bad = p;
			return -EINVAL;
		}
		p += n + (p[n] == ',');
	}
	debug_timestamps = stamps;
	return 0;
}

int debug_open_file(const char *path)
{
	FILE *f = fopen(path, "a");

	if (!f)
		return -errno;
	setvbuf(f, NULL, _IOLBF, 0);
	if (debug_out) /* `monitor set debug-file' again: the old one is done */
		fclose(debug_out);
	debug_out = f;
	return 0;
}

static const char *channel_name(enum debug_channel ch)
{
	for (size_t i = 0; i < sizeof(channels) / sizeof(channels[0]); i++)
		if (channels[i].bit == (unsigned)ch)
			return channels[i].name;
	return "?";
}

/* Where traces go: the --debug-file, else stderr. */
static FILE *out(void)
{
	return debug_out ? debug_out : stderr;
}

bool debug_to_stderr(void)
{
	return debug_mask && !debug_out;
}

/* SECONDS.MICROSECONDS before a line, with --debug-format=timestamp. */
static void timestamp(FILE *f)
{
	struct timeval tv;

	if (!debug_timestamps)
		return;
	gettimeofday(&tv, NULL);
	fprintf(f, "%lld.%06ld ", (long long)tv.tv_sec, (long)tv.tv_usec);
}

void debug_printf(enum debug_channel ch, const char *fmt, ...)
{
	FILE *f = out();
	va_list ap;

	timestamp(f);
	fprintf(f, "[%s] ", channel_name(ch));
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

void debug_packet_open(const char *dir)
{
	if (!(debug_mask & DBG_REMOTE))
		return;
	timestamp(out());
	fprintf(out(), "[remote] %s $", dir);
}

void debug_packet_bytes(const char *data, size_t len)
{
	FILE *f = out();

	if (!(debug_mask & DBG_REMOTE))
		return;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			fputc(c, f);
		else
			fprintf(f, "\\x%02x", c);
	}
}

void debug_packet_close(void)
{
	if (debug_mask & DBG_REMOTE)
		fputc('\n', out());
}

void debug_packet(const char *dir, const char *data, size_t len)
{
	debug_packet_open(dir);
	debug_packet_bytes(data, len);
	debug_packet_close();
}
