/* agent_printf — printf bytecode formatting; see agent_printf.h for the contract. */
#include "agent_printf.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* A directive's spec: '%', flags, width, '.', precision, then the
 * conversion written for libc ("lld") and its NUL. */
enum {
	FLAGS_MAX = 5, /* as many as there are flags (repeats end the flags) */
	DIGITS_MAX = 3,
	TAIL_MAX = 3,
	SPEC_MAX = 1 + FLAGS_MAX + DIGITS_MAX + 1 + DIGITS_MAX + TAIL_MAX + 1,
};

struct out {
	char buf[AX_PRINTF_MAX];
	size_t len;
};

static void out_add(struct out *o, const char *s, size_t n)
{
	if (n > sizeof(o->buf) - o->len)
		n = sizeof(o->buf) - o->len;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

/* One C escape after a backslash at *p (advanced); -EINVAL when unknown. */
static int escape(const char **p, char *c)
{
	static const char from[] = "ntrabfve\\\"'?";
	static const char to[] = "\n\t\r\a\b\f\v\033\\\"'?";
	const char *hit;
	int v = 0, i;

	if (**p >= '0' && **p <= '7') {
		for (i = 0; i < 3 && **p >= '0' && **p <= '7'; i++)
			v = v * 8 + (*(*p)++ - '0');
		*c = (char)v;
		return 0;
	}
	hit = **p ? strchr(from, **p) : NULL;
	if (!hit)
		return -EINVAL;
	*c = to[hit - from];
	(*p)++;
	return 0;
}

/* A conversion: flags, width, precision and length parsed from the format. */
struct directive {
	char spec[SPEC_MAX]; /* "%" flags width .precision, no length */
	size_t speclen;
	int bits;       /* integer width from the length modifier; 64 for l ll z j t */
	long precision; /* -1 when not given */
	char conv;
};

static int digits(const char **p, struct directive *d, long *value)
{
	int n = 0;

	*value = 0;
	while (**p >= '0' && **p <= '9') {
		if (++n > DIGITS_MAX)
			return -EINVAL;
		*value = *value * 10 + (**p - '0');
		d->spec[d->speclen++] = *(*p)++;
	}
	return 0;
}

static int length_modifier(const char **p, struct directive *d)
{
	d->bits = 32;
	if (**p == 'h') {
		(*p)++;
		d->bits = 16;
		if (**p == 'h') {
			(*p)++;
			d->bits = 8;
		}
	} else if (**p == 'l') {
		(*p)++;
		d->bits = 64;
		if (**p == 'l')
			(*p)++;
	} else if (**p == 'z' || **p == 'j' || **p == 't') {
		(*p)++;
		d->bits = 64;
	} else if (**p == 'L') {
		return -ENOTSUP; /* long double */
	}
	return 0;
}

/* Parse after '%' at *p (advanced past the conversion character). */
static int parse_directive(const char **p, struct directive *d)
{
	long width;
	int err;

	d->speclen = 0;
	d->spec[d->speclen++] = '%';
	while (**p && strchr("-+ #0", **p) && d->speclen < 1 + FLAGS_MAX)
		d->spec[d->speclen++] = *(*p)++;
	if ((err = digits(p, d, &width)))
		return err;
	d->precision = -1;
	if (**p == '.') {
		d->spec[d->speclen++] = *(*p)++;
		if ((err = digits(p, d, &d->precision)))
			return err;
	}
	if (**p == '*')
		return -ENOTSUP;
	if ((err = length_modifier(p, d)))
		return err;
	d->conv = **p;
	if (!d->conv)
		return -EINVAL;
	(*p)++;
	return 0;
}

/* v cut to d->bits, sign-extended when `sign`. */
static uint64_t narrow(uint64_t v, int bits, bool sign)
{
	uint64_t mask, top;

	if (bits >= 64)
		return v;
	mask = ((uint64_t)1 << bits) - 1;
	top = (uint64_t)1 << (bits - 1);
	v &= mask;
	return sign ? (v ^ top) - top : v;
}

static int read_string(const struct ax_env *env, uint64_t addr, long precision, char *s)
{
	size_t max = AX_STRING_MAX - 1, n;
	int err;

	if (precision >= 0 && (size_t)precision < max)
		max = (size_t)precision;
	for (n = 0; n < max; n++) {
		err = env->mem_read(env->ctx, addr + n, &s[n], 1);
		if (err)
			return err < 0 ? err : -EFAULT;
		if (!s[n])
			break;
	}
	s[n] = '\0';
	return 0;
}

/* Format one directive with argument v into o. */
static int convert(const struct ax_env *env, struct directive *d, uint64_t v,
                   struct out *o)
{
	char text[AX_STRING_MAX + 1024], str[AX_STRING_MAX];
	const char *tail;
	int n, err;

	switch (d->conv) {
	case 'd':
	case 'i':
		tail = "lld";
		break;
	case 'u':
		tail = "llu";
		break;
	case 'o':
		tail = "llo";
		break;
	case 'x':
		tail = "llx";
		break;
	case 'X':
		tail = "llX";
		break;
	case 'c':
		tail = "c";
		break;
	case 's':
		tail = "s";
		break;
	case 'p':
		n = snprintf(text, sizeof(text), "0x%llx", (unsigned long long)v);
		out_add(o, text, (size_t)n);
		return 0;
	case 'e':
	case 'E':
	case 'f':
	case 'F':
	case 'g':
	case 'G':
	case 'a':
	case 'A':
	case 'n':
		return -ENOTSUP;
	default:
		return -EINVAL;
	}
	memcpy(d->spec + d->speclen, tail, strlen(tail) + 1);
	if (d->conv == 's') {
		if ((err = read_string(env, v, d->precision, str)))
			return err;
		n = snprintf(text, sizeof(text), d->spec, str);
	} else if (d->conv == 'c') {
		n = snprintf(text, sizeof(text), d->spec, (int)(unsigned char)v);
	} else if (d->conv == 'd' || d->conv == 'i') {
		n = snprintf(text, sizeof(text), d->spec,
		             (long long)narrow(v, d->bits, true));
	} else {
		n = snprintf(text, sizeof(text), d->spec,
		             (unsigned long long)narrow(v, d->bits, false));
	}
	if (n < 0)
		return -EINVAL;
	out_add(o, text, (size_t)n < sizeof(text) ? (size_t)n : sizeof(text) - 1);
	return 0;
}

int ax_printf(const struct ax_env *env, const char *format, const uint64_t *args,
              size_t nargs)
{
	static struct out o; /* the stub is single-threaded; too big for the stack */
	const char *p = format;
	struct directive d;
	size_t used = 0;
	char c;
	int err;

	o.len = 0;
	while (*p) {
		c = *p++;
		if (c == '\\') {
			if ((err = escape(&p, &c)))
				return err;
		} else if (c == '%' && *p == '%') {
			p++;
		} else if (c == '%') {
			if ((err = parse_directive(&p, &d)))
				return err;
			if (used == nargs)
				return -EINVAL;
			if ((err = convert(env, &d, args[used++], &o)))
				return err;
			continue;
		}
		out_add(&o, &c, 1);
	}
	env->print(env->ctx, o.buf, o.len);
	return 0;
}
