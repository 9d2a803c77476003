#!/usr/bin/env python3
"""set var changes a local: p shows the new value and the program uses it
(its exit status becomes the value written)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402



def test(t):
    ret = t.line('exitcode.c', 'return')
    srv = t.tcp_server('exitcode', '3')
    g = t.gdb('exitcode', srv, [f'break {ret}', 'continue', 'p code',
                                'set var code = 42', 'p code', 'continue'])
    g.expect(rf'^Breakpoint 1, main \(argc=2, argv=0x[0-9a-f]+\) at .*exitcode\.c:{ret}$',
             'continue')
    g.expect(r'^\$1 = 3$', 'p code', 1)
    g.expect(r'^\$2 = 42$', 'p code', 2)
    # gdb prints the exit status in octal: 42 is 052.
    g.expect(r'^\[Inferior 1 \(process \d+\) exited with code 052\]$', 'continue', 2)
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


rt.main(test, __doc__)
