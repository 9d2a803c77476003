/*
 * breakpoints — the software breakpoint table of one process: address ->
 * original bytes, length, owners.
 *
 * Contract: no ptrace here; memory is reached through the two callbacks of
 * struct bp_mem so the table can be unit tested on a plain buffer. A
 * breakpoint is in memory while at least one owner holds it; inserting
 * again for the same owner is a no-op (Z packets are idempotent), so is
 * removing an owner that does not hold it. Breakpoints never overlap: an
 * insert overlapping another address fails with -EEXIST. The two helpers
 * bp_overlay / bp_absorb_write keep planted instructions invisible to
 * memory reads and writes. gdb's breakpoints (BP_OWNER_GDB) may carry
 * target-side conditions and commands (agent bytecode, copied into the
 * table); they go when gdb's ownership goes.
 */
#ifndef RSTUB_BREAKPOINTS_H
#define RSTUB_BREAKPOINTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define BP_MAX_LEN 16

enum bp_owner {
	BP_OWNER_GDB = 1u << 0,  /* Z0 from the client */
	BP_OWNER_STEP = 1u << 1, /* the stepping layer's temporary breakpoints */
	BP_OWNER_HWBREAK = 1u << 2, /* Z1 planted in memory where the debug
	                               registers never fire (linux_probe.h) */
};

/* Raw memory access: bytes done (all or -errno). */
struct bp_mem {
	int (*read)(void *ctx, uint64_t addr, void *buf, size_t len);
	int (*write)(void *ctx, uint64_t addr, const void *buf, size_t len);
	void *ctx;
};

struct bp_expr {
	const uint8_t *code;
	size_t len;
};

/* Conditions and commands of one breakpoint: exprs[0..nconds) are the
 * conditions, exprs[nconds..nconds+ncmds) the commands. */
struct bp_agent {
	size_t nconds, ncmds;
	bool persist;
	struct bp_expr *exprs;
};

struct bp {
	uint64_t addr;
	size_t len;
	unsigned owners; /* enum bp_owner bits; never 0 in the table */
	const uint8_t *insn; /* what is planted (len bytes) */
	uint8_t saved[BP_MAX_LEN];
	struct bp_agent *agent; /* NULL: unconditional, no commands */
};

struct bp_table {
	struct bp *v;
	size_t n, alloc;
	const uint8_t *insn; /* the arch's breakpoint instruction */
	size_t insn_len;
	struct bp_mem mem;
};

void bp_table_init(struct bp_table *t, const uint8_t *insn, size_t insn_len,
                   const struct bp_mem *mem);
/* Free the table without touching memory (the process image is gone). */
void bp_table_release(struct bp_table *t);

/*
 * Plant the breakpoint instruction at addr for `owner`. 0, or -EINVAL (bad
 * length), -EEXIST (overlaps another breakpoint), or the memory error.
 */
int bp_insert(struct bp_table *t, uint64_t addr, unsigned owner);
/* The same with another instruction than the table's (ARM: a Thumb one for
 * a step breakpoint); an existing breakpoint at addr only gains the owner. */
int bp_insert_insn(struct bp_table *t, uint64_t addr, unsigned owner, const uint8_t *insn,
                   size_t len);
/* Drop `owner`; restore the original bytes when no owner is left. */
int bp_remove(struct bp_table *t, uint64_t addr, unsigned owner);
/* Restore every breakpoint's bytes and empty the table (detach). */
int bp_remove_all(struct bp_table *t);

/*
 * Give gdb's breakpoint at addr these conditions and commands, replacing
 * what it had (none of either: an unconditional breakpoint again). The
 * bytecode is copied. 0, -ENOENT (no breakpoint of gdb's there), -ENOMEM.
 */
int bp_set_agent(struct bp_table *t, uint64_t addr, const struct bp_expr *conds,
                 size_t nconds, const struct bp_expr *cmds, size_t ncmds, bool persist);

/* The breakpoint planted exactly at addr, or NULL. */
const struct bp *bp_find(const struct bp_table *t, uint64_t addr);

/* buf holds memory read at [addr, addr+len): put the saved bytes back. */
void bp_overlay(const struct bp_table *t, uint64_t addr, uint8_t *buf, size_t len);
/*
 * buf is about to be written at [addr, addr+len): record the bytes that fall
 * under breakpoints as their new saved bytes and replace them in buf with
 * the breakpoint instruction, so the write keeps the breakpoints planted.
 */
void bp_absorb_write(struct bp_table *t, uint64_t addr, uint8_t *buf, size_t len);

#endif
