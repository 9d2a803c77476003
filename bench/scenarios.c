/* scenarios — see scenarios.h for the contract. */
#include "scenarios.h"
#include "noise.h"
#include "hex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

long bench_stop_at_ready(struct wire *w, uint64_t ready)
{
	long tid;

	wire_cmd(w, "?");
	wire_expect(w, "?", "T");
	wire_cmd(w, "Z0,%llx,1", (unsigned long long)ready);
	wire_expect(w, "Z0 bench_ready", "OK");
	wire_cmd(w, "vCont;c");
	wire_expect(w, "vCont;c to bench_ready", "T05");
	tid = wire_stop_thread(w);
	wire_cmd(w, "z0,%llx,1", (unsigned long long)ready);
	wire_expect(w, "z0 bench_ready", "OK");
	wire_cmd(w, "Hg%lx", tid);
	return tid;
}

double bench_step(struct wire *w, long tid, long n)
{
	char pkt[64];
	size_t len = (size_t)snprintf(pkt, sizeof(pkt), "vCont;s:%lx", tid);
	double t0 = now_us();

	for (long i = 0; i < n; i++) {
		wire_cmd_raw(w, pkt, len);
		if (w->reply[0] != 'T')
			wire_expect(w, "vCont;s", "T05");
	}
	return (now_us() - t0) / (double)n;
}

double bench_g(struct wire *w, long n)
{
	double t0 = now_us();

	for (long i = 0; i < n; i++) {
		wire_cmd_raw(w, "g", 1);
		if (w->reply_len < 16)
			wire_expect(w, "g", "(registers)");
	}
	return (now_us() - t0) / (double)n;
}

double bench_bp(struct wire *w, uint64_t f, long n)
{
	char z[64], Z[64], s[64];
	size_t zl = (size_t)snprintf(z, sizeof(z), "z0,%llx,1", (unsigned long long)f);
	size_t Zl = (size_t)snprintf(Z, sizeof(Z), "Z0,%llx,1", (unsigned long long)f);
	double t0;

	wire_cmd_raw(w, Z, Zl);
	wire_expect(w, "Z0 f", "OK");
	wire_cmd(w, "vCont;c");
	wire_expect(w, "vCont;c to f", "T05");
	t0 = now_us();
	for (long i = 0; i < n; i++) {
		/* step the thread that hit f over it, the others stay stopped */
		size_t sl = (size_t)snprintf(s, sizeof(s), "vCont;s:%lx", wire_stop_thread(w));

		wire_cmd_raw(w, z, zl);
		wire_expect(w, "z0 f", "OK");
		wire_cmd_raw(w, s, sl);
		wire_expect(w, "vCont;s over f", "T05");
		wire_cmd_raw(w, Z, Zl);
		wire_expect(w, "Z0 f", "OK");
		wire_cmd(w, "vCont;c");
		wire_expect(w, "vCont;c to f", "T05");
	}
	return (now_us() - t0) / (double)n;
}

/* Bytes one request asks for: what the reply can carry in PacketSize. */
static size_t read_chunk(const struct wire *w, bool binary)
{
	size_t ps = w->packet_size ? w->packet_size : 400;

	return binary ? ps - 1 : ps / 2;
}

/* Read len bytes at addr with m or x requests of `chunk` bytes; the bytes
 * go to keep (m's hex decoded) unless it is NULL. */
static void read_range(struct wire *w, uint64_t addr, size_t len, bool binary,
		       unsigned char *keep)
{
	size_t chunk = read_chunk(w, binary);

	for (size_t done = 0; done < len;) {
		size_t ask = len - done < chunk ? len - done : chunk;
		size_t got;

		wire_cmd(w, "%c%llx,%zx", binary ? 'x' : 'm',
			 (unsigned long long)(addr + done), ask);
		if (binary) {
			wire_expect(w, "x", "b");
			got = w->reply_len - 1;
		} else {
			if (w->reply_len % 2 || w->reply[0] == 'E')
				wire_expect(w, "m", "(hex)");
			got = w->reply_len / 2;
		}
		if (!got || got > ask)
			wire_expect(w, "read", "(some bytes, no more than asked)");
		if (keep && binary)
			memcpy(keep + done, w->reply + 1, got);
		else if (keep && hex_decode(keep + done, w->reply, got))
			wire_expect(w, "m", "(hex)");
		done += got;
	}
}

double bench_read(struct wire *w, uint64_t addr, size_t len, bool binary)
{
	unsigned char *want = malloc(len), *kept = malloc(len);
	double t0;

	if (!want || !kept) {
		fprintf(stderr, "rspbench: out of memory\n");
		exit(2);
	}
	/* a first, untimed pass checks every byte against the program's */
	read_range(w, addr, len, binary, kept);
	bench_noise(want, len);
	if (memcmp(kept, want, len)) {
		fprintf(stderr, "rspbench: the bytes read are not the program's\n");
		exit(2);
	}
	free(want);
	free(kept);
	t0 = now_us();
	read_range(w, addr, len, binary, NULL);
	return now_us() - t0;
}
