/* debug — see debug.h for the contract. */
#include "debug.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

unsigned debug_mask;
static FILE *debug_out;

static const struct {
	const char *name;
	unsigned bit;
} channels[] = {
	{ "remote", DBG_REMOTE }, { "rsp", DBG_RSP },	{ "ptrace", DBG_PTRACE },
	{ "target", DBG_TARGET }, { "arch", DBG_ARCH }, { "event", DBG_EVENT },
	{ "step", DBG_STEP },
	{ "all", DBG_ALL },
};

int debug_parse(const char *spec, unsigned *mask, const char **bad)
{
	unsigned m = 0;
	const char *p = spec;

	if (!*spec) {
		*mask = DBG_ALL & ~DBG_REMOTE;
		return 0;
	}
	while (*p) {
		size_t n = strcspn(p, ",");
		size_t i;

		for (i = 0; i < sizeof(channels) / sizeof(channels[0]); i++)
			if (strlen(channels[i].name) == n && !strncmp(p, channels[i].name, n))
				break;
		if (i == sizeof(channels) / sizeof(channels[0])) {
			*bad = p;
			return -EINVAL;
		}
		m |= channels[i].bit;
		p += n;
		if (*p == ',')
			p++;
	}
	*mask = m;
	return 0;
}

int debug_open_file(const char *path)
{
	FILE *f = fopen(path, "a");

	if (!f)
		return -errno;
	setvbuf(f, NULL, _IOLBF, 0);
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

void debug_printf(enum debug_channel ch, const char *fmt, ...)
{
	FILE *f = out();
	va_list ap;

	fprintf(f, "[%s] ", channel_name(ch));
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

void debug_packet_open(const char *dir)
{
	if (debug_mask & DBG_REMOTE)
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
