#!/usr/bin/env python3
"""stepi onto an instruction that holds a user breakpoint, once by falling
through (onto a call) and once by that call: gdb reports `Breakpoint N' there, memory shows
the original instruction (no breakpoint byte left behind by the step), and
the program runs on to its normal exit."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402

# gdb python: a breakpoint on the instruction after the one at $pc
BREAK_NEXT = ("python f = gdb.selected_frame(); "
              "gdb.execute('break *%d' % (f.pc() + "
              "f.architecture().disassemble(f.pc())[0]['length']))")


def test(t):
    srv = t.tcp_server('step_cases', 'call')
    g = t.gdb('step_cases', srv, [
        'break caller', 'continue', BREAK_NEXT, 'stepi', 'x/i $pc',
        'break *callee', 'stepi', 'x/i $pc', 'print $pc == callee',
        'info breakpoints', 'continue'])
    g.expect(r'^Breakpoint 1, caller \(\) at', 'continue')
    g.expect(r'^Breakpoint 2 at 0x[0-9a-f]+', BREAK_NEXT)
    g.expect(r'^Breakpoint 2, (0x[0-9a-f]+ in )?caller \(\) at', 'stepi')
    # `value = 1' is one instruction: the step lands on the call
    g.expect(r'^=> 0x[0-9a-f]+ <caller\+\d+>:\s+call\s', 'x/i $pc')
    g.expect(r'^Breakpoint 3 at 0x[0-9a-f]+', 'break *callee')
    g.expect(r'^Breakpoint 3, (0x[0-9a-f]+ in )?callee \(\) at', 'stepi', 2)
    g.expect(r'^=> 0x[0-9a-f]+ <callee>:\s+push', 'x/i $pc', 2)
    g.expect(r'^\$1 = 1$', 'print $pc == callee')
    g.expect(r'^\[Inferior 1 \(process \d+\) exited with code 04\]$', 'continue', 2)
    g.reject(r'SIGTRAP|received signal')


rt.main(test, __doc__)
