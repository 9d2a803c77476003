#!/usr/bin/env python3
"""Signals sent to the whole process while breakpoint hits make rstub stop
every thread: with SIGUSR1 passed (nostop noprint pass), all 50 reach the
program exactly once (the program waits for each: a lost one hangs it), no
stray SIGTRAP shows, and gdb sees every one of the 4 x 20 hits.

gdb may count a hit twice: when a signal interrupts its step over the
breakpoint, the handler returns to the breakpoint address and the thread
really does hit it again (gdbserver gives the same counts), so the check is
"at least 80" while the program itself counts exactly 80 calls."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
import threadscen as ts  # noqa: E402


def test(t):
    srv = t.tcp_server('threads_procsig', '4', '20', '50')
    script = ts.counting_break(t, 'threads_procsig.c', 'hit')
    g = t.gdb('threads_procsig', srv, ['handle SIGUSR1 nostop noprint pass',
                                       f'source {script}', 'continue', 'print $hits'])
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue')
    hits = int(g.expect(r'^\$\d+ = (\d+)$', 'print $hits').group(1))
    rt.check(hits >= 80, f'gdb counted {hits} hits, expected at least 80')
    g.reject(r'SIGTRAP|Unknown stopping')
    srv.expect(r'^total 80$')
    srv.expect(r'^signals 50$')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


rt.main(test, __doc__)
