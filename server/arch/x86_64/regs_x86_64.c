/*
 * regs_x86_64 — where amd64-linux tdesc registers live in NT_PRSTATUS
 * (struct user_regs_struct) and either NT_X86_XSTATE (the XSAVE area, when
 * the OS enables XSAVE) or NT_PRFPREG (struct user_fpregs_struct, the 64-bit
 * FXSAVE image, otherwise). See arch/regmap.h for the contract.
 *
 * The x87/SSE registers come from one of the two FP sets, never both: the
 * XSAVE area starts with the FXSAVE image, so writing both in one resume
 * would let one undo the other. AVX, AVX-512 and PKRU registers come from
 * the XSAVE area at offsets the CPU reports (see xsave.h); the map is built
 * once, at the first call, for the host.
 *
 * The x87 control registers follow gdb's i387_supply_fxsave /
 * i387_collect_fxsave: fctrl, fstat, fiseg, foseg are 16-bit fields
 * zero-extended to 32 bits, fioff/fooff are the low 32 bits of rip/rdp,
 * fop keeps its low 11 bits, and ftag is rebuilt from the abridged FXSAVE
 * tag byte and the register contents.
 */
#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/user.h>

#include "arch/regmap.h"
#include "arch/x86_64/xsave.h"

enum { RS_GPR, RS_FPR, RS_XSTATE };

static void xstate_after_read(uint8_t *buf, size_t len)
{
	xsave_normalize(xsave_host(), buf, len);
}

/* RS_XSTATE's size is the host's, set by host_init(). */
static struct regset_desc x86_64_regsets[] = {
        [RS_GPR] = {"NT_PRSTATUS", NT_PRSTATUS, sizeof(struct user_regs_struct), 0, NULL},
        [RS_FPR] = {"NT_PRFPREG", NT_PRFPREG, sizeof(struct user_fpregs_struct), 0, NULL},
        [RS_XSTATE] = {"NT_X86_XSTATE", NT_X86_XSTATE, 0, 0, xstate_after_read},
};

#define FP_OFF(field) offsetof(struct user_fpregs_struct, field)
#define ST_OFF(i) (FP_OFF(st_space) + 16 * (i))

/* gdb's i387_tag: classify one 80-bit register: 0 valid, 1 zero, 2 special. */
static unsigned x87_tag(const uint8_t *raw)
{
	int integer = raw[7] & 0x80;
	unsigned exponent = ((raw[9] & 0x7f) << 8) | raw[8];
	int fraction_zero = !(raw[0] | raw[1] | raw[2] | raw[3] | raw[4] | raw[5] |
	                      raw[6] | (raw[7] & 0x7f));

	if (exponent == 0x7fff)
		return 2;
	if (exponent == 0)
		return (fraction_zero && !integer) ? 1 : 2;
	return integer ? 0 : 2;
}

/* Full 16-bit tag word from the abridged FXSAVE tag byte (ftw). */
static void ftag_get(const struct regmap_entry *e, const uint8_t *set, uint8_t *val,
                     size_t len)
{
	unsigned abridged = set[e->offset];
	unsigned top = (set[FP_OFF(swd) + 1] >> 3) & 7;
	unsigned ftag = 0;
	int fpreg;

	for (fpreg = 7; fpreg >= 0; fpreg--) {
		unsigned tag = 3; /* empty */
		unsigned st = (fpreg + 8 - top) % 8;

		if (abridged & (1u << fpreg))
			tag = x87_tag(set + ST_OFF(st));
		ftag |= tag << (2 * fpreg);
	}
	memset(val, 0, len);
	val[0] = ftag & 0xff;
	if (len > 1)
		val[1] = ftag >> 8;
}

/* Abridged tag byte: bit set for every register not tagged empty (3). */
static void ftag_set(const struct regmap_entry *e, uint8_t *set, const uint8_t *val,
                     size_t len)
{
	unsigned ftag = val[0] | (len > 1 ? val[1] << 8 : 0);
	unsigned abridged = 0;
	int fpreg;

	for (fpreg = 7; fpreg >= 0; fpreg--) {
		if (((ftag >> (2 * fpreg)) & 3) != 3)
			abridged |= 1u << fpreg;
	}
	set[e->offset] = abridged;
	set[e->offset + 1] = 0;
}

/* fop: the low 11 bits of the 16-bit field. */
static void fop_get(const struct regmap_entry *e, const uint8_t *set, uint8_t *val,
                    size_t len)
{
	memset(val, 0, len);
	val[0] = set[e->offset];
	if (len > 1)
		val[1] = set[e->offset + 1] & 0x07;
}

static void fop_set(const struct regmap_entry *e, uint8_t *set, const uint8_t *val,
                    size_t len)
{
	uint8_t hi = len > 1 ? val[1] : 0;

	set[e->offset] = val[0];
	set[e->offset + 1] = (set[e->offset + 1] & ~0x07) | (hi & 0x07);
}

/* The same conversions inside XSAVE, marking the x87 component in use. */
static void xs_ftag_set(const struct regmap_entry *e, uint8_t *set, const uint8_t *val,
                        size_t len)
{
	ftag_set(e, set, val, len);
	xsave_mark(set, XFEATURE_X87);
}

static void xs_fop_set(const struct regmap_entry *e, uint8_t *set, const uint8_t *val,
                       size_t len)
{
	fop_set(e, set, val, len);
	xsave_mark(set, XFEATURE_X87);
}

