/*
 * decode_x86_64_len — instruction length and operand layout in 64-bit mode:
 * legacy prefixes, REX, VEX (C4/C5), EVEX (62), the one-byte, 0F, 0F38 and
 * 0F3A opcode maps, ModRM / SIB / displacement and immediate sizes. See
 * decode_x86_64.h (x86_insn_decode) for the contract. The maps are tables
 * laid out as the SDM's opcode charts: one row per high nibble.
 */
#include <errno.h>
#include <string.h>

#include "decode_x86_64.h"

/* Per-opcode attributes: ModRM present, immediate kind, invalid. */
enum {
	OP_MODRM = 0x01,
	OP_IMM_SHIFT = 1,
	OP_IMM_MASK = 0x0e,
	OP_GRP3 = 0x10, /* F6/F7: immediate only for /0 and /1 (test) */
	OP_BAD = 0x80,	/* invalid in 64-bit mode */
};

/* Immediate kinds. */
enum {
	IMM_NONE,
	IMM_B,	   /* 1 byte */
	IMM_W,	   /* 2 bytes */
	IMM_Z,	   /* 2 with 66, else 4 */
	IMM_V,	   /* 8 with REX.W, else 2 with 66, else 4 (mov r, imm) */
	IMM_D,	   /* 4 bytes whatever the prefixes (near branch rel32) */
	IMM_MOFFS, /* 4 with 67, else 8 */
	IMM_ENTER, /* iw + ib */
};

#define IMM(k) ((k) << OP_IMM_SHIFT)
#define __ 0
#define M_ OP_MODRM
#define MB (OP_MODRM | IMM(IMM_B))
#define MZ (OP_MODRM | IMM(IMM_Z))
#define GB (OP_MODRM | OP_GRP3 | IMM(IMM_B))
#define GZ (OP_MODRM | OP_GRP3 | IMM(IMM_Z))
#define _B IMM(IMM_B)
#define _W IMM(IMM_W)
#define _Z IMM(IMM_Z)
#define _V IMM(IMM_V)
#define _D IMM(IMM_D)
#define _O IMM(IMM_MOFFS)
#define _E IMM(IMM_ENTER)
#define XX OP_BAD
#define PF OP_BAD /* prefix or escape: consumed before the table is consulted */

/* clang-format off */
static const uint8_t map_1byte[256] = {
	/*       0   1   2   3   4   5   6   7   8   9   A   B   C   D   E   F */
	/* 0 */ M_, M_, M_, M_, _B, _Z, XX, XX, M_, M_, M_, M_, _B, _Z, XX, PF,
	/* 1 */ M_, M_, M_, M_, _B, _Z, XX, XX, M_, M_, M_, M_, _B, _Z, XX, XX,
	/* 2 */ M_, M_, M_, M_, _B, _Z, PF, XX, M_, M_, M_, M_, _B, _Z, PF, XX,
	/* 3 */ M_, M_, M_, M_, _B, _Z, PF, XX, M_, M_, M_, M_, _B, _Z, PF, XX,
	/* 4 */ PF, PF, PF, PF, PF, PF, PF, PF, PF, PF, PF, PF, PF, PF, PF, PF,
	/* 5 */ __, __, __, __, __, __, __, __, __, __, __, __, __, __, __, __,
	/* 6 */ XX, XX, PF, M_, PF, PF, PF, PF, _Z, MZ, _B, MB, __, __, __, __,
	/* 7 */ _B, _B, _B, _B, _B, _B, _B, _B, _B, _B, _B, _B, _B, _B, _B, _B,
	/* 8 */ MB, MZ, XX, MB, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,
	/* 9 */ __, __, __, __, __, __, __, __, __, __, XX, __, __, __, __, __,
	/* A */ _O, _O, _O, _O, __, __, __, __, _B, _Z, __, __, __, __, __, __,
	/* B */ _B, _B, _B, _B, _B, _B, _B, _B, _V, _V, _V, _V, _V, _V, _V, _V,
	/* C */ MB, MB, _W, __, PF, PF, MB, MZ, _E, __, _W, __, __, _B, XX, __,
	/* D */ M_, M_, M_, M_, XX, XX, XX, __, M_, M_, M_, M_, M_, M_, M_, M_,
	/* E */ _B, _B, _B, _B, _B, _B, _B, _B, _D, _D, XX, _B, __, __, __, __,
	/* F */ PF, __, PF, PF, __, __, GB, GZ, __, __, __, __, __, __, M_, M_,
};

