/*
 * bench_target — the program every benchmark debugs. Built -O0 -g -no-pie so
 * bench/run finds its symbols with nm and gdb finds its lines.
 *
 *   spin             bench_ready(), then loop forever (stepping, g)
 *   spin-stop        raise(SIGSTOP), then loop forever (raw ptrace steps)
 *   calls N T        bench_ready(), then T threads call f() N times in all
 *                    (T 0: the main thread calls it, the only thread)
 *   mem              fill bench_mem (16 MiB) with noise, print "ready",
 *                    bench_ready(), loop forever
 *   oneline N        bench_ready(), then oneline(N): a loop on one line
 *   threads T        start T threads that block, print "ready", block
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../noise.h"

#define MEM_SIZE (16u << 20)

unsigned char bench_mem[MEM_SIZE];
volatile unsigned long bench_counter;

__attribute__((noinline)) void bench_ready(void)
{
	bench_counter++;
}

__attribute__((noinline)) void f(void)
{
	bench_counter++;
}

__attribute__((noinline)) long oneline(long n)
{
	long i, sum = 0;
	for (i = 0; i < n; i++) sum += i;
	return sum;
}

static long calls_per_thread;

static void *call_f(void *arg)
{
	(void)arg;
	for (long i = 0; i < calls_per_thread; i++)
		f();
	return NULL;
}

static int calls(long n, int t)
{
	pthread_t th[64];

	if (t < 0 || t > 64)
		return 2;
	calls_per_thread = t ? n / t : n;
	bench_ready();
	if (!t)
		call_f(NULL);
	for (int i = 0; i < t; i++)
		pthread_create(&th[i], NULL, call_f, NULL);
	for (int i = 0; i < t; i++)
		pthread_join(th[i], NULL);
	return 0;
}

static void *block(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static int threads(int t)
{
	pthread_attr_t a;
	pthread_t th;

	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 64 * 1024);
	for (int i = 0; i < t; i++)
		if (pthread_create(&th, &a, block, NULL))
			return 1;
	puts("ready");
	fflush(stdout);
	block(NULL);
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (!strcmp(mode, "calls") && argc > 3)
		return calls(atol(argv[2]), atoi(argv[3]));
	if (!strcmp(mode, "oneline") && argc > 2) {
		bench_ready();
		return oneline(atol(argv[2])) == 42;
	}
	if (!strcmp(mode, "threads") && argc > 2)
		return threads(atoi(argv[2]));
	if (!strcmp(mode, "mem")) {
		bench_noise(bench_mem, MEM_SIZE);
		puts("ready");
		fflush(stdout);
	} else if (!strcmp(mode, "spin-stop")) {
		raise(SIGSTOP);
	} else if (strcmp(mode, "spin")) {
		fputs("usage: bench_target spin|spin-stop|calls N T|mem|oneline N|threads T\n", stderr);
		return 2;
	}
	bench_ready();
	for (;;)
		bench_counter++;
}
