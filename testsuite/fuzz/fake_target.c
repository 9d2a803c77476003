/*
 * fake_target — the process, its threads, registers, memory and scripted
 * stops (see fake_target.h for the model); breakpoints and the qXfer
 * objects are in fake_target_groups.c.
 */
#include "fake_target_impl.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "tdesc.h"

const struct fake_region fake_regions[FAKE_NREGIONS] = {
	{ 0x400000, 0x2000, false, true, "/fake/prog" },
	{ 0x600000, 0x1000, true, false, "/fake/prog" },
	{ 0x7ffffffde000, 0x1000, true, false, "[stack]" },
};

enum { NEVER = 3 }; /* ticks: the stop waits for an interrupt */

struct fake *to_fake(struct target *t)
{
	return (struct fake *)t;
}

int fake_thread(pid_t tid)
{
	if (tid < FAKE_PID || tid >= FAKE_PID + FAKE_NTHREADS)
		return -ESRCH;
	return tid - FAKE_PID;
}

/* ---- registers ---- */

static bool unavailable(const struct tdesc_reg *reg)
{
	return reg->feature && strstr(reg->feature, "avx512");
}

/* The register and its bytes in thread `tid`, or -errno. */
static int reg_at(struct fake *f, pid_t tid, int regno, uint8_t **bytes, size_t *size)
{
	const struct tdesc_reg *reg = tdesc_reg(f->base.tdesc, regno);
	int th = fake_thread(tid);

	if (th < 0)
		return th;
	if (!reg)
		return -EINVAL;
	if (unavailable(reg))
		return -ENOENT;
	if (f->running)
		return -EBUSY;
	*bytes = f->regs + (size_t)th * f->base.tdesc->g_size + reg->offset;
	*size = (size_t)reg->bitsize / 8;
	return 0;
}

static int fake_reg_read(struct target *t, pid_t tid, int regno, uint8_t *buf)
{
	uint8_t *bytes;
	size_t size;
	int err = reg_at(to_fake(t), tid, regno, &bytes, &size);

	if (!err)
		memcpy(buf, bytes, size);
	return err;
}

static int fake_reg_write(struct target *t, pid_t tid, int regno, const uint8_t *buf)
{
	uint8_t *bytes;
	size_t size;
	int err = reg_at(to_fake(t), tid, regno, &bytes, &size);

	if (!err)
		memcpy(bytes, buf, size);
	return err;
}

/* Set the named register of thread index th (little-endian, at most 8
 * bytes: the value's low ones). */
static void set_reg(struct fake *f, int th, const char *name, uint64_t value)
{
	const struct tdesc_reg *reg = tdesc_find_reg(f->base.tdesc, name);
	size_t size;

	if (!reg)
		return;
	size = (size_t)reg->bitsize / 8 < 8 ? (size_t)reg->bitsize / 8 : 8;
	memcpy(f->regs + (size_t)th * f->base.tdesc->g_size + reg->offset, &value, size);
}

/* ---- memory ---- */

/* The bytes at addr inside a region (at most len), or NULL. */
static uint8_t *mem_at(struct fake *f, uint64_t addr, size_t len, size_t *n)
{
	size_t base = 0;

	for (int i = 0; i < FAKE_NREGIONS; i++) {
		const struct fake_region *r = &fake_regions[i];

		if (addr >= r->start && addr - r->start < r->len) {
			size_t off = (size_t)(addr - r->start);

			*n = len < r->len - off ? len : r->len - off;
			return f->mem + base + off;
		}
		base += r->len;
	}
	return NULL;
}

bool fake_mapped(struct fake *f, uint64_t addr)
{
	size_t n;

	return mem_at(f, addr, 1, &n) != NULL;
}

static ssize_t fake_mem_read(struct target *t, uint64_t addr, void *buf, size_t len)
{
	size_t n = 0;
	uint8_t *p = mem_at(to_fake(t), addr, len, &n);

	if (!p)
		return len ? -EIO : 0;
	memcpy(buf, p, n);
	return (ssize_t)n;
}

static ssize_t fake_mem_write(struct target *t, uint64_t addr, const void *buf,
                              size_t len)
{
	size_t n = 0;
	uint8_t *p = mem_at(to_fake(t), addr, len, &n);

	if (!p)
		return len ? -EIO : 0;
	memcpy(p, buf, n);
	return (ssize_t)n;
}

/* ---- process and threads ---- */

static pid_t fake_pid(struct target *t)
{
	(void)t;
	return FAKE_PID;
}

static bool fake_attached(struct target *t)
{
	(void)t;
	return false;
}

static int fake_kill(struct target *t)
{
	to_fake(t)->running = false;
	return 0;
}

