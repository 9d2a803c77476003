#!/usr/bin/env python3
"""gdb calls functions in the stopped program (registers and memory written,
a resume to a dummy-frame breakpoint, registers restored): square(5) in the
program, strlen() in libc on a string gdb puts in the program's memory; the
program then carries on unharmed to its normal exit."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    print_line = t.line('hello.c', 'print')
    srv = t.tcp_server('hello')
    g = t.gdb('hello', srv, [f'break {print_line}', 'continue', 'p/x $pc',
                             'p square(5)', 'p (int)strlen("rstub!")',
                             'p/x $pc', 'p r', 'bt', 'continue'])
    g.expect(rf'^Breakpoint 1, main \(\) at .*hello\.c:{print_line}$', 'continue')
    pc = g.expect(r'^\$1 = (0x[0-9a-f]+)$', 'p/x $pc', 1).group(1)
    g.expect(r'^\$2 = 25$', 'p square(5)')
    g.expect(r'^\$3 = 6$', 'p (int)strlen("rstub!")')
    g.expect(rf'^\$4 = {pc}$', 'p/x $pc', 2)
    g.expect(r'^\$5 = 36$', 'p r')
    g.expect(rf'^#0\s+main \(\) at .*hello\.c:{print_line}\n(?!#1)', 'bt')
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue', 2)
    g.reject(r'SIGTRAP|SIGSEGV')
    srv.expect(r'^hello 36$')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


rt.main(test, __doc__)
