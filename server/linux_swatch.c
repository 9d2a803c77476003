/* linux_swatch — watchpoints emulated by stepping; see linux_swatch.h. */
#include "linux_swatch.h"

#include <errno.h>
#include <string.h>

#include "debug.h"
#include "linux_step.h"
#include "linux_target.h"

static struct lswatch_region *find(struct lswatch *w, uint64_t addr, size_t len,
                                   bool access)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		if (w->v[i].addr == addr && w->v[i].len == len && w->v[i].access == access)
			return &w->v[i];
	}
	return NULL;
}

/* The regions change: what the threads' next instructions touch is to be
 * worked out again (a bit may name another region now). */
static void forget_accesses(struct linux_target *lt)
{
	size_t i;

	for (i = 0; i < lt->threads.n; i++)
		lt->threads.v[i]->swatch_access = 0;
}

/* The region's bytes as the program sees them now. */
static int read_now(struct linux_target *lt, const struct lswatch_region *r, uint8_t *buf)
{
	ssize_t n = lmem_read(&lt->base, r->addr, buf, r->len);

	if (n < 0)
		return (int)n;
	return (size_t)n == r->len ? 0 : -EFAULT;
}

/* Take the region's bytes now as the last seen (if they can be read). */
static void refresh(struct linux_target *lt, struct lswatch_region *r)
{
	r->known = read_now(lt, r, r->val) == 0;
}

int lswatch_insert(struct linux_target *lt, uint64_t addr, size_t len, bool access)
{
	struct lswatch *w = &lt->swatch;
	struct lswatch_region *r = find(w, addr, len, access);
	if (len == 0 || len > LSWATCH_MAX_LEN || addr + len < addr ||
	    (access && !lt->base.arch->insn_may_access))
		return -EINVAL;
	if (r) {
		r->refs++;
		return 0;
	}
	if (w->n == LSWATCH_MAX)
		return -ENOSPC;
	r = &w->v[w->n];
	*r = (struct lswatch_region){.addr = addr, .len = len, .access = access, .refs = 1};
	refresh(lt, r);
	w->n++;
	forget_accesses(lt);
	debug(DBG_TARGET, "%s %#llx/%zu emulated by stepping", access ? "awatch" : "watch",
	      (unsigned long long)addr, len);
	return 0;
}

int lswatch_remove(struct linux_target *lt, uint64_t addr, size_t len, bool access)
{
	struct lswatch *w = &lt->swatch;
	struct lswatch_region *r = find(w, addr, len, access);

	if (!r)
		return -ENOENT;
	if (--r->refs == 0) {
		*r = w->v[--w->n];
		forget_accesses(lt);
	}
	return 0;
}

bool lswatch_active(const struct linux_target *lt)
{
	return lt->swatch.n > 0;
}

bool lswatch_stepped(const struct lthread *th)
{
	return th->swatch_from != 0;
}

/* The access regions the instruction at th's PC (about to run) may touch. */
static uint32_t accesses(struct linux_target *lt, struct lthread *th, uint64_t pc)
{
	const struct lswatch *w = &lt->swatch;
	struct lstep_decode dc;
	struct arch_step_ctx c;
	uint32_t mask = 0;
	size_t i;

	lstep_decode_ctx(&dc, lt, th, &c);
	for (i = 0; i < w->n; i++) {
		if (w->v[i].access && lt->base.arch->insn_may_access(&c, pc, w->v[i].addr,
		                                                     w->v[i].addr + w->v[i].len))
			mask |= 1u << i;
	}
	return mask;
}

void lswatch_note_step(struct linux_target *lt, struct lthread *th)
{
	th->swatch_from = 0;
	th->swatch_access = 0;
	if (!lswatch_active(lt) || lregs_get_pc(lt, th, &th->swatch_from) < 0)
		return;
	if (lt->base.arch->insn_may_access)
		th->swatch_access = accesses(lt, th, th->swatch_from);
}

int lswatch_run(struct linux_target *lt, struct lthread *th, int sig)
{
	lswatch_note_step(lt, th);
	return lptrace_resume(th->tid, lswatch_active(lt), sig);
}

