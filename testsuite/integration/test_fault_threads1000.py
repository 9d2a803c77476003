#!/usr/bin/env python3
"""50 continue/interrupt cycles (raw RSP client) over 1,000 threads that
call a function and sleep 50 ms, over and over (programs/fault.c,
`threads 1000'), once all 1,000 run: each cycle the program's count of
calls must move on by 8 and ^C stop all 1,001 threads with SIGINT; every
10 cycles every live thread is in ptrace-stop and listed by qfThreadInfo.
The client then vanishes (--once): the server kills all of them, reaps
the program and exits. 50 cycles, as in the fault-test plan: each stops
and resumes 1,001 threads, about 0.1 s here, several times that on a
loaded 2-CPU machine."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
import faults as ft  # noqa: E402


def test(t):
    ft.interrupt_cycles(t, 'fault', ['threads', '1000'], 'ticks', [], once=True,
                        ncycles=50, check_every=10, ready=r'^threads 1000$')


rt.main(test, __doc__)
