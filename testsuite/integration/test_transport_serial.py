#!/usr/bin/env python3
"""Serial transport over a socat pty pair: the server's COMM is one pty,
gdb does `target remote /dev/pts/N` on the other.  A serial line has no
hang-up here, so the server is not expected to exit by itself afterwards."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    srv = t.serial_server('hello')
    g = t.gdb('hello', srv, ['break square', 'continue', 'p x', 'bt',
                             'x/16xb $sp', 'continue'])
    g.expect(r'^Breakpoint 1, square \(x=6\)', 'continue')
    g.expect(r'^\$1 = 6$', 'p x')
    g.expect(r'^#1\s+0x[0-9a-f]+ in main \(\) at .*hello\.c:\d+$', 'bt')
    g.expect(r'^0x[0-9a-f]+:(\s+0x[0-9a-f]{2}){8}\n0x[0-9a-f]+:(\s+0x[0-9a-f]{2}){8}$',
             'x/16xb $sp')
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue', 2)
    g.reject(r'Ignoring packet error|Remote connection closed|Malformed')
    srv.expect(r'^hello 36$')


rt.main(test, __doc__)
