/*
 * fake_target_groups — the fake target's optional groups (breakpoints,
 * their conditions, qXfer objects) and its memory map (see fake_target.h
 * for the model).
 */
#include "fake_target_impl.h"

#include <elf.h>
#include <string.h>

/* ---- breakpoints ---- */

static bool is_watch(int type)
{
	return type >= TARGET_WP_WRITE;
}

static bool matches(const struct fake_bp *bp, int type)
{
	return bp->used && (type < 0 ? is_watch(bp->type) : (int)bp->type == type);
}

const struct fake_bp *fake_bp_nth(struct fake *f, int type, unsigned n)
{
	unsigned count = 0;

	for (int i = 0; i < FAKE_MAX_BPS; i++)
		count += matches(&f->bps[i], type);
	if (!count)
		return NULL;
	n %= count;
	for (int i = 0; i < FAKE_MAX_BPS; i++)
		if (matches(&f->bps[i], type) && !n--)
			return &f->bps[i];
	return NULL;
}

static struct fake_bp *find_bp(struct fake *f, enum target_bp_type type, uint64_t addr,
			       int kind)
{
	for (int i = 0; i < FAKE_MAX_BPS; i++) {
		struct fake_bp *bp = &f->bps[i];

		if (bp->used && bp->type == type && bp->addr == addr && bp->kind == kind)
			return bp;
	}
	return NULL;
}

static bool fake_bp_supports(struct target *t, enum target_bp_type type)
{
	(void)t;
	return type >= TARGET_BP_SW && type <= TARGET_WP_ACCESS;
}

/* 0, or why a breakpoint of this type cannot be planted here. */
static int check_bp(struct fake *f, enum target_bp_type type, uint64_t addr, int kind)
{
	int hw = 0;

	if (type == TARGET_BP_SW)
		return kind < 1 || kind > 16 ? -EINVAL : fake_mapped(f, addr) ? 0 : -EIO;
	if (is_watch(type) && kind != 1 && kind != 2 && kind != 4 && kind != 8)
		return -EINVAL;
	for (int i = 0; i < FAKE_MAX_BPS; i++)
		hw += f->bps[i].used && f->bps[i].type != TARGET_BP_SW;
	return hw < FAKE_HW_SLOTS ? 0 : -ENOSPC;
}

static int fake_bp_insert(struct target *t, enum target_bp_type type, uint64_t addr,
                          int kind)
{
	struct fake *f = to_fake(t);
	int err;

	if (find_bp(f, type, addr, kind))
		return 0;
	err = check_bp(f, type, addr, kind);
	if (err)
		return err;
	for (int i = 0; i < FAKE_MAX_BPS; i++) {
		if (!f->bps[i].used) {
			f->bps[i] = (struct fake_bp){ true, type, addr, kind };
			return 0;
		}
	}
	return -ENOSPC;
}

static int fake_bp_remove(struct target *t, enum target_bp_type type, uint64_t addr,
                          int kind)
{
	struct fake_bp *bp = find_bp(to_fake(t), type, addr, kind);

	if (!bp)
		return -ENOENT;
	bp->used = false;
	return 0;
}

const struct target_bp_ops fake_bp_ops = {
	.supports = fake_bp_supports,
	.insert = fake_bp_insert,
	.remove = fake_bp_remove,
};

/* Accepted on a planted software breakpoint; never evaluated. */
static int fake_cond_set(struct target *t, uint64_t addr,
                         const struct target_agent_expr *conds, size_t nconds,
                         const struct target_agent_expr *cmds, size_t ncmds, bool persist)
{
	const struct fake_bp *bp = NULL;
	struct fake *f = to_fake(t);

	(void)conds, (void)nconds, (void)cmds, (void)ncmds, (void)persist;
	for (int i = 0; i < FAKE_MAX_BPS && !bp; i++)
		if (f->bps[i].used && f->bps[i].type == TARGET_BP_SW &&
		    f->bps[i].addr == addr)
			bp = &f->bps[i];
	return bp ? 0 : -ENOENT;
}

