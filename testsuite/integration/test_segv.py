#!/usr/bin/env python3
"""A SIGSEGV stops the program at the faulting store, with the fault address
in $_siginfo; continuing delivers it and the program dies of it."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    fault = t.line('segv.c', 'fault')
    srv = t.tcp_server('segv')
    g = t.gdb('segv', srv, ['continue', 'x/i $pc', 'p $_siginfo.si_signo',
                            'p $_siginfo.si_code',
                            'p $_siginfo._sifields._sigfault.si_addr',
                            'continue'])
    g.expect(r'^Program received signal SIGSEGV, Segmentation fault\.\n'
             rf'(0x[0-9a-f]+ in )?main \(\) at .*segv\.c:{fault}$', 'continue')
    # The pc is the store itself, not the instruction after it.
    g.expect(r'^=> 0x[0-9a-f]+ <main\+\d+>:\s+mov\w*\s+\S+,\(%r\w+\)$', 'x/i $pc')
    g.expect(r'^\$1 = 11$', 'p $_siginfo.si_signo')
    g.expect(r'^\$2 = 1$', 'p $_siginfo.si_code')  # SEGV_MAPERR
    g.expect(r'^\$3 = \(void \*\) 0x4242$', 'p $_siginfo._sifields._sigfault.si_addr')
    g.expect(r'^Program terminated with signal SIGSEGV, Segmentation fault\.$',
             'continue', 2)
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


rt.main(test, __doc__)
