#!/usr/bin/env python3
"""A breakpoint in libc's write(), set once the shared libraries are loaded,
is hit from fflush, and bt from inside libc unwinds back to main."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    flush = t.line('hello.c', 'flush')
    srv = t.tcp_server('hello')
    g = t.gdb('hello', srv, ['break main', 'continue', 'info sharedlibrary',
                             'break write', 'continue', 'bt', 'finish',
                             'continue'])
    g.expect(r'^0x[0-9a-f]+\s+0x[0-9a-f]+\s+Yes\s+.*/libc\.so\.6$',
             'info sharedlibrary')
    g.expect(r'^Breakpoint 2 at 0x[0-9a-f]+', 'break write')
    g.expect(r'^Breakpoint 2, (0x[0-9a-f]+ in )?\w*write\w* \(', 'continue', 2)
    g.expect(r'^#0\s+(0x[0-9a-f]+ in )?\w*write\w* \(', 'bt')
    g.expect(rf'^#\d+\s+0x[0-9a-f]+ in main \(\) at .*hello\.c:{flush}$', 'bt')
    # write() returns the 9 bytes of "hello 36\n" to its caller in libc.
    g.expect(r'^Value returned is \$\d+ = 9$', 'finish')
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue', 3)
    srv.expect(r'^hello 36$')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


rt.main(test, __doc__)
