#!/usr/bin/env python3
"""A `next' cut short: three threads call work(), which has a breakpoint;
at the first hit `next' range-steps that thread while the others run, and
another thread's hit is reported first. After `delete', setting the stop
flag and `continue' (a plain vCont;c), the program ends normally: the step
that gdb's report cancelled is forgotten, never reported later as a
SIGTRAP at its range's end. Several rounds, as the race is timing-bound."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402

ROUNDS = 6


def test(t):
    for _ in range(ROUNDS):
        srv = t.tcp_server('threads_next')
        g = t.gdb('threads_next', srv, ['break work', 'continue', 'next', 'delete',
                                        'set var stop_flag = 1', 'continue'])
        g.expect(r'hit Breakpoint 1, work|^Breakpoint 1, work', 'continue')
        g.expect(r'exited normally', 'continue', 2)
        g.reject(r'SIGTRAP|received signal')
        srv.expect(r'^done$')


rt.main(test, __doc__)
