#!/usr/bin/env python3
"""stepi across the `syscall' of kill(getpid(), SIGUSR1): the signal is
pending when the syscall returns, during the step. gdb reports it once,
stopped on the instruction after the syscall (a software step stops for it
before that instruction; the kernel's step ends first and the signal comes
with the next resume), and memory there shows no breakpoint byte; with
`handle SIGUSR1 nostop noprint' the step completes past the handler instead.
Either way the handler runs once and the program ends normally."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
from stepcases import ADVANCE_SYSCALL  # noqa: E402


def test(t):
    srv = t.tcp_server('step_cases', 'signal')
    g = t.gdb('step_cases', srv, [
        'break kill', 'continue', ADVANCE_SYSCALL, 'x/i $pc', 'print $pc + 2',
        'stepi', 'print $pc', 'x/2i $pc', 'print handled', 'continue', 'continue'])
    g.expect(r'=> 0x[0-9a-f]+ <(__GI_)?kill\+\d+>:\s+syscall', 'x/i $pc')
    after = g.expect(r'^\$1 = \(void \(\*\)\(\)\) (0x[0-9a-f]+)', 'print $pc + 2').group(1)
    g.expect(rf'^\$2 = \(void \(\*\)\(\)\) {after} ', 'print $pc')
    g.reject(r'int3', 'x/2i $pc')
    g.expect(r'^\$3 = 0$', 'print handled')
    signal = r'^Program received signal SIGUSR1, User defined signal 1\.$'
    in_step = bool(re.search(signal, g.out('stepi'), re.M))
    in_continue = bool(re.search(signal, g.out('continue', 2), re.M))
    rt.check(in_step != in_continue, 'SIGUSR1 not reported exactly once by '
             f'stepi ({in_step}) and the next continue ({in_continue})')
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue',
             2 if in_step else 3)
    g.reject(r'SIGTRAP')
    srv.expect(r'^handled 1$')

    srv = t.tcp_server('step_cases', 'signal')
    g = t.gdb('step_cases', srv, [
        'handle SIGUSR1 nostop noprint pass', 'break kill', 'continue',
        ADVANCE_SYSCALL, 'print $pc + 2', 'stepi', 'print $pc', 'x/2i $pc', 'continue'])
    after = g.expect(r'^\$1 = \(void \(\*\)\(\)\) (0x[0-9a-f]+)', 'print $pc + 2').group(1)
    g.expect(rf'^\$2 = \(void \(\*\)\(\)\) {after} ', 'print $pc')
    g.reject(r'int3', 'x/2i $pc')
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue', 2)
    g.reject(r'SIGTRAP|received signal')
    srv.expect(r'^handled 1$')


rt.main(test, __doc__)
