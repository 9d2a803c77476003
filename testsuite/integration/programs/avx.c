/* avx MODE: known values in vector registers, a stop with them live (the
 * global labels below, for `break *LABEL`), then what the program finds in
 * the registers gdb wrote.
 *   avx     ymm0 = 1..8; stop at avx_loaded; vzeroupper (YMM back to its
 *           init state); stop at avx_init; prints ymm2.
 *   avx512  ymm0 = 1..8, zmm1 = 101..116, zmm17 = 201..216, k1 = 0x5a5a;
 *           stop at avx512_loaded; prints ymm2[7], zmm3[15], k2, zmm18[0].
 *   probe   prints "avx A avx512 B opmask OFFSET" (CPUID) and exits.
 * Exit status 0 after printing, 77 when the CPU lacks what MODE needs. */
#include <cpuid.h>
#include <stdio.h>
#include <string.h>

static int ymm_in[8] = {1, 2, 3, 4, 5, 6, 7, 8};
static int zmm1_in[16], zmm17_in[16];
static unsigned short k1_in = 0x5a5a;
static int ymm2_out[8], zmm3_out[16], zmm18_out[16];
static unsigned short k2_out;

static void run_avx(void)
{
	__asm__ volatile("vmovdqu %[in], %%ymm0\n\t"
	                 "vpxor %%xmm2, %%xmm2, %%xmm2\n\t"
	                 ".globl avx_loaded\n"
	                 "avx_loaded:\n\t"
	                 "nop\n\t"
	                 "vzeroupper\n\t"
	                 ".globl avx_init\n"
	                 "avx_init:\n\t"
	                 "nop\n\t"
	                 "vmovdqu %%ymm2, %[out]\n\t"
	                 "vzeroupper"
	                 : [out] "=m"(ymm2_out)
	                 : [in] "m"(ymm_in)
	                 : "xmm0", "xmm2");
	printf("ymm2 %d %d %d %d %d %d %d %d\n", ymm2_out[0], ymm2_out[1], ymm2_out[2],
	       ymm2_out[3], ymm2_out[4], ymm2_out[5], ymm2_out[6], ymm2_out[7]);
}

__attribute__((target("avx512f"))) static void run_avx512(void)
{
	int i;

	for (i = 0; i < 16; i++) {
		zmm1_in[i] = 101 + i;
		zmm17_in[i] = 201 + i;
	}
	__asm__ volatile("vmovdqu %[y], %%ymm0\n\t"
	                 "vmovdqu32 %[z1], %%zmm1\n\t"
	                 "vmovdqu32 %[z17], %%zmm17\n\t"
	                 "kmovw %[k1], %%k1\n\t"
	                 "vpxord %%zmm2, %%zmm2, %%zmm2\n\t"
	                 "vpxord %%zmm3, %%zmm3, %%zmm3\n\t"
	                 "vpxord %%zmm18, %%zmm18, %%zmm18\n\t"
	                 "kxorw %%k2, %%k2, %%k2\n\t"
	                 ".globl avx512_loaded\n"
	                 "avx512_loaded:\n\t"
	                 "nop\n\t"
	                 "vmovdqu %%ymm2, %[y2]\n\t"
	                 "vmovdqu32 %%zmm3, %[z3]\n\t"
	                 "vmovdqu32 %%zmm18, %[z18]\n\t"
	                 "kmovw %%k2, %[k2]\n\t"
	                 "vzeroupper"
	                 : [y2] "=m"(ymm2_out), [z3] "=m"(zmm3_out),
	                   [z18] "=m"(zmm18_out), [k2] "=m"(k2_out)
	                 : [y] "m"(ymm_in), [z1] "m"(zmm1_in), [z17] "m"(zmm17_in),
	                   [k1] "m"(k1_in)
	                 : "xmm0", "xmm1", "xmm2", "xmm3", "xmm17", "xmm18", "k1", "k2");
	printf("ymm2[7] %d zmm3[15] %d k2 %#x zmm18[0] %d\n", ymm2_out[7], zmm3_out[15],
	       k2_out, zmm18_out[0]);
}

static unsigned opmask_offset(void)
{
	unsigned a, b, c, d;

	if (!__get_cpuid_count(0xd, 5, &a, &b, &c, &d))
		return 0;
	return b;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "avx";
	int avx, avx512;

	__builtin_cpu_init();
	avx = !!__builtin_cpu_supports("avx");
	avx512 = !!__builtin_cpu_supports("avx512f");
	if (!strcmp(mode, "probe")) {
		printf("avx %d avx512 %d opmask %u\n", avx, avx512, opmask_offset());
		return 0;
	}
	if (!strcmp(mode, "avx512")) {
		if (!avx512)
			return 77;
		run_avx512();
	} else {
		if (!avx)
			return 77;
		run_avx();
	}
	fflush(stdout);
	return 0;
}
