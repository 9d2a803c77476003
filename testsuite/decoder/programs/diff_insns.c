/*
 * diff_insns — the rarer instruction classes for the x86-64 decoder's
 * differential test, written in assembly so the encodings are certain:
 * loop/loope/loopne/jrcxz/jecxz (also with addr32), ret imm16, bnd ret,
 * enter/leave, lretq/iretq, indirect calls and jumps through every
 * addressing form (registers with and without REX, disp8/disp32, SIB with
 * index, RIP-relative, %fs / %gs bases, addr32), every rep string
 * instruction (also backwards and with a zero count), ud2 with a SIGILL
 * handler that skips it (rt_sigreturn to a new rip), xbegin where RTM is
 * enabled, and VEX / EVEX / 0F38 / 0F3A encodings through intrinsics, each
 * behind a CPU feature check.
 *
 *   diff_insns ROUNDS
 *
 * Prints a checksum.
 */
#define _GNU_SOURCE /* REG_RIP */
#include <asm/prctl.h>
#include <cpuid.h>
#include <immintrin.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

unsigned long asm_loops(unsigned long n);
unsigned long asm_ret_imm(void);
void asm_enter(void);
void asm_far(void);
void asm_indirect(void *const *table);
void asm_segments(void *const *low);
void asm_rep(void *dst, void *src);
void asm_ud2(void);
unsigned long asm_xbegin(void);
void asm_leaf(void);

__thread void *tls_leaf;
void *leaf_ptr = (void *)asm_leaf;

__asm__(".text\n"
	"asm_leaf:\n"
	"	ret\n"

	"asm_loops:\n" /* rdi: count for the plain loop; returns iterations */
	"	xor %eax, %eax\n"
	"	mov %rdi, %rcx\n"
	"1:	inc %rax\n"
	"	loop 1b\n"
	"	mov $5, %ecx\n"
	"2:	inc %rax\n"
	"	cmp $3, %rcx\n"
	"	loopne 2b\n"
	"	mov $5, %ecx\n"
	"3:	inc %rax\n"
	"	cmp $5, %rcx\n"
	"	loope 3b\n"
	"	xor %ecx, %ecx\n"
	"	jrcxz 4f\n"
	"	inc %rax\n"
	"4:	mov $1, %ecx\n"
	"	jrcxz 5f\n"
	"	inc %rax\n"
	"5:	movabs $0x100000000, %rcx\n"
	"	jecxz 6f\n"
	"	inc %rax\n"
	"6:	movabs $0x100000002, %rcx\n"
	"7:	inc %rax\n"
	"	addr32 loop 7b\n"
	"	call 8f\n" /* call to the next instruction */
	"8:	pop %rcx\n"
	"	ret\n"

	"asm_ret_imm:\n"
	"	push $7\n"
	"	call 1f\n"
	"	bnd ret\n"
	"1:	mov 8(%rsp), %rax\n"
	"	ret $8\n"

	"asm_enter:\n"
	"	enter $32, $0\n"
	"	leave\n"
	"	enter $16, $1\n"
	"	leave\n"
	"	ret\n"

	"asm_far:\n"
	"	mov %cs, %eax\n"
	"	push %rax\n"
	"	lea 1f(%rip), %rax\n"
	"	push %rax\n"
	"	lretq\n"
	"1:	mov %rsp, %rcx\n"
	"	mov %ss, %eax\n"
	"	push %rax\n"
	"	push %rcx\n"
	"	pushfq\n"
	"	andq $~0x100, (%rsp)\n" /* no trap flag into the popped image */
	"	mov %cs, %eax\n"
	"	push %rax\n"
	"	lea 2f(%rip), %rax\n"
	"	push %rax\n"
	"	iretq\n"
	"2:	ret\n"

	"asm_indirect:\n" /* rdi: 40 pointers to asm_leaf */
	"	push %rbx\n"
	"	push %r12\n"
	"	mov %rdi, %rbx\n"
	"	mov $2, %r12d\n"
	"	call *(%rbx)\n"
	"	call *8(%rbx)\n"
	"	call *0x100(%rbx)\n"
	"	call *(%rbx,%r12,8)\n"
	"	call *-8(%rbx,%r12,4)\n"
	"	lea -8(%rbx), %r12\n"
	"	call *8(%r12)\n"
	"	call *leaf_ptr(%rip)\n"
	"	mov (%rbx), %rax\n"
	"	call *%rax\n"
	"	notrack call *%rax\n"
	"	mov (%rbx), %r11\n"
	"	call *%r11\n"
	"	lea 1f(%rip), %rax\n"
	"	jmp *%rax\n"
	"	ud2\n"
	"1:	lea 2f(%rip), %rax\n"
	"	push %rax\n"
	"	jmp *(%rsp)\n"
	"	ud2\n"
	"2:	add $8, %rsp\n"
	"	bnd jmp 3f\n"
	"	ud2\n"
	"3:	pop %r12\n"
	"	pop %rbx\n"
	"	ret\n"

	"asm_segments:\n" /* rdi: below 4 GiB, holds a pointer to asm_leaf */
	"	call *%fs:tls_leaf@tpoff\n"
	"	call *%gs:8\n"
	"	mov %rdi, %rax\n"
	"	bts $40, %rax\n" /* addr32 ignores the high half */
	"	addr32 call *(%eax)\n"
	"	mov %edi, %eax\n"
	"	addr32 jmp *8(%eax)\n"

	"asm_rep:\n" /* rdi, rsi: 512-byte buffers */
	"	mov %rdi, %r8\n"
	"	mov %rsi, %r9\n"
	"	mov $200, %ecx\n"
	"	rep movsb\n"
	"	mov %r8, %rdi\n"
	"	mov $10, %ecx\n"
	"	xor %eax, %eax\n"
	"	rep stosq\n"
	"	mov %r8, %rdi\n"
	"	mov %r9, %rsi\n"
	"	mov $50, %ecx\n"
	"	repe cmpsb\n"
	"	mov %r9, %rdi\n"
	"	mov $300, %ecx\n"
	"	mov $0x7f, %al\n"
	"	repne scasb\n"
	"	mov %r9, %rsi\n"
	"	mov $5, %ecx\n"
	"	rep lodsb\n"
	"	lea 99(%r8), %rdi\n"
	"	lea 99(%r9), %rsi\n"
	"	mov $100, %ecx\n"
	"	std\n"
	"	rep movsb\n"
	"	cld\n"
	"	xor %ecx, %ecx\n"
	"	rep movsq\n"
	"	ret\n"

	"asm_ud2:\n"
	"	ud2\n"
	"	ret\n"

	"asm_xbegin:\n"
	"	xor %eax, %eax\n"
	"	xbegin 1f\n"
	"	mov $1, %eax\n"
	"	xend\n"
	"	ret\n"
	"1:	mov $2, %eax\n"
	"	ret\n");

