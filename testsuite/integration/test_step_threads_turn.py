#!/usr/bin/env python3
"""Two worker threads running the same function are stepped in turn
(`stepi', `stepi 20', `next') with `set scheduler-locking off', so every
other thread runs through the stepped code meanwhile: each command ends in
the thread gdb stepped, no other thread reports anything (no SIGTRAP), and
the program ends normally when told to."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    srv = t.tcp_server('threads_spin')
    cmds = ['break all_running', 'continue', 'delete', 'set scheduler-locking off']
    for step in ['stepi', 'stepi 20', 'next', 'stepi 20']:
        for thread in (2, 3):
            cmds += [f'thread {thread}', step, 'print $_thread']
    g = t.gdb('threads_spin', srv, cmds + ['set var keep_going = 0', 'continue'])
    g.expect(r'^Thread 1 .* hit Breakpoint 1, all_running \(\) at', 'continue')
    for n in range(1, 9):
        g.expect(rf'^\$\d+ = {2 + (n - 1) % 2}$', 'print $_thread', n)
    g.expect(r'^\[Inferior 1 \(process \d+\) exited with code 03\]$', 'continue', 2)
    g.reject(r'SIGTRAP|received signal|Switching to thread [^23]')


rt.main(test, __doc__)
