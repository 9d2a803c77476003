#!/usr/bin/env python3
"""kill, stopped at a breakpoint: gdb reports the process killed, the process
is gone and the server exits."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    srv = t.tcp_server('hello')
    g = t.gdb('hello', srv, ['break square', 'continue', 'info inferiors',
                             'kill', 'info inferiors'])
    g.expect(r'^Breakpoint 1, square \(x=6\)', 'continue')
    pid = g.expect(r'^\* 1\s+process (\d+)\s', 'info inferiors').group(1)
    g.expect(rf'^\[Inferior 1 \(process {pid}\) killed\]$', 'kill')
    g.expect(r'^\* 1\s+<null>\s', 'info inferiors', 2)
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')
    rt.wait_gone(int(pid), 'the killed program')
    rt.check('hello 36' not in srv.out.text, 'the killed program ran on')


rt.main(test, __doc__)