static int fake_detach(struct target *t)
{
	to_fake(t)->running = false;
	return 0;
}

static void fake_destroy(struct target *t)
{
	struct fake *f = to_fake(t);

	free(f->regs);
	free(f->mem);
	free(f);
}

static int fake_process_info(struct target *t, struct target_process_info *out)
{
	(void)t;
	*out = (struct target_process_info){ FAKE_PID, 1, 1000, 1000, 1000, 1000 };
	return 0;
}

static size_t fake_threads(struct target *t, pid_t *tids, size_t max)
{
	(void)t;
	for (size_t i = 0; i < FAKE_NTHREADS && i < max; i++)
		tids[i] = FAKE_PID + (pid_t)i;
	return FAKE_NTHREADS;
}

static bool fake_thread_alive(struct target *t, pid_t tid)
{
	(void)t;
	return fake_thread(tid) >= 0;
}

/* Names with XML's special characters; the last thread has none. */
static int fake_thread_name(struct target *t, pid_t tid, struct strbuf *out)
{
	static const char *const names[FAKE_NTHREADS] = {"prog", "<worker & \"1\">",
	                                                 NULL};
	int th = fake_thread(tid);

	(void)t;
	if (th < 0 || !names[th])
		return -ENOENT;
	strbuf_adds(out, names[th]);
	return 0;
}

static int fake_thread_core(struct target *t, pid_t tid)
{
	int th = fake_thread(tid);

	(void)t;
	return th < 0 || th == FAKE_NTHREADS - 1 ? -ENOENT : th;
}

/* ---- scripted stops ---- */

/* The thread a stop record names. */
static void stop_thread(struct target_stop *st, uint8_t what)
{
	int th = what / 16 % 4;

	st->tid = FAKE_PID + (th < FAKE_NTHREADS ? th : FAKE_NTHREADS - 1);
}

static void stop_at_breakpoint(struct fake *f, struct target_stop *st, uint8_t arg)
{
	const struct fake_bp *bp = fake_bp_nth(f, TARGET_BP_SW, arg);

	st->reason = bp ? TARGET_REASON_SWBREAK : TARGET_REASON_STEP;
	if (bp)
		set_reg(f, st->tid - FAKE_PID, f->base.arch->pc_reg, bp->addr);
}

static void stop_at_watchpoint(struct fake *f, struct target_stop *st, uint8_t arg)
{
	const struct fake_bp *wp = fake_bp_nth(f, -1, arg);
	int type = wp ? (int)wp->type : TARGET_WP_WRITE + arg % 3;

	st->reason = type == TARGET_WP_READ	 ? TARGET_REASON_RWATCH
		     : type == TARGET_WP_ACCESS ? TARGET_REASON_AWATCH
						 : TARGET_REASON_WATCH;
	st->addr = wp ? wp->addr : fake_regions[1].start + arg;
}

/* The stop a script record (what, arg) describes. */
static void scripted_stop(struct fake *f, uint8_t what, uint8_t arg,
                          struct target_stop *st)
{
	*st = (struct target_stop){
	        .kind = TARGET_STOP_SIGNAL, .pid = FAKE_PID, .sig = SIGTRAP};
	stop_thread(st, what);
	switch (what % 16 % 9) {
	case 0:
		st->reason = TARGET_REASON_STEP;
		break;
	case 1:
		stop_at_breakpoint(f, st, arg);
		break;
	case 2:
		st->reason = TARGET_REASON_HWBREAK;
		break;
	case 3:
		stop_at_watchpoint(f, st, arg);
		break;
	case 4:
		st->sig = arg % 64 + 1;
		break;
	case 5:
		st->kind = TARGET_STOP_EXITED;
		st->status = arg;
		break;
	case 6:
		st->kind = TARGET_STOP_KILLED;
		st->sig = arg % 64 + 1;
		break;
	case 7:
		st->reason = TARGET_REASON_EXEC;
		break;
	default:
		st->kind = TARGET_STOP_NO_RESUMED;
	}
}

static void interrupted(struct fake *f)
{
	f->stop = (struct target_stop){ .kind = TARGET_STOP_SIGNAL, .pid = FAKE_PID,
					.tid = FAKE_PID, .sig = SIGINT };
	f->ticks = 0;
	f->interrupt = false;
}

static int fake_resume(struct target *t, const struct target_resume *acts, size_t n)
{
	struct fake *f = to_fake(t);
	uint8_t what = 1, arg = 0;

	(void)acts;
	(void)n;
	if (f->running)
		return 0;
	f->running = true;
	if (f->interrupt) {
		interrupted(f);
		return 0;
	}
	if (f->script_pos + 2 <= f->script_len) {
		what = f->script[f->script_pos];
		arg = f->script[f->script_pos + 1];
		f->script_pos += 2;
	}
	scripted_stop(f, what, arg, &f->stop);
	f->ticks = what / 64;
	return 0;
}

