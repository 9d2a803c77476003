#!/usr/bin/env python3
"""200 continue/interrupt cycles (raw RSP client) over threads created
and joined 8 at a time (threads_churn): with no breakpoint (--once), and
with a breakpoint whose condition is false (`if 0', evaluated by the
server: Z0 with agent bytecode, as gdb sends it) at tick(), which every
thread calls (no --once). With --step=sw the server steps over that
breakpoint with every other thread stopped: a thread born meanwhile used
to be left in ptrace-stop, and the program hung joining it.
Each cycle lets the program make progress (its counter, read from
/proc/PID/mem, moves on by 8: 8 threads more ran), then ^C must stop it
with SIGINT. Every 25 cycles, while stopped, every live thread of the
program is in ptrace-stop and known to the server (qfThreadInfo): none
left running, none unknown (rstub once let stopped threads pile up until
^C was lost). A --once session ends with the client vanishing: the
server kills the program, reaps it and exits; the other ends with `D':
the server exits, no thread stays traced or in ptrace-stop, and the
program runs on (lib/faults.py, interrupt_cycles).

GNU gdbserver 13 passes the first session; its `D' after the churn leaves
the program hung in pthread_join (and itself in waitpid): against it the
second is skipped unless RSTUB_RUN_KNOWN_FAILURES=1."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
import faults as ft  # noqa: E402


def test(t):
    churn = ('threads_churn', ['1000000'], 'ticks')
    ft.interrupt_cycles(t, *churn, [], once=True)
    t.known_gdbserver_bug('D after thread churn leaves the program hung in '
                          'pthread_join and gdbserver in waitpid')
    ft.interrupt_cycles(t, *churn, [('tick', 0)], once=False)


rt.main(test, __doc__)
