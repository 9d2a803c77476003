/*
 * hwdbg_arm — 32-bit ARM Linux hardware breakpoints and watchpoints for
 * linux_hwbp.c (linux_hwdbg.h), through PTRACE_GETHBPREGS/SETHBPREGS.
 *
 * The kernel numbers the slots for ptrace: breakpoint i has its address
 * at (i << 1) + 1 and its control at (i << 1) + 2, watchpoint i the same
 * negated; number 0 reads the resource word (slot counts, maximum
 * watchpoint length). The control word is the hardware's BCR/WCR layout:
 * enable bit 0, privilege bits 1-2 (2: user), type bits 3-4 (0 execute,
 * 1 load, 2 store, 3 both), byte-address-select bits 5-12 (0x1, 0x3, 0xf,
 * 0xff for 1, 2, 4, 8 bytes; the kernel shifts it for an unaligned
 * address). A breakpoint or watchpoint hit is a SIGTRAP with si_code
 * TRAP_HWBKPT, si_errno the slot's ptrace number and si_addr the trigger
 * (instruction or data address).
 *
 * Mirror: slots allocated lowest first; a watched region is split into
 * naturally aligned 1/2/4-byte pieces, one slot each, shared by equal
 * pieces (reference counted). Z1 kinds are gdb's ARM breakpoint kinds:
 * 2 and 3 (Thumb, 2-byte match) or 4 (ARM, 4 bytes, word aligned).
 * Writing a thread: for each slot ever used, control disabled with the new
 * fields (may fail for the old address; ignored), address, then control.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "debug.h"
#include "linux_hwdbg.h"
#include "linux_target.h"

#ifndef TRAP_HWBKPT
#define TRAP_HWBKPT 4
#endif

enum { ARM_MAX_SLOTS = 16 };

enum arm_hw_type { ARM_HW_EXEC = 0, ARM_HW_LOAD = 1, ARM_HW_STORE = 2, ARM_HW_BOTH = 3 };

struct arm_hw_slot {
	uint32_t addr;
	uint32_t ctrl; /* last control written; bit 0 clear when unused */
	unsigned len;
	unsigned refs;
};

struct arm_hw {
	struct arm_hw_slot bp[ARM_MAX_SLOTS], wp[ARM_MAX_SLOTS];
	unsigned bp_high, wp_high; /* slots ever used: [0, high) */
};

_Static_assert(sizeof(struct arm_hw) <= LHW_MIRROR_MAX, "mirror fits lt->hw");

static uint32_t ctrl_word(enum arm_hw_type type, unsigned len, bool enabled)
{
	uint32_t bas = (1u << len) - 1;

	return bas << 5 | (uint32_t)type << 3 | 2u << 1 | (enabled ? 1u : 0u);
}

static void arm_init(void *m)
{
	memset(m, 0, sizeof(struct arm_hw));
}

static bool arm_supports(enum target_bp_type type)
{
	return type == TARGET_BP_HW || type == TARGET_WP_WRITE || type == TARGET_WP_READ ||
	       type == TARGET_WP_ACCESS;
}

/* Find the slot holding (addr, ctrl), or a free one (*found false). */
static struct arm_hw_slot *slot_for(struct arm_hw_slot *v, uint32_t addr, uint32_t ctrl,
                                    bool *found)
{
	struct arm_hw_slot *free_slot = NULL;
	int i;

	for (i = 0; i < ARM_MAX_SLOTS; i++) {
		if (v[i].refs && v[i].addr == addr && v[i].ctrl == ctrl) {
			*found = true;
			return &v[i];
		}
		if (!v[i].refs && !free_slot)
			free_slot = &v[i];
	}
	*found = false;
	return free_slot;
}

/* One more reference to (addr, len, ctrl); -ENOSPC when no slot is free. */
static int take(struct arm_hw_slot *v, unsigned *high, uint32_t addr, unsigned len,
                uint32_t ctrl)
{
	bool found;
	struct arm_hw_slot *s = slot_for(v, addr, ctrl, &found);

	if (!s)
		return -ENOSPC;
	if (!found)
		*s = (struct arm_hw_slot){.addr = addr, .ctrl = ctrl, .len = len};
	s->refs++;
	if ((unsigned)(s - v) + 1 > *high)
		*high = (unsigned)(s - v) + 1;
	return 0;
}