static const uint8_t map_0f[256] = {
	/*       0   1   2   3   4   5   6   7   8   9   A   B   C   D   E   F */
	/* 0 */ M_, M_, M_, M_, XX, __, __, __, __, __, XX, __, XX, M_, __, MB,
	/* 1 */ M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,
	/* 2 */ M_, M_, M_, M_, XX, XX, XX, XX, M_, M_, M_, M_, M_, M_, M_, M_,
	/* 3 */ __, __, __, __, __, __, XX, __, PF, XX, PF, XX, XX, XX, XX, XX,
	/* 4 */ M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,
	/* 5 */ M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,
	/* 6 */ M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,
	/* 7 */ MB, MB, MB, MB, M_, M_, M_, __, M_, M_, XX, XX, M_, M_, M_, M_,
	/* 8 */ _D, _D, _D, _D, _D, _D, _D, _D, _D, _D, _D, _D, _D, _D, _D, _D,
	/* 9 */ M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,
	/* A */ __, __, __, M_, MB, M_, XX, XX, __, __, __, M_, MB, M_, M_, M_,
	/* B */ M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, MB, M_, M_, M_, M_, M_,
	/* C */ M_, M_, MB, M_, MB, MB, MB, M_, __, __, __, __, __, __, __, __,
	/* D */ M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,
	/* E */ M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,
	/* F */ M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_, M_,
};
/* clang-format on */

/* The bytes being decoded and the position in them. */
struct cursor {
	const uint8_t *buf;
	size_t avail;
	size_t pos;
};

static int fetch(struct cursor *cur, uint8_t *b)
{
	if (cur->pos >= X86_MAX_INSN)
		return -EINVAL;
	if (cur->pos >= cur->avail)
		return -ENODATA;
	*b = cur->buf[cur->pos++];
	return 0;
}

/* `n` bytes as a little-endian number. */
static int fetch_le(struct cursor *cur, unsigned n, uint64_t *val)
{
	uint8_t b;
	int err;

	*val = 0;
	for (unsigned i = 0; i < n; i++) {
		err = fetch(cur, &b);
		if (err)
			return err;
		*val |= (uint64_t)b << (8 * i);
	}
	return 0;
}

/* Legacy prefixes and REX; leaves the cursor on the first opcode byte. */
static int prefixes(struct cursor *cur, struct x86_insn *in)
{
	uint8_t b;
	int err;

	for (;;) {
		err = fetch(cur, &b);
		if (err)
			return err;
		if ((b & 0xf0) == 0x40) {
			in->rex = b; /* the last REX, before the opcode, counts */
			continue;
		}
		switch (b) {
		case 0x26:
		case 0x2e:
		case 0x36:
		case 0x3e:
		case 0x64:
		case 0x65:
			in->seg = b;
			break;
		case 0x66:
			in->opsize = true;
			break;
		case 0x67:
			in->adsize = true;
			break;
		case 0xf0:
			in->lock = true;
			break;
		case 0xf2:
		case 0xf3:
			in->rep = b;
			break;
		default:
			cur->pos--;
			return 0;
		}
		in->rex = 0; /* a REX followed by a legacy prefix is ignored */
	}
}

/* VEX (C4 three-byte, C5 two-byte) or EVEX (62): map and opcode. */
static int vex(struct cursor *cur, struct x86_insn *in, uint8_t escape)
{
	uint8_t p0 = 0x01, p1, p2;
	int err;

	if (in->rex || in->opsize || in->rep || in->lock)
		return -EINVAL; /* #UD: VEX/EVEX after REX, 66, F2, F3 or F0 */
	in->vex = escape;
	if (escape != 0xc5) {
		err = fetch(cur, &p0);
		if (err)
			return err;
	}
	err = fetch(cur, &p1);
	if (err)
		return err;
	if (escape == 0x62) {
		err = fetch(cur, &p2);
		if (err)
			return err;
		if (!(p1 & 0x04))
			return -EINVAL; /* EVEX P1 bit 2 is fixed at 1 */
	}
	switch (escape == 0x62 ? p0 & 0x07 : p0 & 0x1f) {
	case 1:
		in->map = X86_MAP_0F;
		break;
	case 2:
		in->map = X86_MAP_0F38;
		break;
	case 3:
		in->map = X86_MAP_0F3A;
		break;
	case 5:
		in->map = escape == 0x62 ? X86_MAP_EVEX5 : X86_MAP_1BYTE;
		break;
	case 6:
		in->map = escape == 0x62 ? X86_MAP_EVEX6 : X86_MAP_1BYTE;
		break;
	default:
		return -EINVAL;
	}
	if (in->map == X86_MAP_1BYTE)
		return -EINVAL; /* VEX maps 5 and 6 are reserved */
	return fetch(cur, &in->opcode);
}

