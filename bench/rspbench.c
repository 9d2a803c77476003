/*
 * rspbench — one benchmark scenario per run, against a stub already
 * listening on 127.0.0.1:PORT (or no stub for the physical limits).
 * Prints one line `us=VALUE` (see scenarios.h for what VALUE means); the
 * driver, bench/run, repeats and compares. Usage: rspbench --help.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenarios.h"

static const char usage[] =
	"usage: rspbench SCENARIO ARGS...\n"
	"  step PORT READY N            vCont;s round trip\n"
	"  g PORT READY N               g round trip\n"
	"  bp PORT READY F N            z0, vCont;s, Z0, vCont;c per hit of F\n"
	"  read-m PORT READY ADDR LEN   m reads at the advertised PacketSize\n"
	"  read-x PORT READY ADDR LEN   x (binary) reads; prints us=nan when not supported\n"
	"  packet-size PORT             the advertised PacketSize, the g frame's size\n"
	"  phys-step N SPIN PROG ARGS...  raw PTRACE_SINGLESTEP\n"
	"  phys-rtt N REPLY_BYTES SPIN  TCP loopback round trip\n"
	"  phys-vmread N ADDR LEN PROG ARGS...  process_vm_readv\n"
	"  phys-bare-x ADDR LEN PACKET_SIZE SPIN PROG ARGS...  read-x from a bare server\n"
	"  phys-attach PID              PTRACE_ATTACH every thread, then detach\n"
	"READY, F and ADDR are hex addresses; N and LEN decimal; SPIN: microseconds\n"
	"the waiting side polls before it sleeps (0: it sleeps at once).\n";

static uint64_t hex_arg(const char *s)
{
	return strtoull(s, NULL, 16);
}

static double stub_scenario(const char *name, int argc, char **argv)
{
	struct wire w;
	long tid;
	double us;

	wire_connect(&w, atoi(argv[0]));
	if (!strcmp(name, "packet-size")) {
		wire_cmd(&w, "?");
		wire_cmd(&w, "g");
		printf("packet_size=%zu g_frame=%zu\n", w.packet_size, w.reply_len + 4);
		exit(0);
	}
	if (argc < 3) {
		fputs(usage, stderr);
		exit(2);
	}
	tid = bench_stop_at_ready(&w, hex_arg(argv[1]));
	if (!strcmp(name, "step"))
		us = bench_step(&w, tid, atol(argv[2]));
	else if (!strcmp(name, "g"))
		us = bench_g(&w, atol(argv[2]));
	else if (!strcmp(name, "bp") && argc >= 4)
		us = bench_bp(&w, hex_arg(argv[2]), atol(argv[3]));
	else if (!strcmp(name, "read-m") && argc >= 4)
		us = bench_read(&w, hex_arg(argv[2]), strtoul(argv[3], NULL, 10), false);
	else if (!strcmp(name, "read-x") && argc >= 4) {
		wire_cmd(&w, "x%llx,1", (unsigned long long)hex_arg(argv[2]));
		us = w.reply[0] == 'b' ? bench_read(&w, hex_arg(argv[2]),
						    strtoul(argv[3], NULL, 10), true)
				       : 0.0 / 0.0;
	} else {
		fputs(usage, stderr);
		exit(2);
	}
	wire_send(&w, "vKill;0", 7); /* no reply needed: the stub may just exit */
	wire_close(&w);
	return us;
}

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "";
	double us;

	if (argc < 3 || !strcmp(name, "--help")) {
		fputs(usage, argc < 3 && strcmp(name, "--help") ? stderr : stdout);
		return argc < 3 && strcmp(name, "--help") ? 2 : 0;
	}
	if (!strcmp(name, "phys-step") && argc >= 5)
		us = phys_step(argv + 4, atol(argv[2]), (unsigned)atoi(argv[3]));
	else if (!strcmp(name, "phys-rtt") && argc >= 5)
		us = phys_rtt(strtoul(argv[3], NULL, 10), atol(argv[2]), (unsigned)atoi(argv[4]));
	else if (!strcmp(name, "phys-vmread") && argc >= 6)
		us = phys_vmread(argv + 5, hex_arg(argv[3]), strtoul(argv[4], NULL, 10),
				 atol(argv[2]));
	else if (!strcmp(name, "phys-bare-x") && argc >= 7)
		us = phys_bare_x(argv + 6, hex_arg(argv[2]), strtoul(argv[3], NULL, 10),
				 strtoul(argv[4], NULL, 10), (unsigned)atoi(argv[5]));
	else if (!strcmp(name, "phys-attach"))
		us = phys_attach(atoi(argv[2]));
	else
		us = stub_scenario(name, argc - 2, argv + 2);
	printf("us=%.3f\n", us);
	return 0;
}