/* The size of the largest naturally aligned piece at addr, at most left. */
static unsigned piece_len(uint64_t addr, uint64_t left)
{
	unsigned len = 4;

	while (len > 1 && (addr % len || len > left))
		len /= 2;
	return len;
}

static int watch_type(enum target_bp_type type, enum arm_hw_type *t)
{
	switch (type) {
	case TARGET_WP_WRITE:
		*t = ARM_HW_STORE;
		return 0;
	case TARGET_WP_READ:
		*t = ARM_HW_LOAD;
		return 0;
	case TARGET_WP_ACCESS:
		*t = ARM_HW_BOTH;
		return 0;
	default:
		return -ENOSYS;
	}
}

/* Z1: the address and length a breakpoint kind matches. */
static int exec_len(uint64_t addr, int kind, unsigned *len)
{
	if (addr > UINT32_MAX)
		return -EINVAL;
	if ((kind == 2 || kind == 3) && addr % 2 == 0)
		*len = 2;
	else if (kind == 4 && addr % 4 == 0)
		*len = 4;
	else
		return -EINVAL;
	return 0;
}

static unsigned free_slots(const struct arm_hw_slot *v)
{
	unsigned n = 0;
	int i;

	for (i = 0; i < ARM_MAX_SLOTS; i++)
		n += !v[i].refs;
	return n;
}

static int arm_insert(void *m, enum target_bp_type type, uint64_t addr, int kind)
{
	struct arm_hw *hw = m;
	enum arm_hw_type t;
	unsigned len, pieces = 0;
	uint64_t a;
	int ret;

	if (type == TARGET_BP_HW) {
		ret = exec_len(addr, kind, &len);
		if (ret < 0)
			return ret;
		return take(hw->bp, &hw->bp_high, (uint32_t)addr, len,
		            ctrl_word(ARM_HW_EXEC, len, true));
	}
	ret = watch_type(type, &t);
	if (ret < 0)
		return ret;
	if (kind <= 0 || addr > UINT32_MAX || (uint64_t)kind > UINT32_MAX - addr + 1)
		return -EINVAL;
	for (a = addr; a < addr + (uint64_t)kind; a += piece_len(a, addr + kind - a))
		pieces++;
	if (pieces > free_slots(hw->wp))
		return -ENOSPC;
	for (a = addr; a < addr + (uint64_t)kind; a += len) {
		len = piece_len(a, addr + kind - a);
		take(hw->wp, &hw->wp_high, (uint32_t)a, len, ctrl_word(t, len, true));
	}
	return 0;
}

static int drop(struct arm_hw_slot *v, uint32_t addr, uint32_t ctrl)
{
	bool found;
	struct arm_hw_slot *s = slot_for(v, addr, ctrl, &found);

	if (!found)
		return -ENOENT;
	s->refs--;
	return 0;
}

static int arm_remove(void *m, enum target_bp_type type, uint64_t addr, int kind)
{
	struct arm_hw *hw = m;
	struct arm_hw saved = *hw;
	enum arm_hw_type t;
	unsigned len;
	uint64_t a;
	int ret;

	if (type == TARGET_BP_HW) {
		ret = exec_len(addr, kind, &len);
		return ret < 0 ? ret : drop(hw->bp, (uint32_t)addr, ctrl_word(ARM_HW_EXEC, len, true));
	}
	ret = watch_type(type, &t);
	if (ret < 0)
		return ret;
	if (kind <= 0 || addr > UINT32_MAX || (uint64_t)kind > UINT32_MAX - addr + 1)
		return -EINVAL;
	for (a = addr; a < addr + (uint64_t)kind; a += len) {
		len = piece_len(a, addr + kind - a);
		ret = drop(hw->wp, (uint32_t)a, ctrl_word(t, len, true));
		if (ret < 0) {
			*hw = saved;
			return ret;
		}
	}
	return 0;
}

static int set_hbp(pid_t tid, long num, uint32_t val)
{
	long ret = lptrace(PTRACE_SETHBPREGS, tid, (void *)num, &val);

	return ret < 0 ? (int)ret : 0;
}

