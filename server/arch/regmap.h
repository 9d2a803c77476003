/*
 * regmap — where each register of the target description lives in the
 * kernel's register sets (PTRACE_GETREGSET notes), per architecture.
 *
 * Contract: constant data from the arch (arch/<name>/regs_<name>.c). Entries
 * are matched to tdesc registers BY NAME; a tdesc register with no entry is
 * unavailable (-ENOENT). `regset` indexes arch_regsets(). With get/set NULL
 * the register is a plain copy of `size` bytes at `offset`, zero-extended or
 * truncated to the tdesc size; otherwise the hooks convert (x87 tag word...).
 * Hooks are pure: they only touch the regset buffer and the value buffer.
 * Sizes and offsets may depend on the host CPU (x86 XSAVE): the arch fixes
 * them at the first call of arch_regsets() / arch_regmap(), and they do not
 * change afterwards.
 */
#ifndef RSTUB_ARCH_REGMAP_H
#define RSTUB_ARCH_REGMAP_H

#include <stddef.h>
#include <string.h>
#include <stdint.h>

#define REGSET_MAX 4

struct regset_desc {
	const char *name; /* for traces: "NT_PRSTATUS" */
	int note;         /* NT_* value for PTRACE_GETREGSET */
	size_t size;      /* bytes of the kernel structure */
	/* bytes a read needs (the registers the map uses, 0: size); writes
	 * always send the whole structure, as the kernel wants */
	size_t read_size;
	/* NULL, or make a freshly fetched image canonical before any register
	 * is read from it (XSAVE: components in init state get init values). */
	void (*after_read)(uint8_t *buf, size_t len);
};

struct regmap_entry {
	const char *name; /* tdesc register name, "rip" */
	int regset;       /* index into arch_regsets() */
	size_t offset;    /* byte offset inside the regset */
	size_t size;      /* bytes inside the regset */
	/* Convert between the regset bytes and the tdesc value (len bytes). */
	void (*get)(const struct regmap_entry *e, const uint8_t *set, uint8_t *val,
	            size_t len);
	void (*set)(const struct regmap_entry *e, uint8_t *set, const uint8_t *val,
	            size_t len);
};

/* The native arch's register sets (at most REGSET_MAX) and register map. */
const struct regset_desc *arch_regsets(size_t *n);
const struct regmap_entry *arch_regmap(size_t *n);

/* The map entry for the register called `name`, or NULL. */
static inline const struct regmap_entry *regmap_find(const char *name)
{
	size_t n;
	const struct regmap_entry *map = arch_regmap(&n);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(map[i].name, name))
			return &map[i];
	return NULL;
}

#endif
