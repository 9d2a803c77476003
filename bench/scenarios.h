/*
 * scenarios — what rspbench measures: stub round trips (over rsp_wire) and
 * the physical limits the same machine imposes on any stub.
 *
 * Contract: each function runs one scenario to completion and returns the
 * mean cost of one operation in microseconds (memory reads: the seconds the
 * whole read took, in microseconds); it exits the process on any protocol or
 * system error. Stub scenarios expect the program stopped at bench_ready
 * (bench_stop_at_ready() puts it there).
 */
#ifndef RSTUB_BENCH_SCENARIOS_H
#define RSTUB_BENCH_SCENARIOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "rsp_wire.h"

double now_us(void);

/* Break at `ready`, continue there, remove the breakpoint; returns the thread. */
long bench_stop_at_ready(struct wire *w, uint64_t ready);
double bench_step(struct wire *w, long tid, long n);
double bench_g(struct wire *w, long n);
/* Stops the first hit of f; then each hit: z0, vCont;s (that thread), Z0, vCont;c. */
double bench_bp(struct wire *w, uint64_t f, long n);
/* Read `len` bytes at addr with m (binary false) or x; chunk 0 = as large as advertised. */
double bench_read(struct wire *w, uint64_t addr, size_t len, bool binary);

/*
 * PTRACE_SINGLESTEP + waitpid of a child running `argv`, from the SIGSTOP it
 * raises once started (bench_target spin-stop). spin_us: the tracer polls
 * for the stop that long before it sleeps (spin_wait.h), 0 sleeps at once.
 */
double phys_step(char *const argv[], long n, unsigned spin_us);
/* TCP loopback round trip: a 24-byte request, a `reply`-byte answer; the
 * answering side waits for each request with spin_poll(spin_us). */
double phys_rtt(size_t reply, long n, unsigned spin_us);
/* One process_vm_readv of `len` bytes at addr of a child running argv
 * (which prints a line when its memory is ready). */
double phys_vmread(char *const argv[], uint64_t addr, size_t len, long n);
/*
 * The read-x scenario (bench_read, binary) against a bare server: a forked
 * child that answers x as rstub does — process_vm_readv of 32 KiB of argv's
 * program, rstub's rsp_escape(), a write, the next 32 KiB — with nothing
 * else of a stub (no ptrace, no parser or target layer), advertising
 * packet_size and waiting for requests with spin_poll(spin_us). What it
 * takes is the floor of that design on this machine: the escaping, the
 * transport and the reader.
 */
double phys_bare_x(char *const argv[], uint64_t addr, size_t len, size_t packet_size,
		   unsigned spin_us);

/* PTRACE_ATTACH + waitpid every thread of pid, then detach them (whole time). */
double phys_attach(pid_t pid);

#endif