static unsigned long sum;

static void skip_ud2(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;

	(void)sig;
	(void)si;
	uc->uc_mcontext.gregs[REG_RIP] += 2;
	sum++;
}

static int rtm_enabled(void)
{
	unsigned a, b, c, d;

	return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 11));
}

__attribute__((target("sse4.2,popcnt,ssse3"))) static void sse4(const uint8_t *p)
{
	__m128i x = _mm_loadu_si128((const __m128i *)p);
	__m128i y = _mm_shuffle_epi8(x, _mm_set1_epi8(3));

	y = _mm_alignr_epi8(y, x, 5);
	sum += (unsigned long)_mm_crc32_u64(sum, (uint64_t)_mm_cvtsi128_si64(y));
	sum += (unsigned long)_mm_cmpistri(x, y, 0x0c);
	sum += (unsigned long)_mm_popcnt_u64(sum);
}

__attribute__((target("avx2,bmi,bmi2,lzcnt"))) static void avx2(const uint8_t *p)
{
	__m256i x = _mm256_loadu_si256((const __m256i *)p);
	__m256i y = _mm256_permute4x64_epi64(_mm256_shuffle_epi8(x, x), 0x1b);

	y = _mm256_blend_epi32(y, x, 0x5a);
	sum += (unsigned long)_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, y));
	unsigned long long hi, rot;

	__asm__("rorx $13, %1, %0" : "=r"(rot) : "r"(sum)); /* VEX map 3 with ib */
	sum += _pdep_u64(sum, 0xf0f0f0f0f0f0f0f0ull) + _mulx_u64(sum, rot, &hi) + hi;
	sum += _lzcnt_u64(sum) + _tzcnt_u64(sum | 1u << 20);
	_mm256_zeroupper();
}

__attribute__((target("avx512f,avx512bw,avx512vl"))) static void avx512(const uint8_t *p)
{
	__m512i x = _mm512_loadu_si512(p);
	__m512i y = _mm512_ternarylogic_epi32(x, _mm512_set1_epi32(0x1234), x, 0x96);
	__mmask64 k = _mm512_cmpeq_epi8_mask(x, y);

	y = _mm512_permutex2var_epi32(x, _mm512_set1_epi32(17), y);
	y = _mm512_mask_add_epi32(y, (__mmask16)k, y, x);
	sum += (unsigned long)_mm512_reduce_add_epi32(y) + (unsigned long)k;
}

__attribute__((target("avx512fp16,avx512vl"))) static void fp16(const uint8_t *p)
{
	__m128h x = _mm_loadu_ph(p);
	__m128h y = _mm_add_ph(x, _mm_sqrt_ph(x)); /* EVEX map 5 */
	__m128h z = _mm_fmadd_ph(x, y, x);	   /* EVEX map 6 */

	sum += (unsigned long)_mm_extract_epi16((__m128i)z, 3);
}

static void vectors(void)
{
	static uint8_t data[128];

	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 37 + sum);
	if (__builtin_cpu_supports("sse4.2") && __builtin_cpu_supports("popcnt"))
		sse4(data);
	if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2"))
		avx2(data);
	if (__builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl"))
		avx512(data);
	if (__builtin_cpu_supports("avx512fp16"))
		fp16(data);
}

int main(int argc, char **argv)
{
	unsigned rounds = argc > 1 ? (unsigned)atoi(argv[1]) : 1;
	static uint8_t dst[512], src[512];
	void *table[40];
	void **low = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
	static void *gs_block[2] = { NULL, (void *)asm_leaf };
	struct sigaction sa = { .sa_sigaction = skip_ud2, .sa_flags = SA_SIGINFO };

	if (low == MAP_FAILED || syscall(SYS_arch_prctl, ARCH_SET_GS, gs_block) != 0) {
		perror("diff_insns: setup");
		return 1;
	}
	low[0] = low[1] = (void *)asm_leaf;
	tls_leaf = (void *)asm_leaf;
	for (int i = 0; i < 40; i++)
		table[i] = (void *)asm_leaf;
	sigaction(SIGILL, &sa, NULL);
	for (unsigned r = 0; r < rounds; r++) {
		memset(src, (int)r, sizeof(src));
		sum += asm_loops(3 + r % 5) + asm_ret_imm();
		asm_enter();
		asm_far();
		asm_indirect(table);
		asm_segments((void *const *)low);
		asm_rep(dst, src);
		asm_ud2();
		if (rtm_enabled())
			sum += asm_xbegin();
		vectors();
	}
	printf("diff_insns %lu\n", sum);
	return 0;
}
