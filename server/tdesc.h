/*
 * tdesc — target descriptions: gdb's feature XML files under xml/, parsed
 * with libexpat into a register table, and kept verbatim to be served by
 * qXfer:features:read.
 *
 * Contract: the XML files are the single source of truth for register
 * numbering, sizes and the `g` packet layout. Registers are numbered as gdb
 * numbers them: in document order (xi:include expanded in place, features
 * in order), each <reg> taking `regnum` if given, else previous + 1. The `g`
 * packet holds every register in regnum order, each at `offset` bytes
 * (sum of the sizes before it). Loading never aborts on bad input: it
 * returns -EINVAL and writes a one-line reason (file:line: what) to `err`.
 */
#ifndef RSTUB_TDESC_H
#define RSTUB_TDESC_H

#include <stddef.h>

#include "strbuf.h"

struct tdesc_reg {
	char *name;	/* "rip" */
	char *type;	/* "code_ptr", "int64", "i387_ext", "vec128", ... */
	char *group;	/* "general", "float", "vector", ... or NULL */
	char *feature;	/* name of the enclosing feature, "org.gnu.gdb.i386.core" */
	int regnum;	/* gdb's number, also the index of `p`/`P` */
	int bitsize;
	size_t offset;	/* byte offset within the `g` packet */
};

struct tdesc_file {
	char *name; /* annex as gdb asks for it: "target.xml", "64bit-core.xml" */
	char *text; /* the bytes served for it */
	size_t len;
};

struct tdesc {
	char *architecture; /* <architecture> text, e.g. "i386:x86-64" */
	char *osabi;	    /* <osabi> text or NULL */
	struct tdesc_reg *regs; /* sorted by regnum */
	size_t nregs;
	size_t g_size;	    /* bytes in a `g` packet */
	struct tdesc_file *files; /* files[0] is served as "target.xml" */
	size_t nfiles;
};

/*
 * Load `main_file` from directory `dir` and every file it includes (relative
 * names, same directory; no ".." and no absolute paths). On success the main
 * file is served as "target.xml", the others under their own names.
 */
int tdesc_load(struct tdesc *td, const char *dir, const char *main_file, struct strbuf *err);
/* The same from memory: `read` fetches an included file by name (tests). */
typedef int (*tdesc_reader)(void *ctx, const char *name, struct strbuf *out);
int tdesc_load_with(struct tdesc *td, const char *main_file, tdesc_reader read, void *ctx,
		    struct strbuf *err);
void tdesc_release(struct tdesc *td);

const struct tdesc_file *tdesc_find_file(const struct tdesc *td, const char *annex);
const struct tdesc_reg *tdesc_find_reg(const struct tdesc *td, const char *name);
/* The register numbered `regnum`, or NULL. */
const struct tdesc_reg *tdesc_reg(const struct tdesc *td, int regnum);

#endif
