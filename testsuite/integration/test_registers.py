#!/usr/bin/env python3
"""info registers and p $rip agree with the breakpoint address; a register
written with set var reaches the program (square(7) instead of square(6))."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


GPRS = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9',
        'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip', 'eflags', 'cs', 'ss',
        'ds', 'es', 'fs', 'gs']


def test(t):
    srv = t.tcp_server('hello')
    g = t.gdb('hello', srv, ['break *square', 'continue', 'info registers',
                             'p $rip', 'info registers rip', 'p $rdi',
                             'set var $rdi = 7', 'p $rdi', 'finish',
                             'continue'])
    bp = g.expect(r'^Breakpoint 1 at 0x([0-9a-f]+): file .*hello\.c',
                  'break *square').group(1)
    g.expect(r'^Breakpoint 1, (0x[0-9a-f]+ in )?square \(', 'continue')
    for reg in GPRS:
        g.expect(rf'^{reg}\s+0x[0-9a-f]+\s+\S', 'info registers')
    rip = g.expect(r'^rip\s+0x([0-9a-f]+)\s+0x[0-9a-f]+ <square>$',
                   'info registers').group(1)
    p_rip = g.expect(r'^\$\d+ = \(void \(\*\)\(\)\) 0x([0-9a-f]+) <square>$',
                     'p $rip').group(1)
    rt.check(bp == rip == p_rip,
             f'breakpoint 0x{bp}, info registers 0x{rip}, p $rip 0x{p_rip}')
    g.expect(rf'^rip\s+0x{rip}\s+0x{rip} <square>$', 'info registers rip')
    g.expect(r'^\$\d+ = 6$', 'p $rdi', 1)
    g.expect(r'^\$\d+ = 7$', 'p $rdi', 2)
    g.expect(r'^Value returned is \$\d+ = 49$', 'finish')
    g.expect(r'^\[Inferior 1 \(process \d+\) exited with code 01\]$', 'continue', 2)
    srv.expect(r'^hello 49$')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


rt.main(test, __doc__)
