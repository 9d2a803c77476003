/*
 * tdesc — see tdesc.h for the contract.
 *
 * One expat parser per file. An <xi:include> is expanded in place: its start
 * handler reads the named file and parses it to the end with a fresh parser
 * before the including parser goes on, so registers arrive in document order
 * and numbering is a single running counter. The first error wins: it is
 * written to `err`, every parser on the include stack is stopped, and the
 * partly built description is released.
 */
#include "tdesc.h"

#include <errno.h>
#include <expat.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TDESC_MAX_DEPTH 8           /* xi:include nesting below the main file */
#define TDESC_MAX_REGNUM 65535      /* keeps regnum + 1 and offsets small */
#define TDESC_MAX_BITSIZE (1 << 20) /* larger than any real register */
#define TDESC_MAX_FILE (4 << 20)    /* bytes read from a description file */

/* State shared by every file of one load. */
struct loader {
	struct tdesc *td;
	tdesc_reader read;
	void *ctx;
	struct strbuf *err;
	size_t regs_alloc;
	size_t files_alloc;
	int next_regnum;
	bool failed;
};

/* State of one file's parse. */
struct parse {
	struct loader *ld;
	XML_Parser xp;
	const char *file;    /* name used in messages */
	int depth;           /* 0 for the main file */
	bool seen_root;      /* the root element has been checked */
	const char *feature; /* enclosing feature: own or the includer's */
	char *own_feature;   /* the <feature> opened in this file, if any */
	struct strbuf *text; /* where character data goes, or NULL */
	struct strbuf chars;
};

static int parse_file(struct loader *ld, const char *file, const char *text, size_t len,
                      int depth, const char *feature);

static void *xreallocarray(void *p, size_t n, size_t size)
{
	void *q = NULL;

	if (n && size <= SIZE_MAX / n)
		q = realloc(p, n * size);
	if (!q) {
		fputs("rstub: out of memory\n", stderr);
		abort();
	}
	return q;
}

static char *xstrdup(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, s);
	return strbuf_detach(&sb, NULL);
}

