/*
 * diff_mix — armhf test program for the decoder differential test: IT
 * blocks (conditional expressions), switch tables (tbb/tbh in Thumb,
 * ldr pc / add pc in ARM), calls through function pointers, libc calls
 * (qsort's callback, snprintf, string functions, 64-bit division helpers),
 * recursion and setjmp/longjmp. argv[1] scales the work.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile int sink;
static jmp_buf env;

__attribute__((noinline)) static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

__attribute__((noinline)) static int it_mix(int a, int b)
{
	int r = 0;

	if (a > b)
		r += a - b;
	else
		r -= b - a;
	r += (a & 1) ? a >> 1 : a << 1;
	r += (b == 7) ? 3 : (b < 0 ? -3 : 1);
	return r ^ (a > 100 ? 5 : 9);
}

/* Dense: a jump table. */
__attribute__((noinline)) static int sw_small(int k)
{
	switch (k) {
	case 0: return 11;
	case 1: return sink + 3;
	case 2: return 17 * k;
	case 3: return k - 9;
	case 4: return sink ^ 4;
	case 5: return 5;
	case 6: return -k;
	case 7: return k << 3;
	case 8: return k * k;
	default: return 0;
	}
}

/* Wide cases: tbh in Thumb. */
__attribute__((noinline)) static int sw_wide(int k)
{
	int r = 1;

	switch (k) {
	case 0: r = 2; break;
	case 1: r = sink * 7; break;
	case 2: r = clampi(sink, 0, 3); break;
	case 3: r = it_mix(k, 3); break;
	case 4: r = (int)strlen("four"); break;
	case 5: r = sw_small(k); break;
	case 6: r = k * 1234567; break;
	case 7: r = sink - 1; break;
	case 8: r = sink + it_mix(sink, 8); break;
	case 9: r = 99; break;
	case 10: r = sink / 3; break;
	case 11: r = sink % 7; break;
	case 12: r = 121; break;
	case 13: r = sw_small(k & 7) + 1; break;
	case 14: r = -14; break;
	case 15: r = (int)(unsigned)sink >> 2; break;
	case 16: r = 0x1000; break;
	case 17: r = clampi(k, 5, 6); break;
	default:
		r = 7;
		break;
	}
	return r;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int op_add(int a, int b) { return a + b; }
static int op_sub(int a, int b) { return a - b; }
static int op_mul(int a, int b) { return a * b; }
static int op_div(int a, int b) { return b ? a / b : 0; }
static int clampi2(int a, int b) { return clampi(a, -b, b); }
static int (*const ops[])(int, int) = { op_add, op_sub, op_mul, op_div, it_mix, clampi2 };

__attribute__((noinline)) static int fib(int n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

__attribute__((noinline)) static void jumper(int depth)
{
	if (depth == 0)
		longjmp(env, 1);
	jumper(depth - 1);
	sink++;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10, i, j, arr[24];
	long long big = 0x123456789abcdefLL;
	char buf[64];

	for (i = 0; i < n; i++) {
		sink = i;
		for (j = 0; j < 20; j++)
			sink += sw_wide((i + j) % 20) + it_mix(i - j, j);
		for (j = 0; j < (int)(sizeof(ops) / sizeof(ops[0])); j++)
			sink += ops[j](i + 3, j + 1);
		for (j = 0; j < 24; j++)
			arr[j] = (j * 7919 + i * 31) % 101 - 50;
		qsort(arr, 24, sizeof(arr[0]), cmp_int);
		snprintf(buf, sizeof(buf), "%d:%lld:%x", arr[i % 24], big / (i + 3), i);
		sink += (int)strlen(buf) + (int)(big % (i + 7)) + atoi(buf);
		sink += fib(8 + i % 4);
		if (!setjmp(env))
			jumper(i % 5);
		memset(buf, i, sizeof(buf));
		sink += memcmp(buf, buf + 1, 32) + (strchr("abcdef", 'a' + i % 6) != NULL);
	}
	printf("%d\n", sink);
	return 0;
}
