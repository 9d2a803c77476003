/* breakpoints — software breakpoint table; see breakpoints.h for the contract. */
#include "breakpoints.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void bp_table_init(struct bp_table *t, const uint8_t *insn, size_t insn_len,
                   const struct bp_mem *mem)
{
	memset(t, 0, sizeof(*t));
	t->insn = insn;
	t->insn_len = insn_len;
	t->mem = *mem;
}

static void bp_drop_agent(struct bp *b)
{
	free(b->agent);
	b->agent = NULL;
}

void bp_table_release(struct bp_table *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		bp_drop_agent(&t->v[i]);
	free(t->v);
	t->v = NULL;
	t->n = t->alloc = 0;
}

static struct bp *bp_lookup(const struct bp_table *t, uint64_t addr)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (t->v[i].addr == addr)
			return &t->v[i];
	}
	return NULL;
}

const struct bp *bp_find(const struct bp_table *t, uint64_t addr)
{
	return bp_lookup(t, addr);
}

/* Does [a, a+alen) intersect [b, b+blen)? Written to avoid overflow. */
static bool ranges_overlap(uint64_t a, size_t alen, uint64_t b, size_t blen)
{
	return a < b ? b - a < alen : a - b < blen;
}

static bool overlaps_other(const struct bp_table *t, uint64_t addr, size_t len)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		if (ranges_overlap(t->v[i].addr, t->v[i].len, addr, len))
			return true;
	}
	return false;
}

static struct bp *bp_append(struct bp_table *t)
{
	if (t->n == t->alloc) {
		size_t n = t->alloc ? 2 * t->alloc : 16;
		struct bp *v = realloc(t->v, n * sizeof(*v));

		if (!v)
			return NULL;
		t->v = v;
		t->alloc = n;
	}
	return &t->v[t->n++];
}

int bp_insert(struct bp_table *t, uint64_t addr, unsigned owner)
{
	return bp_insert_insn(t, addr, owner, t->insn, t->insn_len);
}

int bp_insert_insn(struct bp_table *t, uint64_t addr, unsigned owner, const uint8_t *insn,
                   size_t len)
{
	struct bp *b = bp_lookup(t, addr);
	struct bp nb = {.addr = addr, .len = len, .owners = owner, .insn = insn, .agent = NULL};
	int ret;

	if (b) {
		b->owners |= owner;
		return 0;
	}
	if (!owner || len == 0 || len > BP_MAX_LEN)
		return -EINVAL;
	if (overlaps_other(t, addr, len))
		return -EEXIST;
	ret = t->mem.read(t->mem.ctx, addr, nb.saved, nb.len);
	if (ret < 0)
		return ret;
	ret = t->mem.write(t->mem.ctx, addr, insn, len);
	if (ret < 0)
		return ret;
	b = bp_append(t);
	if (!b) {
		t->mem.write(t->mem.ctx, addr, nb.saved, nb.len);
		return -ENOMEM;
	}
	*b = nb;
	return 0;
}

static int bp_restore(struct bp_table *t, size_t i)
{
	struct bp *b = &t->v[i];
	int ret = t->mem.write(t->mem.ctx, b->addr, b->saved, b->len);

	bp_drop_agent(b);
	t->v[i] = t->v[--t->n];
	return ret < 0 ? ret : 0;
}

int bp_remove(struct bp_table *t, uint64_t addr, unsigned owner)
{
	struct bp *b = bp_lookup(t, addr);

	if (!b)
		return 0;
	b->owners &= ~owner;
	if (!(b->owners & BP_OWNER_GDB))
		bp_drop_agent(b);
	if (b->owners)
		return 0;
	return bp_restore(t, (size_t)(b - t->v));
}

int bp_remove_all(struct bp_table *t)
{
	int first_err = 0;

	while (t->n) {
		int ret = bp_restore(t, t->n - 1);

		if (ret < 0 && !first_err)
			first_err = ret;
	}
	return first_err;
}

static size_t exprs_bytes(const struct bp_expr *e, size_t n)
{
	size_t i, sum = 0;

	for (i = 0; i < n; i++)
		sum += e[i].len;
	return sum;
}

/* Copy n expressions into a[*k...], their code at *code (both advanced). */
static void copy_exprs(struct bp_agent *a, size_t *k, uint8_t **code,
                       const struct bp_expr *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++, (*k)++) {
		memcpy(*code, e[i].code, e[i].len);
		a->exprs[*k].code = *code;
		a->exprs[*k].len = e[i].len;
		*code += e[i].len;
	}
}

int bp_set_agent(struct bp_table *t, uint64_t addr, const struct bp_expr *conds,
                 size_t nconds, const struct bp_expr *cmds, size_t ncmds, bool persist)
{
	struct bp *b = bp_lookup(t, addr);
	size_t k = 0, nexprs = nconds + ncmds;
	struct bp_agent *a;
	uint8_t *code;

	if (!b || !(b->owners & BP_OWNER_GDB))
		return -ENOENT;
	bp_drop_agent(b);
	if (!nexprs)
		return 0;
	/* one block: the header, the expression array, the bytecode */
	a = malloc(sizeof(*a) + nexprs * sizeof(*a->exprs) + exprs_bytes(conds, nconds) +
	           exprs_bytes(cmds, ncmds));
	if (!a)
		return -ENOMEM;
	a->nconds = nconds;
	a->ncmds = ncmds;
	a->persist = persist;
	a->exprs = (struct bp_expr *)(a + 1);
	code = (uint8_t *)(a->exprs + nexprs);
	copy_exprs(a, &k, &code, conds, nconds);
	copy_exprs(a, &k, &code, cmds, ncmds);
	b->agent = a;
	return 0;
}

/*
 * For breakpoint b and the buffer window [addr, addr+len), the part that
 * overlaps: *boff is its offset inside the breakpoint, *woff inside the
 * window, and the return value its length (0 when they do not meet).
 */
static size_t bp_window(const struct bp *b, uint64_t addr, size_t len, size_t *boff,
                        size_t *woff)
{
	uint64_t start, end;

	if (!ranges_overlap(b->addr, b->len, addr, len))
		return 0;
	start = b->addr > addr ? b->addr : addr;
	end = b->addr + b->len < addr + len ? b->addr + b->len : addr + len;
	*boff = start - b->addr;
	*woff = start - addr;
	return end - start;
}

void bp_overlay(const struct bp_table *t, uint64_t addr, uint8_t *buf, size_t len)
{
	size_t i, boff, woff, n;

	for (i = 0; i < t->n; i++) {
		n = bp_window(&t->v[i], addr, len, &boff, &woff);
		if (n)
			memcpy(buf + woff, t->v[i].saved + boff, n);
	}
}

void bp_absorb_write(struct bp_table *t, uint64_t addr, uint8_t *buf, size_t len)
{
	size_t i, boff, woff, n;

	for (i = 0; i < t->n; i++) {
		struct bp *b = &t->v[i];

		n = bp_window(b, addr, len, &boff, &woff);
		if (!n)
			continue;
		memcpy(b->saved + boff, buf + woff, n);
		memcpy(buf + woff, b->insn + boff, n);
	}
}