/* Opcode bytes (legacy escapes or VEX/EVEX); returns the attributes. */
static int opcode(struct cursor *cur, struct x86_insn *in, uint8_t *attr)
{
	uint8_t b;
	int err = fetch(cur, &b);

	if (err)
		return err;
	if (b == 0xc4 || b == 0xc5 || b == 0x62) {
		err = vex(cur, in, b);
		if (err)
			return err;
		if (in->map == X86_MAP_0F)
			*attr = (map_0f[in->opcode] & OP_IMM_MASK) | OP_MODRM;
		else if (in->map == X86_MAP_0F3A)
			*attr = MB;
		else
			*attr = M_;
		if (in->vex != 0x62 && in->map == X86_MAP_0F && in->opcode == 0x77)
			*attr = __; /* vzeroupper / vzeroall */
		return 0;
	}
	if (b != 0x0f) {
		in->map = X86_MAP_1BYTE;
		in->opcode = b;
		*attr = map_1byte[b];
		return 0;
	}
	err = fetch(cur, &b);
	if (err)
		return err;
	in->map = X86_MAP_0F;
	if (b == 0x38 || b == 0x3a) {
		in->map = b == 0x38 ? X86_MAP_0F38 : X86_MAP_0F3A;
		*attr = b == 0x38 ? M_ : MB;
		return fetch(cur, &in->opcode);
	}
	in->opcode = b;
	*attr = map_0f[b];
	return 0;
}

/* ModRM, SIB and displacement (64- and 32-bit addressing share the form). */
static int modrm(struct cursor *cur, struct x86_insn *in)
{
	unsigned mod, rm;
	uint64_t disp;
	int err = fetch(cur, &in->modrm);

	if (err)
		return err;
	in->has_modrm = true;
	mod = in->modrm >> 6;
	rm = in->modrm & 7;
	if (mod == 3)
		return 0;
	if (rm == 4) {
		err = fetch(cur, &in->sib);
		if (err)
			return err;
		in->has_sib = true;
	}
	if (mod == 1)
		in->disp_size = 1;
	else if (mod == 2 || (mod == 0 && rm == 5) ||
		 (mod == 0 && in->has_sib && (in->sib & 7) == 5))
		in->disp_size = 4;
	err = fetch_le(cur, in->disp_size, &disp);
	if (err)
		return err;
	if (in->disp_size == 1)
		in->disp = (int8_t)disp;
	else
		in->disp = (int32_t)(uint32_t)disp;
	return 0;
}

static unsigned imm_size(const struct x86_insn *in, unsigned kind)
{
	static const uint8_t fixed[] = { [IMM_NONE] = 0, [IMM_B] = 1, [IMM_W] = 2,
					 [IMM_D] = 4, [IMM_ENTER] = 3 };

	switch (kind) {
	case IMM_Z:
		return in->opsize ? 2 : 4;
	case IMM_V:
		return (in->rex & 0x08) ? 8 : in->opsize ? 2 : 4;
	case IMM_MOFFS:
		return in->adsize ? 4 : 8;
	default:
		return fixed[kind];
	}
}

int x86_insn_decode(const uint8_t *buf, size_t avail, struct x86_insn *in)
{
	struct cursor cur = { buf, avail, 0 };
	uint8_t attr = 0;
	unsigned kind;
	int err;

	memset(in, 0, sizeof(*in));
	err = prefixes(&cur, in);
	in->prefix_len = (uint8_t)cur.pos;
	if (!err)
		err = opcode(&cur, in, &attr);
	if (err)
		return err;
	if (attr & OP_BAD)
		return -EINVAL;
	if (attr & OP_MODRM) {
		err = modrm(&cur, in);
		if (err)
			return err;
	}
	kind = (attr & OP_IMM_MASK) >> OP_IMM_SHIFT;
	if ((attr & OP_GRP3) && (in->modrm >> 3 & 7) > 1)
		kind = IMM_NONE;
	if (in->map == X86_MAP_0F && !in->vex && in->opcode == 0x78 &&
	    (in->opsize || in->rep == 0xf2))
		kind = IMM_W; /* AMD SSE4a extrq / insertq: ib, ib (#UD on Intel) */
	if (in->map == X86_MAP_1BYTE && in->opcode == 0x8f && (in->modrm >> 3 & 7))
		return -EINVAL; /* AMD XOP; #UD on Intel */
	in->imm_size = (uint8_t)imm_size(in, kind);
	err = fetch_le(&cur, in->imm_size, &in->imm);
	if (err)
		return err;
	in->len = (uint8_t)cur.pos;
	return 0;
}