static void fake_cond_describe(struct target *t, struct strbuf *out)
{
	(void)t;
	strbuf_adds(out, "No breakpoint was stepped over (a fake target).\n");
}

const struct target_bp_cond_ops fake_bp_cond_ops = {
	.set = fake_cond_set,
	.describe_step_overs = fake_cond_describe,
};

/* ---- qXfer objects ---- */

static int fake_auxv(struct target *t, struct strbuf *out)
{
	const uint64_t auxv[] = { AT_PHDR,  fake_regions[0].start + 64, AT_PAGESZ, 4096,
				  AT_ENTRY, fake_regions[0].start,	AT_NULL,   0 };

	(void)t;
	strbuf_add(out, auxv, sizeof(auxv));
	return 0;
}

static int fake_exec_file(struct target *t, pid_t pid, struct strbuf *out)
{
	(void)t;
	if (pid != FAKE_PID)
		return -ESRCH;
	strbuf_adds(out, fake_regions[0].name);
	return 0;
}

static int fake_libraries(struct target *t, struct strbuf *out)
{
	(void)t;
	strbuf_adds(out,
	            "<library-list-svr4 version=\"1.0\" main-lm=\"0x600100\">"
	            "<library name=\"/fake/libc.so.6\" lm=\"0x600200\" l_addr=\"0x0\" "
	            "l_ld=\"0x600300\"/></library-list-svr4>");
	return 0;
}

static int fake_siginfo(struct target *t, pid_t tid, struct strbuf *out)
{
	int th = fake_thread(tid);

	if (th < 0)
		return th;
	strbuf_add(out, to_fake(t)->siginfo[th], sizeof(to_fake(t)->siginfo[th]));
	return 0;
}

static ssize_t fake_siginfo_write(struct target *t, pid_t tid, uint64_t off,
                                  const void *data, size_t len)
{
	int th = fake_thread(tid);
	uint8_t *si;

	if (th < 0)
		return th;
	si = to_fake(t)->siginfo[th];
	if (off > sizeof(to_fake(t)->siginfo[th]))
		return -EINVAL;
	if (len > sizeof(to_fake(t)->siginfo[th]) - off)
		len = sizeof(to_fake(t)->siginfo[th]) - (size_t)off;
	memcpy(si + off, data, len);
	return (ssize_t)len;
}

static int fake_os_processes(int (*fn)(const struct target_os_process *p, void *arg),
			     void *arg)
{
	static const struct target_os_process procs[] = {
		{ 1, "root", "[kthreadd]", "0" },
		{ FAKE_PID, "1000", "/fake/prog --flag=<&>", "0,1" },
	};
	int err = 0;

	for (size_t i = 0; i < sizeof(procs) / sizeof(procs[0]) && !err; i++)
		err = fn(&procs[i], arg);
	return err;
}

const struct target_xfer_ops fake_xfer_ops = {
	.auxv = fake_auxv,
	.exec_file = fake_exec_file,
	.libraries_svr4 = fake_libraries,
	.siginfo = fake_siginfo,
	.siginfo_write = fake_siginfo_write,
	.os_processes = fake_os_processes,
};

/* ---- the memory map (lldb's qMemoryRegionInfo) ---- */

int fake_memory_region(struct target *t, uint64_t addr, struct target_region *out)
{
	uint64_t gap_start = 0;

	(void)t;
	for (int i = 0; i < FAKE_NREGIONS; i++) {
		const struct fake_region *r = &fake_regions[i];

		if (addr < r->start) {
			out->start = gap_start;
			out->end = r->start;
			out->mapped = out->read = out->write = out->exec = false;
			return 0;
		}
		if (addr - r->start < r->len) {
			out->start = r->start;
			out->end = r->start + r->len;
			out->mapped = out->read = true;
			out->write = r->write;
			out->exec = r->exec;
			strbuf_adds(&out->name, r->name);
			return 0;
		}
		gap_start = r->start + r->len;
	}
	out->start = gap_start;
	out->end = UINT64_MAX;
	out->mapped = out->read = out->write = out->exec = false;
	return 0;
}
