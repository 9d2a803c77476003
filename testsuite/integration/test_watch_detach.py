#!/usr/bin/env python3
"""detach with a watchpoint still planted (inserted behind gdb's back with
`maintenance packet`, so gdb cannot remove it first): the server clears the
debug registers, and the program runs to its end instead of dying of a
SIGTRAP nobody catches."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    t.known_gdbserver_bug('detach leaves the debug registers set; the program '
                          'then dies of SIGTRAP at its next watched write')
    srv = t.tcp_server('watch')
    g = t.gdb('watch', srv, ['break main', 'continue',
                             'eval "maintenance packet Z2,%lx,4", &counter',
                             'detach'])
    g.expect(r'received: "OK"', 'eval "maintenance packet Z2,%lx,4", &counter')
    g.expect(r'^\[Inferior 1 \(process \d+\) detached\]$', 'detach')
    srv.expect(r'^watch 3 16 16$')


rt.main(test, __doc__)
