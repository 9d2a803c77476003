#!/usr/bin/env python3
"""stepi across a `syscall' instruction (x86 reports that step as a
breakpoint trap, not a trace trap): gdb lands on the next instruction, the
syscall's result is right, and the program runs on normally (no SIGILL from
a PC rewound into the middle of the instruction)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    srv = t.tcp_server('syscalls')
    g = t.gdb('syscalls', srv, [
        'break getpid', 'continue', 'display/i $pc',
        'stepi', 'stepi', 'print $rax', 'continue'])
    g.expect(r'^Breakpoint 1(\.1)?, .*getpid', 'continue')
    g.expect(r'=> 0x[0-9a-f]+ <__GI_getpid\+5>:\s+syscall', 'stepi')
    # the step across `syscall' ends on the next instruction, never inside it
    g.expect(r'=> 0x[0-9a-f]+ <__GI_getpid\+7>:\s+ret', 'stepi', 2)
    pid = int(g.expect(r'^\$\d+ = (\d+)$', 'print $rax').group(1))
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue', 2)
    g.reject(r'SIGILL|SIGTRAP|received signal')
    srv.expect(rf'^pid {pid}$')


rt.main(test, __doc__)
