/*
 * fake_target_impl — what the fake target's two files share (see
 * fake_target.h for the model): its state, its memory regions, and the
 * optional groups defined in fake_target_groups.c.
 */
#ifndef RSTUB_FAKE_TARGET_IMPL_H
#define RSTUB_FAKE_TARGET_IMPL_H

#include <errno.h>

#include "fake_target.h"

enum { FAKE_NREGIONS = 3, FAKE_MEM_BYTES = 0x4000, FAKE_MAX_BPS = 64, FAKE_HW_SLOTS = 4 };

struct fake_region {
	uint64_t start;
	size_t len;
	bool write, exec;
	const char *name;
};

/* Laid out one after the other in fake.mem, FAKE_MEM_BYTES in all. */
extern const struct fake_region fake_regions[FAKE_NREGIONS];

struct fake_bp {
	bool used;
	enum target_bp_type type;
	uint64_t addr;
	int kind;
};

struct fake {
	struct target base; /* first: a struct target * is a struct fake * */
	uint8_t *regs;	    /* FAKE_NTHREADS register files of tdesc->g_size */
	uint8_t *mem;	    /* the regions' bytes */
	struct fake_bp bps[FAKE_MAX_BPS];
	uint8_t siginfo[FAKE_NTHREADS][128];
	bool pass[65];
	bool running;
	bool interrupt; /* interrupted while stopped: the next resume stops */
	struct target_stop stop; /* the next stop, while running */
	unsigned ticks;		 /* until it is ready */
	const uint8_t *script;
	size_t script_len, script_pos;
};

struct fake *to_fake(struct target *t);
/* The index of thread tid, or -ESRCH. */
int fake_thread(pid_t tid);
bool fake_mapped(struct fake *f, uint64_t addr);
/* The n-th (mod how many) planted breakpoint of `type` (-1: any watchpoint), or NULL. */
const struct fake_bp *fake_bp_nth(struct fake *f, int type, unsigned n);
int fake_memory_region(struct target *t, uint64_t addr, struct target_region *out);

extern const struct target_bp_ops fake_bp_ops;
extern const struct target_bp_cond_ops fake_bp_cond_ops;
extern const struct target_xfer_ops fake_xfer_ops;

#endif
