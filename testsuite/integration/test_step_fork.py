#!/usr/bin/env python3
"""A forked child is no process gdb debugs, but it starts as a copy of the
parent's memory, planted breakpoints included: with a breakpoint in code
only the child runs, and a stepi across the fork's `syscall' (a software
step plants a breakpoint after it), the child still runs to its own exit
(3) instead of dying of SIGTRAP, and the parent ends normally."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
from stepcases import ADVANCE_SYSCALL  # noqa: E402


def test(t):
    srv = t.tcp_server('step_cases', 'fork')
    g = t.gdb('step_cases', srv, [
        'break child_part', 'break syscall', 'continue', ADVANCE_SYSCALL, 'x/i $pc',
        'stepi', 'print $rax > 0', 'continue'])
    g.expect(r'^Breakpoint 2, syscall \(\)', 'continue')
    g.expect(r'=> 0x[0-9a-f]+ <syscall\+\d+>:\s+syscall', 'x/i $pc')
    g.expect(r'^\$1 = 1$', 'print $rax > 0')
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue', 2)
    g.reject(r'SIGTRAP|received signal')
    srv.expect(r'^child exited 3$')


rt.main(test, __doc__)
