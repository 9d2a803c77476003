#!/usr/bin/env python3
"""stdio transport: gdb runs `target remote | SERVER - PROG` and talks RSP
over the pipe.  The program's own output must not go onto the pipe (it would
corrupt the protocol): it shows up on gdb's terminal instead."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    g = t.gdb('hello', t.stdio_target('hello'),
              ['break square', 'continue', 'p x', 'bt', 'continue'])
    g.expect(r'^Breakpoint 1, square \(x=6\)', 'continue')
    g.expect(r'^\$1 = 6$', 'p x')
    g.expect(r'^#1\s+0x[0-9a-f]+ in main \(\) at .*hello\.c:\d+$', 'bt')
    g.expect(r'^hello 36$', 'continue', 2)
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue', 2)
    g.reject(r'Ignoring packet error|Remote connection closed|Malformed')


rt.main(test, __doc__)