/* Record the first error as "file:line: reason" and stop this parser. */
static void fail(struct parse *ps, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void fail(struct parse *ps, const char *fmt, ...)
{
	va_list ap;

	if (!ps->ld->failed) {
		ps->ld->failed = true;
		strbuf_reset(ps->ld->err);
		strbuf_addf(ps->ld->err, "%s:%lu: ", ps->file,
		            (unsigned long)XML_GetCurrentLineNumber(ps->xp));
		va_start(ap, fmt);
		strbuf_vaddf(ps->ld->err, fmt, ap);
		va_end(ap);
	}
	XML_StopParser(ps->xp, XML_FALSE);
}

static const char *attr(const XML_Char **atts, const char *name)
{
	for (; atts[0]; atts += 2)
		if (!strcmp(atts[0], name))
			return atts[1];
	return NULL;
}

/* A decimal number in [lo, hi], with nothing after it. */
static bool parse_int(const char *s, long lo, long hi, int *out)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

static const struct tdesc_file *find_file(const struct tdesc *td, const char *name)
{
	size_t i;

	for (i = 0; i < td->nfiles; i++)
		if (!strcmp(td->files[i].name, name))
			return &td->files[i];
	return NULL;
}

/* Take `text` into td->files under `name`. */
static const struct tdesc_file *add_file(struct loader *ld, const char *name,
                                         struct strbuf *text)
{
	struct tdesc *td = ld->td;
	struct tdesc_file *f;

	if (td->nfiles == ld->files_alloc) {
		ld->files_alloc = ld->files_alloc ? 2 * ld->files_alloc : 8;
		td->files = xreallocarray(td->files, ld->files_alloc, sizeof(*td->files));
	}
	f = &td->files[td->nfiles++];
	f->name = xstrdup(name);
	f->text = strbuf_detach(text, &f->len);
	return f;
}

static bool regnum_taken(const struct tdesc *td, int regnum)
{
	size_t i;

	for (i = 0; i < td->nregs; i++)
		if (td->regs[i].regnum == regnum)
			return true;
	return false;
}

/* The numbers of a <reg>: bitsize, and regnum given or next in line. */
static int reg_numbers(struct parse *ps, const char *name, const XML_Char **atts,
                       int *bitsize, int *regnum)
{
	const char *bits = attr(atts, "bitsize");
	const char *num = attr(atts, "regnum");

	if (!bits) {
		fail(ps, "<reg name=\"%s\"> has no bitsize", name);
		return -EINVAL;
	}
	if (!parse_int(bits, 1, TDESC_MAX_BITSIZE, bitsize) || *bitsize % 8) {
		fail(ps,
		     "<reg name=\"%s\">: bitsize \"%s\" is not a positive multiple of 8",
		     name, bits);
		return -EINVAL;
	}
	*regnum = ps->ld->next_regnum;
	if (num && !parse_int(num, 0, TDESC_MAX_REGNUM, regnum)) {
		fail(ps, "<reg name=\"%s\">: bad regnum \"%s\"", name, num);
		return -EINVAL;
	}
	if (*regnum > TDESC_MAX_REGNUM) {
		fail(ps, "<reg name=\"%s\">: regnum %d is above %d", name, *regnum,
		     TDESC_MAX_REGNUM);
		return -EINVAL;
	}
	if (regnum_taken(ps->ld->td, *regnum)) {
		fail(ps, "<reg name=\"%s\">: regnum %d is already taken", name, *regnum);
		return -EINVAL;
	}
	return 0;
}

static void start_reg(struct parse *ps, const XML_Char **atts)
{
	struct loader *ld = ps->ld;
	const char *name = attr(atts, "name");
	const char *type = attr(atts, "type");
	const char *group = attr(atts, "group");
	struct tdesc_reg *r;
	int bitsize, regnum;

	if (!name || !*name) {
		fail(ps, "<reg> has no name");
		return;
	}
	if (!ps->feature) {
		fail(ps, "<reg name=\"%s\"> is outside any <feature>", name);
		return;
	}
	if (reg_numbers(ps, name, atts, &bitsize, &regnum))
		return;
	if (ld->td->nregs == ld->regs_alloc) {
		ld->regs_alloc = ld->regs_alloc ? 2 * ld->regs_alloc : 64;
		ld->td->regs = xreallocarray(ld->td->regs, ld->regs_alloc, sizeof(*r));
	}
	r = &ld->td->regs[ld->td->nregs++];
	r->name = xstrdup(name);
	r->type = xstrdup(type ? type : "int");
	r->group = group ? xstrdup(group) : NULL;
	r->feature = xstrdup(ps->feature);
	r->regnum = regnum;
	r->bitsize = bitsize;
	r->offset = 0;
	ld->next_regnum = regnum + 1;
}

static void start_feature(struct parse *ps, const XML_Char **atts)
{
	const char *name = attr(atts, "name");

	if (ps->feature) {
		fail(ps, "<feature> inside <feature name=\"%s\">", ps->feature);
		return;
	}
	if (!name || !*name) {
		fail(ps, "<feature> has no name");
		return;
	}
	ps->own_feature = xstrdup(name);
	ps->feature = ps->own_feature;
}

/* Included names are plain relative paths: no "/..." and no ".." part. */
static bool safe_name(const char *name)
{
	const char *p = name;
	size_t n;

	if (!*name || *name == '/')
		return false;
	while (*p) {
		n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return false;
		p += n;
		p += *p == '/';
	}
	return true;
}

/* Fetch `href` (once per load) and parse it in place. */
static void start_include(struct parse *ps, const XML_Char **atts)
{
	struct loader *ld = ps->ld;
	const char *href = attr(atts, "href");
	struct strbuf text = STRBUF_INIT;
	const struct tdesc_file *f;
	int rc;

	if (!href || !safe_name(href)) {
		fail(ps, "<xi:include href=\"%s\">: need a relative name without \"..\"",
		     href ? href : "");
		return;
	}
	if (ps->depth >= TDESC_MAX_DEPTH) {
		fail(ps, "<xi:include href=\"%s\">: includes nested deeper than %d", href,
		     TDESC_MAX_DEPTH);
		return;
	}
	f = find_file(ld->td, href);
	if (!f) {
		rc = ld->read(ld->ctx, href, &text);
		if (rc < 0) {
			strbuf_release(&text);
			fail(ps, "<xi:include href=\"%s\">: cannot read it: %s", href,
			     strerror(-rc));
			return;
		}
		f = add_file(ld, href, &text);
	}
	if (parse_file(ld, f->name, f->text, f->len, ps->depth + 1, ps->feature))
		XML_StopParser(ps->xp, XML_FALSE);
}

static bool check_root(struct parse *ps, const char *el)
{
	ps->seen_root = true;
	if (ps->depth == 0 && strcmp(el, "target")) {
		fail(ps, "root element is <%s>, not <target>", el);
		return false;
	}
	return true;
}

static void XMLCALL on_start(void *data, const XML_Char *el, const XML_Char **atts)
{
	struct parse *ps = data;

	if (ps->ld->failed || (!ps->seen_root && !check_root(ps, el)))
		return;
	if (!strcmp(el, "reg"))
		start_reg(ps, atts);
	else if (!strcmp(el, "feature"))
		start_feature(ps, atts);
	else if (!strcmp(el, "xi:include"))
		start_include(ps, atts);
	else if (!strcmp(el, "architecture") || !strcmp(el, "osabi"))
		ps->text = &ps->chars;
	strbuf_reset(&ps->chars);
}

/* <architecture> and <osabi> text, without surrounding blanks. */
static void set_text(char **field, const struct strbuf *sb)
{
	size_t b = 0, e = sb->len;

	while (b < e && strchr(" \t\r\n", sb->buf[b]))
		b++;
	while (e > b && strchr(" \t\r\n", sb->buf[e - 1]))
		e--;
	free(*field);
	*field = strndup(sb->buf + b, e - b);
	if (!*field) {
		fputs("rstub: out of memory\n", stderr);
		abort();
	}
}

static void XMLCALL on_end(void *data, const XML_Char *el)
{
	struct parse *ps = data;

	if (ps->ld->failed)
		return;
	if (!strcmp(el, "architecture"))
		set_text(&ps->ld->td->architecture, &ps->chars);
	else if (!strcmp(el, "osabi"))
		set_text(&ps->ld->td->osabi, &ps->chars);
	else if (!strcmp(el, "feature") && ps->own_feature) {
		free(ps->own_feature);
		ps->own_feature = NULL;
		ps->feature = NULL;
	}
	ps->text = NULL;
}

static void XMLCALL on_chars(void *data, const XML_Char *s, int len)
{
	struct parse *ps = data;

	if (ps->text && len > 0)
		strbuf_add(ps->text, s, (size_t)len);
}

/* Parse one file to its end; 0, or -EINVAL with ld->err set. */
static int parse_file(struct loader *ld, const char *file, const char *text, size_t len,
                      int depth, const char *feature)
{
	struct parse ps = {.ld = ld, .file = file, .depth = depth, .feature = feature};
	enum XML_Status st;

	if (len > INT_MAX) {
		strbuf_addf(ld->err, "%s: too large", file);
		ld->failed = true;
		return -EINVAL;
	}
	ps.xp = XML_ParserCreate(NULL);
	if (!ps.xp) {
		fputs("rstub: out of memory\n", stderr);
		abort();
	}
	strbuf_init(&ps.chars, 0);
	XML_SetUserData(ps.xp, &ps);
	XML_SetElementHandler(ps.xp, on_start, on_end);
	XML_SetCharacterDataHandler(ps.xp, on_chars);
	st = XML_Parse(ps.xp, text, (int)len, XML_TRUE);
	if (st != XML_STATUS_OK && !ld->failed)
		fail(&ps, "%s", XML_ErrorString(XML_GetErrorCode(ps.xp)));
	free(ps.own_feature);
	strbuf_release(&ps.chars);
	XML_ParserFree(ps.xp);
	return ld->failed ? -EINVAL : 0;
}

static int cmp_regnum(const void *a, const void *b)
{
	const struct tdesc_reg *x = a, *y = b;

	return (x->regnum > y->regnum) - (x->regnum < y->regnum);
}

/* Sort by regnum and lay the `g` packet out in that order. */
static void layout(struct tdesc *td)
{
	size_t i;

	if (td->nregs)
		qsort(td->regs, td->nregs, sizeof(*td->regs), cmp_regnum);
	td->g_size = 0;
	for (i = 0; i < td->nregs; i++) {
		td->regs[i].offset = td->g_size;
		td->g_size += (size_t)td->regs[i].bitsize / 8;
	}
}

int tdesc_load_with(struct tdesc *td, const char *main_file, tdesc_reader read, void *ctx,
                    struct strbuf *err)
{
	struct loader ld = {.td = td, .read = read, .ctx = ctx, .err = err};
	struct strbuf text = STRBUF_INIT;
	const struct tdesc_file *f;
	int rc;

	memset(td, 0, sizeof(*td));
	strbuf_reset(err);
	rc = read(ctx, main_file, &text);
	if (rc < 0) {
		strbuf_release(&text);
		strbuf_addf(err, "%s: cannot read it: %s", main_file, strerror(-rc));
		return rc;
	}
	f = add_file(&ld, "target.xml", &text);
	rc = parse_file(&ld, main_file, f->text, f->len, 0, NULL);
	if (rc) {
		tdesc_release(td);
		return rc;
	}
	layout(td);
	return 0;
}

/* Reader for tdesc_load: `ctx` is the directory. */
static int read_from_dir(void *ctx, const char *name, struct strbuf *out)
{
	struct strbuf path = STRBUF_INIT;
	char buf[4096];
	ssize_t n;
	int fd, rc = 0;

	strbuf_addf(&path, "%s/%s", (const char *)ctx, name);
	fd = open(path.buf, O_RDONLY | O_CLOEXEC);
	strbuf_release(&path);
	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || out->len + (size_t)n > TDESC_MAX_FILE) {
			rc = n < 0 ? -errno : -EFBIG;
			break;
		}
		strbuf_add(out, buf, (size_t)n);
	}
	close(fd);
	return rc;
}

