/*
 * linux_regs — registers of stopped threads through PTRACE_GETREGSET /
 * PTRACE_SETREGSET.
 *
 * Contract: a register set is fetched on the first access after a stop and
 * cached in the thread (only the part that holds registers when the arch
 * says so, the whole set before a write); writes change the cache and mark
 * the set dirty;
 * lregs_flush() writes dirty sets back before the thread runs again and
 * drops the cache. tdesc registers are matched to the arch's regmap by
 * name once (lregs_init); unmatched ones read as -ENOENT. The caller makes
 * sure the thread is in ptrace-stop.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "debug.h"
#include "linux_target.h"
#include "tdesc.h"


int lregs_init(struct linux_target *lt)
{
	const struct tdesc *td = lt->base.tdesc;
	size_t i, max = 0;

	lt->pc_entry = regmap_find(lt->base.arch->pc_reg);
	if (!td)
		return 0;
	for (i = 0; i < td->nregs; i++) {
		if (td->regs[i].regnum >= 0 && (size_t)td->regs[i].regnum + 1 > max)
			max = td->regs[i].regnum + 1;
	}
	lt->regno_map = calloc(max ? max : 1, sizeof(*lt->regno_map));
	if (!lt->regno_map)
		return -ENOMEM;
	lt->nregno = max;
	for (i = 0; i < td->nregs; i++) {
		const struct tdesc_reg *r = &td->regs[i];
		const struct regmap_entry *e = regmap_find(r->name);

		if (r->regnum < 0)
			continue;
		lt->regno_map[r->regnum].e = e;
		lt->regno_map[r->regnum].len = (size_t)(r->bitsize + 7) / 8;
		if (!e)
			debug(DBG_ARCH, "register %s has no regset slot",
			      td->regs[i].name);
	}
	return 0;
}

void lregs_release(struct linux_target *lt)
{
	free(lt->regno_map);
	lt->regno_map = NULL;
	lt->nregno = 0;
}

/* Fetch `len` bytes of regset rs of th into its buffer. */
static int regset_fetch(struct lthread *th, const struct regset_desc *d, int rs, size_t len)
{
	struct iovec iov = { th->rs_buf[rs], len };
	long ret = lptrace(PTRACE_GETREGSET, th->tid, (void *)(long)d->note, &iov);

	if (ret < 0)
		return (int)ret;
	memset(th->rs_buf[rs] + iov.iov_len, 0, len - iov.iov_len); /* a short answer */
	if (d->after_read)
		d->after_read(th->rs_buf[rs], iov.iov_len);
	th->rs_state[rs] = iov.iov_len < d->size ? RS_PARTIAL : RS_CLEAN;
	return 0;
}

/*
 * The cached buffer of regset `rs` of th, fetched when needed: for reading
 * (whole = false) the read_size bytes that hold registers, for writing the
 * whole structure, which is what PTRACE_SETREGSET sends back.
 */
static int regset_get(struct lthread *th, int rs, bool whole, uint8_t **out)
{
	size_t n, len;
	const struct regset_desc *d = arch_regsets(&n);
	int ret;

	if (rs < 0 || (size_t)rs >= n)
		return -ENOENT;
	d += rs;
	len = whole || !d->read_size ? d->size : d->read_size;
	if (th->rs_state[rs] == RS_INVALID || (whole && th->rs_state[rs] == RS_PARTIAL)) {
		/* a buffer of len bytes; one fetched whole once stays whole */
		if (!th->rs_buf[rs] || len == d->size) {
			uint8_t *buf = realloc(th->rs_buf[rs], len);

			if (!buf)
				return -ENOMEM;
			th->rs_buf[rs] = buf;
		}
		ret = regset_fetch(th, d, rs, len);
		if (ret < 0)
			return ret;
	}
	*out = th->rs_buf[rs];
	return 0;
}

static void plain_get(const struct regmap_entry *e, const uint8_t *set, uint8_t *val,
                      size_t len)
{
	size_t n = e->size < len ? e->size : len;

	memcpy(val, set + e->offset, n);
	memset(val + n, 0, len - n);
}

static void plain_set(const struct regmap_entry *e, uint8_t *set, const uint8_t *val,
                      size_t len)
{
	size_t n = e->size < len ? e->size : len;

	memcpy(set + e->offset, val, n);
	memset(set + e->offset + n, 0, e->size - n);
}

