#!/usr/bin/env python3
"""A single-step (stepi, next) whose instruction writes a watched variable
reports the watchpoint, not just the end of the step."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    line = t.line('watch.c', 'counter-write')
    srv = t.tcp_server('watch')
    g = t.gdb('watch', srv, [f'break {line}', 'continue', 'watch counter',
                             'next', 'next', 'next', 'delete', 'continue'])
    g.expect(r'^Hardware watchpoint 2: counter\n\nOld value = 0\nNew value = 1\n',
             'next')
    g.expect(r'exited normally', 'continue', 2)

    srv = t.tcp_server('watch')
    cmds = [f'break {line}', 'continue', 'watch counter'] + ['stepi'] * 12
    g = t.gdb('watch', srv, cmds)
    text = ''.join(g.out('stepi', n) for n in range(1, 13))
    rt.expect_text(r'^Hardware watchpoint 2: counter\n\nOld value = 0\n'
                   r'New value = 1\n', text, 'the stepi outputs')


rt.main(test, __doc__)
