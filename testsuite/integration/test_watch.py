#!/usr/bin/env python3
"""watch on a global: each continue stops at the write with a hardware
watchpoint and shows the old and new values, then the program ends."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    srv = t.tcp_server('watch')
    g = t.gdb('watch', srv, ['break main', 'continue', 'watch counter',
                             'continue', 'continue', 'continue',
                             'delete', 'continue'])
    g.expect(r'^Hardware watchpoint 2: counter$', 'watch counter')
    for n in (1, 2, 3):
        out = 'continue'
        g.expect(r'^Hardware watchpoint 2: counter\n\nOld value = %d\n'
                 r'New value = %d\n' % (n - 1, n), out, n + 1)
    g.expect(r'\[Inferior 1 \(process \d+\) exited normally\]', 'continue', 5)
    srv.expect(r'^watch 3 16 16$')


rt.main(test, __doc__)
