#!/usr/bin/env python3
"""detach, stopped at a breakpoint in square(): the program runs on without
the debugger, prints its line and exits; then the server exits.  With
breakpoints kept inserted while stopped, one on the printf line, detaching must
leave the original code behind: a stray int3 would kill the program with
SIGTRAP before it prints "hello 36"."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    srv = t.tcp_server('hello')
    print_line = t.line('hello.c', 'print')
    g = t.gdb('hello', srv, ['set breakpoint always-inserted on',
                             'break square', f'break {print_line}', 'continue',
                             'info inferiors', 'detach', 'info inferiors'])
    g.expect(r'^Breakpoint 1, square \(x=6\)', 'continue')
    pid = g.expect(r'^\* 1\s+process (\d+)\s', 'info inferiors').group(1)
    g.expect(rf'^\[Inferior 1 \(process {pid}\) detached\]$', 'detach')
    g.expect(r'^\* 1\s+<null>\s', 'info inferiors', 2)
    srv.expect(r'^hello 36$')
    rt.wait_gone(int(pid), 'the detached program')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


rt.main(test, __doc__)
