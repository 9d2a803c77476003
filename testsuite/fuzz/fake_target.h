/*
 * fake_target — a debug target with no process behind it, for fuzzing the
 * RSP handlers through a whole session (fuzz_rsp_session.c). Test code:
 * never linked into rstub.
 *
 * Contract: every target_ops member and group is filled, every call is
 * bounded (no I/O, no blocking, fixed-size state) and acts on this model:
 *  - process FAKE_PID, spawned; threads FAKE_PID .. FAKE_PID + FAKE_NTHREADS
 *    - 1, always alive; the last has no name nor core (-ENOENT);
 *  - registers laid out by the target description given, zero but PC and
 *    SP; those of an avx512 feature unavailable (-ENOENT); -EBUSY while the
 *    process runs;
 *  - memory: a few pages at fixed addresses (code, data, stack); a read or
 *    write stops at the first byte outside them, -EIO when none is inside;
 *  - breakpoints and watchpoints kept in a table: software ones on memory
 *    only, hardware ones in 4 slots (x86 debug registers, -ENOSPC);
 *    conditions and commands accepted on a planted software breakpoint;
 *  - qXfer objects: auxv, exec-file, a one-library svr4 list, a siginfo per
 *    thread (writable), two host processes;
 *  - stops from a script: each resume takes the next 2-byte record
 *    (WHAT, ARG) of the script, or (1, 0) once it is used up:
 *      WHAT % 16 % 9: 0 step, 1 software breakpoint (PC at a planted one;
 *        a step without), 2 hardware breakpoint, 3 watchpoint (at a planted
 *        one's address, its kind), 4 signal ARG % 64 + 1, 5 exit with status
 *        ARG, 6 killed by signal ARG % 64 + 1, 7 exec, 8 no thread resumed;
 *      WHAT / 16 % 4: the thread (FAKE_NTHREADS - 1 at most);
 *      WHAT / 64: ticks until the stop is ready (0: at once, reported by
 *        the resume itself; 3: never, only an interrupt stops the process).
 *    An interrupt while running makes a SIGINT stop ready now; one while
 *    stopped stops the next resume with SIGINT.
 */
#ifndef RSTUB_FAKE_TARGET_H
#define RSTUB_FAKE_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "target.h"

enum { FAKE_PID = 1000, FAKE_NTHREADS = 3 };

/* A new fake process for cfg's arch and tdesc, its stops read from
 * script[0..len) (not copied: it must outlive the target); *first is its
 * first stop (SIGTRAP in thread FAKE_PID). NULL when out of memory. */
struct target *fake_target_new(const struct target_config *cfg, const uint8_t *script,
			       size_t len, struct target_stop *first);
/* Time passes: a stop due in some ticks comes one tick nearer. */
void fake_target_tick(struct target *t);
/* A stop is ready for wait(). */
bool fake_target_stop_ready(struct target *t);

#endif