/* clang-format off */
#define GPR(n, field) \
	{ n, RS_GPR, offsetof(struct user_regs_struct, field), 8, NULL, NULL }
#define FPR(n, off, sz, set) { n, RS, (off), (sz), NULL, set }
#define ST(i) FPR("st" #i, ST_OFF(i), 10, X87)
#define XMM(i) FPR("xmm" #i, FP_OFF(xmm_space) + 16 * (i), 16, SSE)

static const struct regmap_entry gpr_map[] = {
	GPR("rax", rax), GPR("rbx", rbx), GPR("rcx", rcx), GPR("rdx", rdx),
	GPR("rsi", rsi), GPR("rdi", rdi), GPR("rbp", rbp), GPR("rsp", rsp),
	GPR("r8", r8), GPR("r9", r9), GPR("r10", r10), GPR("r11", r11),
	GPR("r12", r12), GPR("r13", r13), GPR("r14", r14), GPR("r15", r15),
	GPR("rip", rip), GPR("eflags", eflags), GPR("cs", cs), GPR("ss", ss),
	GPR("ds", ds), GPR("es", es), GPR("fs", fs), GPR("gs", gs),
	GPR("orig_rax", orig_rax),
	GPR("fs_base", fs_base),
	GPR("gs_base", gs_base),
};

/*
 * x87 and SSE in regset RS, written through the X87, SSE, FTAG and FOP hooks:
 * macros defined around each table that expands it.
 */
#define FP_MAP \
	ST(0), ST(1), ST(2), ST(3), ST(4), ST(5), ST(6), ST(7), \
	FPR("fctrl", FP_OFF(cwd), 2, X87), \
	FPR("fstat", FP_OFF(swd), 2, X87), \
	{ "ftag", RS, FP_OFF(ftw), 2, ftag_get, FTAG }, \
	FPR("fiseg", FP_OFF(rip) + 4, 2, X87), \
	FPR("fioff", FP_OFF(rip), 4, X87), \
	FPR("foseg", FP_OFF(rdp) + 4, 2, X87), \
	FPR("fooff", FP_OFF(rdp), 4, X87), \
	{ "fop", RS, FP_OFF(fop), 2, fop_get, FOP }, \
	XMM(0), XMM(1), XMM(2), XMM(3), XMM(4), XMM(5), XMM(6), XMM(7), \
	XMM(8), XMM(9), XMM(10), XMM(11), XMM(12), XMM(13), XMM(14), XMM(15), \
	FPR("mxcsr", FP_OFF(mxcsr), 4, SSE)

#define RS RS_FPR
#define X87 NULL
#define SSE NULL
#define FTAG ftag_set
#define FOP fop_set
static const struct regmap_entry fxsave_map[] = { FP_MAP };
#undef RS
#undef X87
#undef SSE
#undef FTAG
#undef FOP

#define RS RS_XSTATE
#define X87 xsave_set_x87
#define SSE xsave_set_sse
#define FTAG xs_ftag_set
#define FOP xs_fop_set
static const struct regmap_entry xsave_map[] = { FP_MAP };
#undef RS
#undef X87
#undef SSE
#undef FTAG
#undef FOP
/* clang-format on */

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
_Static_assert(COUNT(fxsave_map) == COUNT(xsave_map), "one FP map per FP regset");
#define MAP_MAX (COUNT(gpr_map) + COUNT(xsave_map) + 16 + 16 * 4 + 8 + 1)

static struct regmap_entry x86_64_regmap[MAP_MAX];
static size_t x86_64_nregs;

/*
 * Bytes of the XSAVE area that hold a mapped register (and the header that
 * says which components are live): on a host with AMX the whole area is
 * 11 KiB, 8 KiB of it tiles no tdesc register names.
 */
static size_t xstate_read_size(const struct regmap_entry *map, size_t n, size_t size)
{
	size_t need = XSAVE_HDR_OFFSET + XSAVE_HDR_SIZE;

	for (size_t i = 0; i < n; i++)
		if (map[i].regset == RS_XSTATE && map[i].offset + map[i].size > need)
			need = map[i].offset + map[i].size;
	return need < size ? need : size;
}

/* Fill the map and the XSAVE sizes for the host, once. */
static void host_init(void)
{
	const struct xsave_layout *xs = xsave_host();
	bool xstate = xs->size != 0;
	const struct regmap_entry *fp = xstate ? xsave_map : fxsave_map;
	size_t n = 0;

	if (x86_64_nregs)
		return;
	x86_64_regsets[RS_XSTATE].size = xs->size;
	memcpy(x86_64_regmap, gpr_map, sizeof(gpr_map));
	n += COUNT(gpr_map);
	memcpy(x86_64_regmap + n, fp, sizeof(xsave_map));
	n += COUNT(xsave_map);
	if (xstate)
		n += xsave_regmap(xs, RS_XSTATE, x86_64_regmap + n, MAP_MAX - n);
	x86_64_regsets[RS_XSTATE].read_size = xstate_read_size(x86_64_regmap, n, xs->size);
	x86_64_nregs = n;
}

const struct regset_desc *arch_regsets(size_t *n)
{
	host_init();
	*n = xsave_host()->size ? COUNT(x86_64_regsets) : RS_XSTATE;
	return x86_64_regsets;
}

const struct regmap_entry *arch_regmap(size_t *n)
{
	host_init();
	*n = x86_64_nregs;
	return x86_64_regmap;
}
