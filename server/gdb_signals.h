/*
 * gdb_signals — translate between host (Linux) signal numbers and the
 * numbers the remote protocol uses (GDB's own table, include/gdb/signals.def).
 *
 * Contract: pure functions. An unknown host signal maps to GDB_SIGNAL_UNKNOWN
 * (143); an unknown gdb number maps to 0 (no signal).
 */
#ifndef RSTUB_GDB_SIGNALS_H
#define RSTUB_GDB_SIGNALS_H

/* GDB_SIGNAL_LAST is one past the last number (151, SIGLIBRT): size arrays with it. */
enum { GDB_SIGNAL_0 = 0, GDB_SIGNAL_INT = 2, GDB_SIGNAL_TRAP = 5, GDB_SIGNAL_UNKNOWN = 143,
       GDB_SIGNAL_LAST = 152 };

int gdb_signal_from_host(int hostsig);
int gdb_signal_to_host(int gdbsig);

#endif
