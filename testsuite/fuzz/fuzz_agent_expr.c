/* fuzz_agent_expr — gdb's agent bytecode, any bytes, run against a fake
 * target (registers and memory from the input's first 256 bytes, printf to
 * a sink): it ends, with a result or an error, within its step budget. */
#include "agent_expr.h"
#include "fuzz.h"

struct fake {
	const uint8_t *data;
	size_t len;
	size_t printed;
};

static int reg_read(void *ctx, int regno, uint8_t *buf, size_t bufsize)
{
	const struct fake *f = ctx;
	size_t n = bufsize < 8 ? bufsize : 8, i;

	if (regno < 0 || regno > 80)
		return -ENOENT;
	for (i = 0; i < n; i++)
		buf[i] = f->len ? f->data[((size_t)regno * 8 + i) % f->len] : 0;
	return (int)n;
}

static int mem_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	const struct fake *f = ctx;
	uint8_t *out = buf;
	size_t i;

	if (addr >= 0x100000 || !f->len)
		return -EFAULT;
	for (i = 0; i < len; i++)
		out[i] = f->data[(addr + i) % f->len];
	return 0;
}

static void print(void *ctx, const char *text, size_t len)
{
	struct fake *f = ctx;

	(void)text;
	f->printed += len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fake f = {data, size < 256 ? size : 256, 0};
	struct ax_env env = {reg_read, mem_read, print, &f, size && (data[0] & 1)};
	uint64_t result;

	ax_eval(data, size, &env, &result);
	env.big_endian = !env.big_endian;
	ax_eval(data, size, &env, NULL);
	return 0;
}
