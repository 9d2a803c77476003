/*
 * x86_dregs — the x86 debug registers as gdb's hardware breakpoints and
 * watchpoints see them: a mirror of DR0-DR3 and DR7, slot allocation, and
 * the decoding of DR6. No ptrace here (linux_hwbp.c writes the mirror to
 * the threads), so everything is unit-testable.
 *
 * Contract:
 *  - Four slots. A region [addr, addr+len) is split into naturally aligned
 *    pieces of 1, 2, 4 or 8 bytes, largest first; each piece takes a slot,
 *    or shares one that watches exactly the same piece the same way
 *    (reference counted). Insertion is all or nothing: -ENOSPC leaves the
 *    mirror as it was.
 *  - Execution breakpoints are one byte (len 1). x86 cannot watch reads
 *    only: read watchpoints are not offered (as in GNU gdbserver, gdb then
 *    uses an access watchpoint and ignores the hits that changed the value).
 *  - x86_dregs_hit() says which slot DR6 reports, preferring a watchpoint
 *    over an execution breakpoint; the address is the slot's, which lies in
 *    the region gdb asked for.
 */
#ifndef RSTUB_X86_DREGS_H
#define RSTUB_X86_DREGS_H

#include <stdbool.h>
#include <stdint.h>

#define X86_DR_NSLOTS 4
#define X86_DR6_BS (1u << 14) /* single-step trap */

enum x86_dr_rw { /* DR7 R/W field values */
	X86_DR_EXEC = 0,
	X86_DR_WRITE = 1,
	X86_DR_ACCESS = 3, /* read or write */
};

struct x86_dr_slot {
	uint64_t addr;
	unsigned len; /* 1, 2, 4 or 8 */
	enum x86_dr_rw rw;
	unsigned refs; /* 0: free */
};

struct x86_dregs {
	struct x86_dr_slot slot[X86_DR_NSLOTS];
};

enum x86_dr_hit_kind {
	X86_HIT_NONE,
	X86_HIT_EXEC,
	X86_HIT_WRITE,
	X86_HIT_ACCESS,
};

void x86_dregs_init(struct x86_dregs *d);
bool x86_dregs_empty(const struct x86_dregs *d);

/* Watch (or break at, for X86_DR_EXEC with len 1) [addr, addr+len).
 * 0, -EINVAL (len 0, exec len not 1, region wraps), -ENOSPC. */
int x86_dregs_insert(struct x86_dregs *d, enum x86_dr_rw rw, uint64_t addr, uint64_t len);
/* Undo one insert of the same region; -ENOENT when it was not inserted. */
int x86_dregs_remove(struct x86_dregs *d, enum x86_dr_rw rw, uint64_t addr, uint64_t len);

/* How many slots the region needs (0 for an invalid region). */
unsigned x86_dregs_pieces(uint64_t addr, uint64_t len);

/* DR7 for the mirror: local enable, R/W and LEN of every used slot. */
uint64_t x86_dregs_dr7(const struct x86_dregs *d);

/* Which used slot DR6 reports; *addr is its address. X86_HIT_NONE when
 * no used slot fired (a single-step or int3 trap). */
enum x86_dr_hit_kind x86_dregs_hit(const struct x86_dregs *d, uint64_t dr6,
                                   uint64_t *addr);

/* Is there an execution breakpoint at addr? */
bool x86_dregs_has_exec(const struct x86_dregs *d, uint64_t addr);

#endif
