/* fuzz_tdesc — a target description, any bytes, parsed (libexpat) as the
 * main file; an include of any name gets the same bytes once, then
 * nothing: it loads or fails with an error, never crashes or leaks. */
#include "fuzz.h"
#include "tdesc.h"

struct input {
	const uint8_t *data;
	size_t size;
	int includes;
};

static int read_file(void *ctx, const char *name, struct strbuf *out)
{
	struct input *in = ctx;

	(void)name;
	if (in->includes++ > 1)
		return -ENOENT;
	strbuf_add(out, in->data, in->size);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size, 0};
	struct strbuf err = STRBUF_INIT;
	struct tdesc td;

	if (tdesc_load_with(&td, "target.xml", read_file, &in, &err) == 0)
		tdesc_release(&td);
	strbuf_release(&err);
	return 0;
}
