#!/usr/bin/env python3
"""With scheduler-locking on, continue in a thread that then exits: the only
resumed thread is gone and the others are held stopped, so nothing can ever
stop; gdb hears so at once ("No unwaited-for children left.") instead of
waiting forever, and after `thread 1` the program runs to a normal exit."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    srv = t.tcp_server('threads_pair')
    g = t.gdb('threads_pair', srv, [
        'break left', 'continue', 'delete', 'set scheduler-locking on',
        'continue', 'info threads', 'set scheduler-locking off', 'thread 1',
        'continue'])
    n = g.expect(r'^Thread (\d+) .* hit Breakpoint 1, left \(\)', 'continue').group(1)
    g.expect(r'^No unwaited-for children left\.$', 'continue', 2)
    g.reject(rf'^\*?\s+{n}\s+Thread ', 'info threads')
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue', 3)
    g.reject(r'SIGTRAP|received signal')
    srv.expect(r'^pair 2 2$')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


rt.main(test, __doc__)
