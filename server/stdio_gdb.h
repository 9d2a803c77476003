/*
 * stdio_gdb — serving gdb over the pipe of `target remote | rstub - PROG'.
 *
 * gdb reads its stub's stderr (the pipe's error fd) after every byte it
 * takes from the stub (gdb's ser-base.c: one read(2) per byte), for as long
 * as any process holds that stderr open: a session start moving 200 KB
 * spent most of its time there. So, over stdio, nothing holds it once
 * serving begins: stdio_gdb_leave_shell() forks at start-up, the parent
 * exits and with it the shell gdb started us through (which held it while
 * waiting for us); the program's stdout and stderr go to a pipe of ours
 * instead (stdio_gdb_output_pipe), which the session forwards to gdb as
 * console output (`O' packets, rsp_program_output); and stdio_gdb_quiet()
 * points rstub's own stderr at /dev/null once its start-up lines are out
 * (not when traces go there: --debug without --debug-file). gdb then reads
 * the end of that stderr and stops reading it.
 * Functions return 0 or -errno.
 */
#ifndef RSTUB_STDIO_GDB_H
#define RSTUB_STDIO_GDB_H

/* Fork; the child returns 0 (-errno: no fork, go on as we are) and serves.
 * The parent waits: for stdio_gdb_started() (it exits 0, and the shell
 * with it), or for the child's exit (it exits with the child's status, so
 * a failed start still fails). */
int stdio_gdb_leave_shell(void);
/* The program started (or there is none to start): the parent may go. */
void stdio_gdb_started(void);
/* A start failed: what the program (or its shell) wrote, to our stderr. */
void stdio_gdb_show_output(int rd);
/* A pipe for the program's output: *rd non-blocking for the session, *wr
 * for the program; both close-on-exec. */
int stdio_gdb_output_pipe(int *rd, int *wr);
/* Our stderr to /dev/null, unless traces go there. */
void stdio_gdb_quiet(void);

#endif
