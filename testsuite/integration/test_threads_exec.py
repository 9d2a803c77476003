#!/usr/bin/env python3
"""A thread that is not the leader calls execve while two other threads spin:
the thread group collapses, gdb reports the new program, the breakpoint in
the new image is hit in the (only) thread and the program exits with 5."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    line = t.line('threads_exec.c', 'after-exec')
    srv = t.tcp_server('threads_exec')
    g = t.gdb('threads_exec', srv, ['break after_exec', 'continue',
                                    'info threads', 'continue'])
    g.expect(r'^process \d+ is executing new program: .*threads_exec$', 'continue')
    g.expect(rf'Breakpoint 1, after_exec \(\) at .*threads_exec\.c:{line}$', 'continue')
    g.expect(r'^\* 1\s+Thread ', 'info threads')
    g.reject(r'^\s+2\s+Thread ', 'info threads')
    g.expect(r'^\[Inferior 1 \(process \d+\) exited with code 05\]$', 'continue', 2)
    g.reject(r'SIGTRAP|received signal')
    srv.expect(r'^after exec$')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


rt.main(test, __doc__)
