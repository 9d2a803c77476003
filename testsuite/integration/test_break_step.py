#!/usr/bin/env python3
"""break main, continue, next, step into a function, finish out of it, and
stepi exactly one instruction; the program then runs to a normal exit."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    first = t.line('hello.c', 'main-first')
    call = t.line('hello.c', 'call')
    body = t.line('hello.c', 'square-body')
    srv = t.tcp_server('hello')
    g = t.gdb('hello', srv, ['break main', 'continue', 'next', 'step', 'next',
                             'finish', 'p/x $pc', 'stepi', 'p/x $pc',
                             'continue'])
    g.expect(rf'^Breakpoint 1 at 0x[0-9a-f]+: file .*hello\.c, line {first}\.$',
             'break main')
    g.expect(rf'^Breakpoint 1, main \(\) at .*hello\.c:{first}$', 'continue')
    g.expect(rf'^{first}\t\s*int n = 6;', 'continue')
    g.expect(rf'^{call}\t\s*int r = square\(n\);', 'next')
    g.expect(rf'^square \(x=6\) at .*hello\.c:{body}$', 'step')
    g.expect(rf'^{body}\t\s*int y = x \* x;', 'step')
    g.expect(rf'^{body + 1}\t\s*return y;', 'next', 2)
    g.expect(rf'main \(\) at .*hello\.c:{call}$', 'finish')
    g.expect(r'^Value returned is \$\d+ = 36$', 'finish')
    # stepi moves the pc by exactly one instruction: forward, at most 15 bytes.
    before = int(g.expect(r'= (0x[0-9a-f]+)', 'p/x $pc', 1).group(1), 16)
    after = int(g.expect(r'= (0x[0-9a-f]+)', 'p/x $pc', 2).group(1), 16)
    rt.check(0 < after - before <= 15,
             f'stepi moved pc from {before:#x} to {after:#x}: not one instruction')
    g.expect(rf"^(0x0*{after:x}\t)?({call}|{call + 1})\t", "stepi")
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue', 2)
    g.reject(r'SIGTRAP')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


rt.main(test, __doc__)