static int entry_read(struct lthread *th, const struct regmap_entry *e, uint8_t *buf,
                      size_t len)
{
	uint8_t *set;
	int ret;

	ret = regset_get(th, e->regset, false, &set);
	if (ret < 0)
		return ret;
	(e->get ? e->get : plain_get)(e, set, buf, len);
	return 0;
}

static int entry_write(struct lthread *th, const struct regmap_entry *e,
                       const uint8_t *buf, size_t len)
{
	uint8_t *set;
	int ret;

	ret = regset_get(th, e->regset, true, &set);
	if (ret < 0)
		return ret;
	(e->set ? e->set : plain_set)(e, set, buf, len);
	th->rs_state[e->regset] = RS_DIRTY;
	return 0;
}

static const struct regmap_entry *regno_entry(struct linux_target *lt, int regno,
                                              size_t *len)
{
	if (regno < 0 || (size_t)regno >= lt->nregno)
		return NULL;
	*len = lt->regno_map[regno].len;
	return lt->regno_map[regno].e;
}

int lregs_read(struct linux_target *lt, struct lthread *th, int regno, uint8_t *buf)
{
	size_t len;
	const struct regmap_entry *e = regno_entry(lt, regno, &len);

	return e ? entry_read(th, e, buf, len) : -ENOENT;
}

int lregs_write(struct linux_target *lt, struct lthread *th, int regno,
                const uint8_t *buf)
{
	size_t len;
	const struct regmap_entry *e = regno_entry(lt, regno, &len);

	return e ? entry_write(th, e, buf, len) : -ENOENT;
}

int lregs_get_u64(struct linux_target *lt, struct lthread *th, int regno, uint64_t *val)
{
	uint8_t buf[REG_MAX_BYTES] = {0};
	size_t len;
	const struct regmap_entry *e = regno_entry(lt, regno, &len);
	int ret;

	if (!e || len > sizeof(buf))
		return -ENOENT;
	ret = entry_read(th, e, buf, len);
	if (ret < 0)
		return ret;
	*val = 0;
	for (size_t i = 0; i < len && i < sizeof(*val); i++) /* target order: little-endian */
		*val |= (uint64_t)buf[i] << (8 * i);
	return 0;
}

int lregs_set_u64(struct linux_target *lt, struct lthread *th, int regno, uint64_t val)
{
	uint8_t buf[REG_MAX_BYTES] = {0};
	size_t len;
	const struct regmap_entry *e = regno_entry(lt, regno, &len);

	if (!e || len > sizeof(buf))
		return -ENOENT;
	for (size_t i = 0; i < len && i < sizeof(val); i++)
		buf[i] = (uint8_t)(val >> (8 * i));
	return entry_write(th, e, buf, len);
}

int lregs_get_pc(struct linux_target *lt, struct lthread *th, uint64_t *pc)
{
	uint8_t buf[8] = {0};
	int ret;

	if (!lt->pc_entry)
		return -ENOENT;
	ret = entry_read(th, lt->pc_entry, buf, lt->base.arch->ptr_size);
	if (ret < 0)
		return ret;
	memcpy(pc, buf, sizeof(*pc)); /* little-endian host == target */
	return 0;
}

int lregs_set_pc(struct linux_target *lt, struct lthread *th, uint64_t pc)
{
	uint8_t buf[8];

	if (!lt->pc_entry)
		return -ENOENT;
	memcpy(buf, &pc, sizeof(buf));
	return entry_write(th, lt->pc_entry, buf, lt->base.arch->ptr_size);
}

int lregs_flush(struct linux_target *lt, struct lthread *th)
{
	size_t i, n;
	const struct regset_desc *d = arch_regsets(&n);
	int first_err = 0;

	(void)lt;
	for (i = 0; i < n; i++) {
		struct iovec iov = {th->rs_buf[i], d[i].size};
		long ret;

		if (th->rs_state[i] != RS_DIRTY)
			continue;
		ret = lptrace(PTRACE_SETREGSET, th->tid, (void *)(long)d[i].note, &iov);
		if (ret < 0 && !first_err)
			first_err = (int)ret;
	}
	lregs_invalidate(th);
	return first_err;
}

void lregs_invalidate(struct lthread *th)
{
	size_t i;

	for (i = 0; i < REGSET_MAX; i++)
		th->rs_state[i] = RS_INVALID;
}
