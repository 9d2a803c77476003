#!/usr/bin/env python3
"""Memory reads never show the stub's breakpoints.

gdb hides breakpoints it knows about from `x`, so `x` alone proves nothing
about the stub.  With `set breakpoint always-inserted on` gdb keeps its two
breakpoints in main inserted (as Z0 packets) while the program is stopped, and
`maint packet m...` reads main's first 16 bytes straight from the stub: the
reply must equal the bytes of main in the executable file (read by a gdb with
no target), before the breakpoints are hit, while stopped at each of them, and
after they are deleted.  Hitting both breakpoints proves they really were
inserted; the normal exit proves the original code ran.
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402

READ_MAIN = 'eval "maint packet m%lx,10", (long)&main'


def file_bytes(t):
    """main's first 16 bytes in the executable, as hex."""
    g = t.gdb('hello', None, ['x/16xb main'])
    hexes = re.findall(r'\t0x([0-9a-f]{2})', g.out('x/16xb main'))
    rt.check(len(hexes) == 16, f'x/16xb main on the file:\n{g.text}')
    return ''.join(hexes)


def test(t):
    orig = file_bytes(t)
    rt.check(orig[:2] != 'cc', 'test bug: main starts with int3 in the file')
    srv = t.tcp_server('hello')
    g = t.gdb('hello', srv, ['set breakpoint always-inserted on', READ_MAIN,
                             'break *main', 'break main', READ_MAIN,
                             'x/16xb main', 'continue', READ_MAIN, 'continue',
                             READ_MAIN, 'delete', READ_MAIN, 'continue'])
    g.expect(r'^Breakpoint 1 at 0x[0-9a-f]+: file .*hello\.c', 'break *main')
    g.expect(r'^Breakpoint 2 at 0x[0-9a-f]+: file .*hello\.c', 'break main')
    g.expect(r'^Breakpoint 1, main \(\)', 'continue', 1)
    g.expect(r'^Breakpoint 2, main \(\)', 'continue', 2)
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue', 3)
    for n, when in enumerate(['before inserting', 'with breakpoints inserted',
                              'stopped at breakpoint 1',
                              'stopped at breakpoint 2', 'after delete'], 1):
        got = g.expect(r'^received: "([^"]*)"$', READ_MAIN, n).group(1)
        rt.check(got == orig, f'm packet {when}: stub returned {got}, '
                 f'the file holds {orig}')
    x = ''.join(re.findall(r'\t0x([0-9a-f]{2})', g.out('x/16xb main')))
    rt.check(x == orig, f'x/16xb main shows {x}, the file holds {orig}')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


rt.main(test, __doc__)
