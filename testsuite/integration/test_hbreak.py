#!/usr/bin/env python3
"""hbreak on a function: the hardware breakpoint is hit (reported as
hwbreak, the PC on the function's first line, not past it), and the
program runs on to its end once it is deleted."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    line = t.line('watch.c', 'hfunc')
    srv = t.tcp_server('watch')
    g = t.gdb('watch', srv, ['break main', 'continue', 'hbreak hfunc',
                             'continue', 'info breakpoints', 'delete',
                             'continue'])
    g.expect(r'^Hardware assisted breakpoint 2 at 0x[0-9a-f]+: file .*watch\.c, '
             r'line %d\.$' % line, 'hbreak hfunc')
    g.expect(r'^Breakpoint 2, hfunc \(x=15\) at .*watch\.c:%d\n%d\s' % (line, line),
             'continue', 2)
    g.expect(r'^2\s+hw breakpoint\s+keep y\s.*\n\s+breakpoint already hit 1 time',
             'info breakpoints')
    g.expect(r'exited normally', 'continue', 3)
    srv.expect(r'^watch 3 16 16$')


rt.main(test, __doc__)
