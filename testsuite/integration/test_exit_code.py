#!/usr/bin/env python3
"""The program's arguments reach it and its exit status reaches gdb: the
exitcode program exits with its argument."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def session(t, code, expected):
    srv = t.tcp_server('exitcode', str(code))
    g = t.gdb('exitcode', srv, ['info inferiors', 'continue', 'info inferiors'])
    pid = g.expect(r'^\* 1\s+process (\d+)\s', 'info inferiors').group(1)
    g.expect(rf'^\[Inferior 1 \(process {pid}\) {expected}\]$', 'continue')
    g.expect(r'^\* 1\s+<null>\s', 'info inferiors', 2)
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')
    rt.wait_gone(int(pid), 'the program')


def test(t):
    session(t, 7, 'exited with code 07')   # gdb prints the status in octal
    session(t, 200, 'exited with code 0310')
    session(t, 0, 'exited normally')


rt.main(test, __doc__)
