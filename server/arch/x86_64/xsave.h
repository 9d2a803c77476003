/*
 * xsave — the x86 XSAVE area as Linux shows it through ptrace
 * (NT_X86_XSTATE, always the standard, non-compacted format): which state
 * components the host enables (XCR0), where each lives (CPUID leaf 0xD),
 * which target description names their registers, and the register map
 * entries for AVX, AVX-512 and PKRU.
 *
 * Contract: everything but xsave_host() is pure and takes the CPUID as a
 * function, so tests can describe any processor. A component whose bit in
 * XSTATE_BV (the first 8 bytes of the XSAVE header at offset 512) is clear
 * is in its init state: xsave_normalize() writes that state into a fetched
 * area, and every register write through an entry of this module sets the
 * bit of the component it writes, so the kernel takes the new bytes.
 */
#ifndef RSTUB_ARCH_X86_64_XSAVE_H
#define RSTUB_ARCH_X86_64_XSAVE_H

#include <stddef.h>
#include <stdint.h>

#include "arch/regmap.h"

/* State components (bit numbers in XCR0 and XSTATE_BV). */
enum xfeature {
	XFEATURE_X87 = 0,
	XFEATURE_SSE = 1,
	XFEATURE_YMM = 2,      /* upper 128 bits of ymm0-15 */
	XFEATURE_OPMASK = 5,   /* k0-7 */
	XFEATURE_ZMM_H = 6,    /* upper 256 bits of zmm0-15 */
	XFEATURE_HI16_ZMM = 7, /* zmm16-31, all 512 bits */
	XFEATURE_PKRU = 9,
	XFEATURE_NR = 10,
};

#define XFEATURE_MASK_AVX (1ull << XFEATURE_YMM)
#define XFEATURE_MASK_AVX512                                                             \
	((1ull << XFEATURE_OPMASK) | (1ull << XFEATURE_ZMM_H) |                          \
	 (1ull << XFEATURE_HI16_ZMM))
#define XFEATURE_MASK_PKRU (1ull << XFEATURE_PKRU)

#define XSAVE_LEGACY_SIZE 512 /* the FXSAVE image, struct user_fpregs_struct */
#define XSAVE_HDR_OFFSET 512  /* XSTATE_BV, then XCOMP_BV, then reserved */
#define XSAVE_HDR_SIZE 64

/* cpuid(leaf, subleaf) -> {eax, ebx, ecx, edx} */
typedef void (*x86_cpuid_fn)(uint32_t leaf, uint32_t subleaf, uint32_t out[4]);

struct xsave_layout {
	uint64_t xcr0; /* components served: enabled, known, well placed */
	size_t size;   /* bytes of the area (CPUID 0xD.0 EBX); 0: no XSAVE */
	uint32_t offset[XFEATURE_NR]; /* component i at offset[i], size[i] */
	uint32_t size_of[XFEATURE_NR];
};

/*
 * Describe the area for `xcr0` (the host's XCR0; 0 when the OS has not
 * enabled XSAVE). Components the processor reports with no room are
 * dropped from l->xcr0, and so are AVX-512 unless all three of its
 * components are there (as gdb requires), and everything beyond SSE when
 * AVX is missing.
 */
void xsave_layout_init(struct xsave_layout *l, uint64_t xcr0, x86_cpuid_fn cpuid);

/* The main target description file for the components in `xcr0`. */
const char *xsave_tdesc_file(uint64_t xcr0);

/*
 * Append to out[] (room for `cap`) the map entries, in regset `rs`, of the
 * registers the AVX, AVX-512 and PKRU components of `l` hold; returns how
 * many were written. Names point to static storage.
 */
size_t xsave_regmap(const struct xsave_layout *l, int rs, struct regmap_entry *out,
                    size_t cap);

/*
 * Write the init state of every component of `l` whose XSTATE_BV bit is
 * clear into the area buf (len bytes): x87 control word 0x037f and zeros,
 * zeros elsewhere. MXCSR is left as the kernel gave it.
 */
void xsave_normalize(const struct xsave_layout *l, uint8_t *buf, size_t len);

/* Set component `f`'s bit in XSTATE_BV of the area buf. */
void xsave_mark(uint8_t *buf, enum xfeature f);

/* Write hooks for the legacy area inside XSAVE: copy, mark x87 / SSE in use. */
void xsave_set_x87(const struct regmap_entry *e, uint8_t *set, const uint8_t *val,
                   size_t len);
void xsave_set_sse(const struct regmap_entry *e, uint8_t *set, const uint8_t *val,
                   size_t len);

/* The host's layout, probed once (CPUID, XGETBV); size 0 without XSAVE. */
const struct xsave_layout *xsave_host(void);

#endif
