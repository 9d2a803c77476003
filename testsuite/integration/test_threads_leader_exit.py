#!/usr/bin/env python3
"""main leaves with pthread_exit before its 4 threads hit a breakpoint 10
times each: the zombie leader neither hides nor duplicates events (gdb
counts 40 hits) and the process exits normally when the last thread does."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
import threadscen as ts  # noqa: E402


def test(t):
    srv = t.tcp_server('threads_leader')
    script = ts.counting_break(t, 'threads_leader.c', 'hit')
    g = t.gdb('threads_leader', srv, [f'source {script}', 'continue', 'print $hits'])
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue')
    g.expect(r'^\$\d+ = 40$', 'print $hits')
    g.reject(r'SIGTRAP|received signal')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


rt.main(test, __doc__)