static int fake_interrupt(struct target *t)
{
	struct fake *f = to_fake(t);

	if (!f->running)
		f->interrupt = true;
	else if (f->ticks)
		interrupted(f);
	return 0;
}

static int fake_wait(struct target *t, struct target_stop *out, bool block)
{
	struct fake *f = to_fake(t);

	if (!f->running || (f->ticks && !block))
		return 0;
	*out = f->stop;
	f->running = false;
	return 1;
}

/* Stop at once: the ready stop, else thread FAKE_PID with no signal. */
static int fake_halt(struct target *t, struct target_stop *out)
{
	struct fake *f = to_fake(t);

	if (!f->running || f->ticks)
		f->stop = (struct target_stop){
		        .kind = TARGET_STOP_SIGNAL, .pid = FAKE_PID, .tid = FAKE_PID};
	*out = f->stop;
	f->running = false;
	return 1;
}

static int fake_event_fd(struct target *t)
{
	(void)t;
	return -ENOSYS;
}

static bool fake_can_step(void)
{
	return true;
}

static void fake_set_pass_signals(struct target *t, const bool pass[65])
{
	memcpy(to_fake(t)->pass, pass, sizeof(to_fake(t)->pass));
}

static void fake_describe_host(struct strbuf *out)
{
	strbuf_adds(out, "A fake target: no host was probed.\n");
}

static int fake_assume_broken(const char *list, const char **bad)
{
	*bad = list;
	return *list ? -EINVAL : 0;
}

static const struct target_ops fake_ops = {
	.pid = fake_pid,
	.attached = fake_attached,
	.kill = fake_kill,
	.detach = fake_detach,
	.destroy = fake_destroy,
	.process_info = fake_process_info,
	.memory_region = fake_memory_region,
	.threads = fake_threads,
	.thread_alive = fake_thread_alive,
	.thread_name = fake_thread_name,
	.thread_core = fake_thread_core,
	.reg_read = fake_reg_read,
	.reg_write = fake_reg_write,
	.mem_read = fake_mem_read,
	.mem_write = fake_mem_write,
	.resume = fake_resume,
	.interrupt = fake_interrupt,
	.halt = fake_halt,
	.event_fd = fake_event_fd,
	.wait = fake_wait,
	.can_step = fake_can_step,
	.set_pass_signals = fake_set_pass_signals,
	.describe_host = fake_describe_host,
	.assume_broken = fake_assume_broken,
	.bp = &fake_bp_ops,
	.bp_cond = &fake_bp_cond_ops,
	.xfer = &fake_xfer_ops,
};

/* Every byte of every region, a pattern in which all 256 values occur
 * (made once: the same for every target). */
static void fill_memory(struct fake *f)
{
	static uint8_t pattern[FAKE_MEM_BYTES];
	static bool made;

	for (size_t i = 0; !made && i < FAKE_MEM_BYTES; i++)
		pattern[i] = (uint8_t)(i * 37 + 0x23);
	made = true;
	memcpy(f->mem, pattern, FAKE_MEM_BYTES);
}

struct target *fake_target_new(const struct target_config *cfg, const uint8_t *script,
			       size_t len, struct target_stop *first)
{
	struct fake *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->base = (struct target){ &fake_ops, cfg->arch, cfg->tdesc };
	f->regs = calloc(FAKE_NTHREADS, cfg->tdesc->g_size);
	f->mem = malloc(FAKE_MEM_BYTES);
	if (!f->regs || !f->mem) {
		fake_destroy(&f->base);
		return NULL;
	}
	fill_memory(f);
	for (int th = 0; th < FAKE_NTHREADS; th++) {
		set_reg(f, th, cfg->arch->pc_reg,
		        fake_regions[0].start + 16 * (unsigned)th);
		set_reg(f, th, cfg->arch->sp_reg,
		        fake_regions[2].start + 1024 * (unsigned)(th + 1));
	}
	f->script = script;
	f->script_len = len;
	*first = (struct target_stop){ .kind = TARGET_STOP_SIGNAL, .pid = FAKE_PID,
				       .tid = FAKE_PID, .sig = SIGTRAP };
	return &f->base;
}

void fake_target_tick(struct target *t)
{
	struct fake *f = to_fake(t);

	if (f->running && f->ticks && f->ticks != NEVER)
		f->ticks--;
}

bool fake_target_stop_ready(struct target *t)
{
	struct fake *f = to_fake(t);

	return f->running && !f->ticks;
}