/* The slot counts this CPU has (resource word), read once. */
static void hw_counts(pid_t tid, unsigned *nbp, unsigned *nwp)
{
	static int known;
	static unsigned bps, wps;
	uint32_t info = 0;

	if (!known && lptrace(PTRACE_GETHBPREGS, tid, (void *)0, &info) == 0) {
		known = 1;
		bps = info & 0xff;
		wps = (info >> 8) & 0xff;
		debug(DBG_ARCH, "hw debug: %u breakpoints, %u watchpoints, max length %u",
		      bps, wps, (info >> 16) & 0xff);
	}
	*nbp = bps;
	*nwp = wps;
}

/* Write slots [0, high) of one kind; sign -1 for watchpoints. */
static int write_slots(pid_t tid, const struct arm_hw_slot *v, unsigned high, unsigned have,
                       long sign)
{
	unsigned i;
	int ret;

	for (i = 0; i < high; i++) {
		long base = (long)(i << 1);
		uint32_t ctrl = v[i].refs ? v[i].ctrl : v[i].ctrl & ~1u;

		if (i >= have) {
			if (v[i].refs)
				return -ENOSPC;
			continue;
		}
		if (!v[i].ctrl)
			continue; /* never used: nothing to write */
		set_hbp(tid, sign * (base + 2), v[i].ctrl & ~1u);
		ret = set_hbp(tid, sign * (base + 1), v[i].addr);
		if (ret < 0 && v[i].refs)
			return ret;
		ret = set_hbp(tid, sign * (base + 2), ctrl);
		if (ret < 0 && v[i].refs)
			return ret;
	}
	return 0;
}

static int arm_write_thread(const void *m, pid_t tid)
{
	const struct arm_hw *hw = m;
	unsigned nbp, nwp;
	int ret;

	hw_counts(tid, &nbp, &nwp);
	ret = write_slots(tid, hw->bp, hw->bp_high, nbp, 1);
	return ret < 0 ? ret : write_slots(tid, hw->wp, hw->wp_high, nwp, -1);
}

static bool arm_hit(const void *m, pid_t tid, const siginfo_t *si,
                    enum thread_event_kind *kind, uint64_t *addr)
{
	static const enum thread_event_kind watch_kinds[] = {
	        [ARM_HW_LOAD] = TEV_RWATCH,
	        [ARM_HW_STORE] = TEV_WATCH,
	        [ARM_HW_BOTH] = TEV_AWATCH,
	};
	const struct arm_hw *hw = m;
	const struct arm_hw_slot *s;
	uint32_t trigger = (uint32_t)(uintptr_t)si->si_addr;
	int num = si->si_errno;
	unsigned i;

	if (si->si_code != TRAP_HWBKPT || num == 0)
		return false;
	i = (unsigned)((num > 0 ? num : -num) - 1) >> 1;
	if (i >= ARM_MAX_SLOTS)
		return false;
	s = num > 0 ? &hw->bp[i] : &hw->wp[i];
	if (!s->refs)
		return false;
	if (num > 0) {
		*kind = TEV_HWBREAK;
		*addr = s->addr;
	} else {
		*kind = watch_kinds[(s->ctrl >> 3) & 3];
		*addr = trigger >= s->addr && trigger - s->addr < s->len ? trigger : s->addr;
	}
	debug(DBG_TARGET, "thread %d: hw slot %d fired, trigger %#x", tid, num, trigger);
	return true;
}

static bool arm_has_exec(const void *m, uint64_t addr)
{
	const struct arm_hw *hw = m;
	int i;

	for (i = 0; i < ARM_MAX_SLOTS; i++)
		if (hw->bp[i].refs && hw->bp[i].addr == addr)
			return true;
	return false;
}

static const struct lhw_arch arm_hw = {
	.mirror_size = sizeof(struct arm_hw),
	.init = arm_init,
	.supports = arm_supports,
	.insert = arm_insert,
	.remove = arm_remove,
	.write_thread = arm_write_thread,
	.hit = arm_hit,
	.has_exec = arm_has_exec,
};

const struct lhw_arch *lhw_arch(void)
{
	return &arm_hw;
}