/* Could th's last step have written r? */
static bool claims(struct linux_target *lt, struct lthread *th,
                   const struct lswatch_region *r)
{
	const struct arch *a = lt->base.arch;
	struct lstep_decode dc;
	struct arch_step_ctx c;

	if (!th->swatch_from || !a->insn_may_write)
		return true;
	lstep_decode_ctx(&dc, lt, th, &c);
	return a->insn_may_write(&c, th->swatch_from, r->addr, r->addr + r->len);
}

/* The first region whose bytes are not as last seen, or NULL. */
static struct lswatch_region *first_changed(struct linux_target *lt)
{
	struct lswatch *w = &lt->swatch;
	uint8_t now[LSWATCH_MAX_LEN];
	size_t i;

	for (i = 0; i < w->n; i++) {
		struct lswatch_region *r = &w->v[i];

		if (read_now(lt, r, now) < 0)
			r->known = false;
		else if (!r->known)
			refresh(lt, r); /* mapped since: nothing to compare with */
		else if (memcmp(now, r->val, r->len))
			return r;
	}
	return NULL;
}

/* The first access region th's last instruction touched, or NULL. */
static struct lswatch_region *accessed(struct linux_target *lt, struct lthread *th)
{
	uint32_t mask = th->swatch_access;
	size_t i;

	th->swatch_access = 0;
	for (i = 0; mask && i < lt->swatch.n; i++) {
		if ((mask >> i) & 1)
			return &lt->swatch.v[i];
	}
	return NULL;
}

bool lswatch_hit(struct linux_target *lt, struct lthread *th, struct thread_event *ev)
{
	struct lswatch *w = &lt->swatch;
	struct lswatch_region *r = first_changed(lt), *a = accessed(lt, th);
	size_t i;

	if (r && !claims(lt, th, r) && ++w->unclaimed < LSWATCH_UNCLAIMED * lt->threads.n) {
		debug(DBG_TARGET, "thread %d: watched %#llx changed, not by %#llx", th->tid,
		      (unsigned long long)r->addr, (unsigned long long)th->swatch_from);
		r = NULL;
	}
	if (!r && !a)
		return false;
	if (!r)
		r = a;
	*ev = (struct thread_event){.kind = r->access ? TEV_AWATCH : TEV_WATCH, .sig = SIGTRAP,
	                            .pc = r->addr};
	debug(DBG_TARGET, "thread %d: watched %#llx %s by %#llx", th->tid,
	      (unsigned long long)r->addr, r == a ? "accessed" : "changed",
	      (unsigned long long)th->swatch_from);
	w->unclaimed = 0;
	for (i = 0; i < w->n; i++)
		refresh(lt, &w->v[i]);
	return true;
}

bool lswatch_step_trap(struct linux_target *lt, struct lthread *th, const siginfo_t *si)
{
	/* TRAP_BRKPT: the end of a step over `syscall' on x86. The watch may
	 * be gone since the step began: its trap is still no news. */
	if (!lswatch_stepped(th) || (si->si_code != TRAP_TRACE && si->si_code != TRAP_BRKPT))
		return false;
	if (th->state == THREAD_RUNNING) {
		lregs_flush(lt, th);
		lswatch_run(lt, th, 0);
		return true;
	}
	if (th->state != THREAD_STOPPING || th->hw_stepping)
		return false; /* gdb's own step (hw_stepping: linux_step.h) */
	/* the step's stop took the place of the one asked for */
	thread_set_state(th, THREAD_STOPPED, NULL);
	return true;
}

void lswatch_refresh(struct linux_target *lt, uint64_t addr, size_t len)
{
	struct lswatch *w = &lt->swatch;
	size_t i;

	for (i = 0; i < w->n; i++) {
		struct lswatch_region *r = &w->v[i];

		if (addr < r->addr + r->len && r->addr < addr + len)
			refresh(lt, r);
	}
}

void lswatch_forget(struct linux_target *lt)
{
	lt->swatch.n = 0;
}
