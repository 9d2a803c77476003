#!/usr/bin/env python3
"""stdio transport: gdb runs `target remote | SERVER - PROG` and talks RSP
over the pipe.  The program's own output must not go onto the pipe (it would
corrupt the protocol): it shows up on gdb's terminal instead, in order --
written before a stop, it is shown before the stop.  The server's start-up
lines (on its stderr, which gdb shows) come first."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    g = t.gdb('hello', t.stdio_target('hello'),
              ['break square', 'continue', 'p x', 'bt', 'break hello.c:{}'.format(
                  t.line('hello.c', 'return')), 'continue', 'continue'])
    rt.expect_text(r'Process \S*hello created; pid = \d+', g.pre, 'the start')
    g.expect(r'^Breakpoint 1, square \(x=6\)', 'continue')
    g.expect(r'^\$1 = 6$', 'p x')
    g.expect(r'^#1\s+0x[0-9a-f]+ in main \(\) at .*hello\.c:\d+$', 'bt')
    # the line fflush wrote is out before the breakpoint after it stops the program
    out = g.out('continue', 2)
    rt.check(out.find('hello 36') < out.find('Breakpoint 2,') and 'hello 36' in out,
             f'the output written before the stop comes first:\n{out}')
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue', 3)
    g.reject(r'Ignoring packet error|Remote connection closed|Malformed')


rt.main(test, __doc__)
