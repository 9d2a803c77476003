/*
 * linux_svr4 — gdb's <library-list-svr4> from the dynamic linker's r_debug.
 *
 * Contract: r_debug is found through the program's PT_DYNAMIC / DT_DEBUG
 * (program headers from auxv AT_PHDR/AT_PHNUM, load bias from PT_PHDR); the
 * link_map chain is then walked as gdbserver does: the first entry is the
 * main program (main-lm), later entries with a name are libraries. While
 * DT_DEBUG is still 0 (before the linker ran) the list is empty but valid.
 * ELF layouts are the native ones (ElfW: 64-bit on x86-64, 32-bit on ARM),
 * as the program is rstub's own architecture.
 */
#include <elf.h>
#include <errno.h>
#include <link.h>
#include <string.h>

#include "linux_target.h"

#define SVR4_EMPTY "<library-list-svr4 version=\"1.0\"/>"
#define MAX_LIBS 4096 /* a loop guard for corrupt lists */

static int rd(struct linux_target *lt, uint64_t addr, void *buf, size_t len)
{
	return lmem_read(&lt->base, addr, buf, len) == (ssize_t)len ? 0 : -EIO;
}

static int auxv_phdr(struct linux_target *lt, uint64_t *phdr, uint64_t *phnum)
{
	int ret = lproc_auxv(lt->pid, AT_PHDR, phdr);

	return ret ? ret : lproc_auxv(lt->pid, AT_PHNUM, phnum);
}

/* Run-time address of the program's dynamic section. */
static int dynamic_addr(struct linux_target *lt, uint64_t *out)
{
	uint64_t phdr, phnum, bias = 0, dyn = 0, i;
	ElfW(Phdr) ph;
	int ret = auxv_phdr(lt, &phdr, &phnum);

	if (ret < 0)
		return ret;
	for (i = 0; i < phnum; i++) {
		ret = rd(lt, phdr + i * sizeof(ph), &ph, sizeof(ph));
		if (ret < 0)
			return ret;
		if (ph.p_type == PT_PHDR)
			bias = phdr - ph.p_vaddr;
		else if (ph.p_type == PT_DYNAMIC)
			dyn = ph.p_vaddr;
	}
	if (!dyn)
		return -ENOENT; /* static program */
	*out = dyn + bias;
	return 0;
}

/* r_debug's address from DT_DEBUG, 0 while the linker has not set it. */
static int r_debug_addr(struct linux_target *lt, uint64_t *out)
{
	uint64_t dyn;
	ElfW(Dyn) d;
	int i, ret = dynamic_addr(lt, &dyn);

	*out = 0;
	if (ret < 0)
		return ret;
	for (i = 0; i < 1024; i++) {
		ret = rd(lt, dyn + i * sizeof(d), &d, sizeof(d));
		if (ret < 0 || d.d_tag == DT_NULL)
			return ret;
		if (d.d_tag == DT_DEBUG) {
			*out = d.d_un.d_ptr;
			return 0;
		}
	}
	return 0;
}

static void read_cstring(struct linux_target *lt, uint64_t addr, struct strbuf *out)
{
	char chunk[64];
	size_t i;

	strbuf_reset(out);
	while (addr && out->len < 4096) {
		ssize_t n = lmem_read(&lt->base, addr, chunk, sizeof(chunk));

		if (n <= 0)
			return;
		for (i = 0; i < (size_t)n; i++) {
			if (!chunk[i])
				return;
			strbuf_addc(out, chunk[i]);
		}
		addr += n;
	}
}

static void add_library(struct linux_target *lt, struct strbuf *out, uint64_t lm,
                        const struct link_map *m)
{
	struct strbuf name = STRBUF_INIT;

	read_cstring(lt, (uint64_t)(uintptr_t)m->l_name, &name);
	if (name.len) {
		strbuf_adds(out, "<library name=\"");
		strbuf_addxml(out, name.buf);
		strbuf_addf(out, "\" lm=\"0x%llx\" l_addr=\"0x%llx\" l_ld=\"0x%llx\" lmid=\"0x0\"/>",
		            (unsigned long long)lm, (unsigned long long)m->l_addr,
		            (unsigned long long)(uintptr_t)m->l_ld);
	}
	strbuf_release(&name);
}

static int walk_link_maps(struct linux_target *lt, uint64_t lm, struct strbuf *out)
{
	struct link_map m;
	size_t count = 0;
	size_t head = out->len;
	bool opened = false;

	strbuf_adds(out, "<library-list-svr4 version=\"1.0\"");
	for (; lm && count < MAX_LIBS; count++) {
		if (rd(lt, lm, &m, sizeof(m)) < 0)
			break;
		if (count == 0) {
			strbuf_addf(out, " main-lm=\"0x%llx\">", (unsigned long long)lm);
			opened = true;
		} else {
			add_library(lt, out, lm, &m);
		}
		lm = (uint64_t)(uintptr_t)m.l_next;
	}
	if (!opened) {
		strbuf_setlen(out, head);
		strbuf_adds(out, SVR4_EMPTY);
		return 0;
	}
	strbuf_adds(out, "</library-list-svr4>");
	return 0;
}

int lxfer_libraries_svr4(struct target *t, struct strbuf *out)
{
	struct linux_target *lt = to_lt(t);
	struct r_debug rdebug;
	uint64_t addr;
	int ret;

	if (lt->state != PROC_LIVE)
		return -ESRCH;
	strbuf_reset(out);
	ret = r_debug_addr(lt, &addr);
	if (ret == -ENOENT || (ret == 0 && !addr)) {
		strbuf_adds(out, SVR4_EMPTY);
		return 0;
	}
	if (ret < 0)
		return ret;
	ret = rd(lt, addr, &rdebug, sizeof(rdebug));
	if (ret < 0)
		return ret;
	return walk_link_maps(lt, (uint64_t)(uintptr_t)rdebug.r_map, out);
}
