/* tdesc_builtin — see tdesc_builtin.h for the contract. */
#include "tdesc_builtin.h"
#include "xml_files.h"

#include <errno.h>
#include <string.h>

/* A tdesc_reader over xml_files[]; `ctx` is unused. */
static int read_builtin(void *ctx, const char *name, struct strbuf *out)
{
	const struct xml_file *f;

	(void)ctx;
	for (f = xml_files; f->name; f++) {
		if (!strcmp(f->name, name)) {
			strbuf_add(out, f->text, f->len);
			return 0;
		}
	}
	return -ENOENT;
}

int tdesc_load_builtin(struct tdesc *td, const char *main_file, struct strbuf *err)
{
	return tdesc_load_with(td, main_file, read_builtin, NULL, err);
}
