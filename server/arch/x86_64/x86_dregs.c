/*
 * x86_dregs — slot allocation, region splitting, DR7 encoding and DR6
 * decoding for the x86 debug registers. Contract in x86_dregs.h.
 */
#include <errno.h>
#include <string.h>

#include "x86_dregs.h"

#define MAX_PIECE 8u

void x86_dregs_init(struct x86_dregs *d)
{
	memset(d, 0, sizeof(*d));
}

bool x86_dregs_empty(const struct x86_dregs *d)
{
	unsigned i;

	for (i = 0; i < X86_DR_NSLOTS; i++) {
		if (d->slot[i].refs)
			return false;
	}
	return true;
}

/* The largest naturally aligned piece starting at addr, at most len bytes. */
static unsigned piece_len(uint64_t addr, uint64_t len)
{
	unsigned size = MAX_PIECE;

	while (size > 1 && (size > len || addr % size))
		size /= 2;
	return size;
}

static bool region_ok(enum x86_dr_rw rw, uint64_t addr, uint64_t len)
{
	if (len == 0 || addr + len - 1 < addr)
		return false;
	return rw != X86_DR_EXEC || len == 1;
}

unsigned x86_dregs_pieces(uint64_t addr, uint64_t len)
{
	unsigned n = 0, size;

	if (len == 0 || addr + len - 1 < addr)
		return 0;
	while (len) {
		size = piece_len(addr, len);
		addr += size;
		len -= size;
		n++;
	}
	return n;
}

/* The used slot watching exactly this piece this way, or -1. */
static int find_slot(const struct x86_dregs *d, enum x86_dr_rw rw, uint64_t addr,
                     unsigned len)
{
	int i;

	for (i = 0; i < X86_DR_NSLOTS; i++) {
		const struct x86_dr_slot *s = &d->slot[i];

		if (s->refs && s->addr == addr && s->len == len && s->rw == rw)
			return i;
	}
	return -1;
}

static int take_piece(struct x86_dregs *d, enum x86_dr_rw rw, uint64_t addr,
                      unsigned len)
{
	int i = find_slot(d, rw, addr, len);

	if (i >= 0) {
		d->slot[i].refs++;
		return 0;
	}
	for (i = 0; i < X86_DR_NSLOTS; i++) {
		if (!d->slot[i].refs) {
			d->slot[i] = (struct x86_dr_slot){addr, len, rw, 1};
			return 0;
		}
	}
	return -ENOSPC;
}

static int drop_piece(struct x86_dregs *d, enum x86_dr_rw rw, uint64_t addr,
                      unsigned len)
{
	int i = find_slot(d, rw, addr, len);

	if (i < 0)
		return -ENOENT;
	d->slot[i].refs--;
	return 0;
}

/* Apply op to every piece of the region on a copy; commit if all succeed. */
static int for_pieces(struct x86_dregs *d, enum x86_dr_rw rw, uint64_t addr,
                      uint64_t len,
                      int (*op)(struct x86_dregs *, enum x86_dr_rw, uint64_t, unsigned))
{
	struct x86_dregs work = *d;
	unsigned size;
	int ret;

	if (!region_ok(rw, addr, len))
		return -EINVAL;
	while (len) {
		size = piece_len(addr, len);
		ret = op(&work, rw, addr, size);
		if (ret < 0)
			return ret;
		addr += size;
		len -= size;
	}
	*d = work;
	return 0;
}

int x86_dregs_insert(struct x86_dregs *d, enum x86_dr_rw rw, uint64_t addr, uint64_t len)
{
	return for_pieces(d, rw, addr, len, take_piece);
}

int x86_dregs_remove(struct x86_dregs *d, enum x86_dr_rw rw, uint64_t addr, uint64_t len)
{
	return for_pieces(d, rw, addr, len, drop_piece);
}

/* DR7 LEN field: 1 -> 00, 2 -> 01, 8 -> 10, 4 -> 11. */
static uint64_t len_bits(unsigned len)
{
	switch (len) {
	case 2:
		return 1;
	case 8:
		return 2;
	case 4:
		return 3;
	default:
		return 0;
	}
}

uint64_t x86_dregs_dr7(const struct x86_dregs *d)
{
	uint64_t dr7 = 0;
	unsigned i;

	for (i = 0; i < X86_DR_NSLOTS; i++) {
		const struct x86_dr_slot *s = &d->slot[i];

		if (!s->refs)
			continue;
		dr7 |= 1ull << (2 * i); /* L<i> */
		dr7 |= ((uint64_t)s->rw | len_bits(s->len) << 2) << (16 + 4 * i);
	}
	return dr7;
}

enum x86_dr_hit_kind x86_dregs_hit(const struct x86_dregs *d, uint64_t dr6,
                                   uint64_t *addr)
{
	enum x86_dr_hit_kind found = X86_HIT_NONE;
	unsigned i;

	for (i = 0; i < X86_DR_NSLOTS; i++) {
		const struct x86_dr_slot *s = &d->slot[i];

		if (!s->refs || !(dr6 & (1u << i)))
			continue;
		if (s->rw != X86_DR_EXEC) {
			*addr = s->addr;
			return s->rw == X86_DR_WRITE ? X86_HIT_WRITE : X86_HIT_ACCESS;
		}
		if (found == X86_HIT_NONE) {
			*addr = s->addr;
			found = X86_HIT_EXEC;
		}
	}
	return found;
}

bool x86_dregs_has_exec(const struct x86_dregs *d, uint64_t addr)
{
	return find_slot(d, X86_DR_EXEC, addr, 1) >= 0;
}