int tdesc_load(struct tdesc *td, const char *dir, const char *main_file,
               struct strbuf *err)
{
	return tdesc_load_with(td, main_file, read_from_dir, (void *)dir, err);
}

void tdesc_release(struct tdesc *td)
{
	size_t i;

	for (i = 0; i < td->nregs; i++) {
		free(td->regs[i].name);
		free(td->regs[i].type);
		free(td->regs[i].group);
		free(td->regs[i].feature);
	}
	for (i = 0; i < td->nfiles; i++) {
		free(td->files[i].name);
		free(td->files[i].text);
	}
	free(td->regs);
	free(td->files);
	free(td->architecture);
	free(td->osabi);
	memset(td, 0, sizeof(*td));
}

const struct tdesc_file *tdesc_find_file(const struct tdesc *td, const char *annex)
{
	return find_file(td, annex);
}

const struct tdesc_reg *tdesc_find_reg(const struct tdesc *td, const char *name)
{
	size_t i;

	for (i = 0; i < td->nregs; i++)
		if (!strcmp(td->regs[i].name, name))
			return &td->regs[i];
	return NULL;
}

const struct tdesc_reg *tdesc_reg(const struct tdesc *td, int regnum)
{
	struct tdesc_reg key = {.regnum = regnum};

	if (!td->nregs)
		return NULL;
	return bsearch(&key, td->regs, td->nregs, sizeof(*td->regs), cmp_regnum);
}
