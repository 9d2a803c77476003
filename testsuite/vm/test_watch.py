#!/usr/bin/env python3
"""Hardware watchpoints on 32-bit ARM (PTRACE_SETHBPREGS): `watch` stops
after the store with old and new value, `rwatch` at the load, and `hbreak`
on a function; then the program runs to its end."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
import armvm  # noqa: E402
import rstubtest as rt  # noqa: E402


def session(t, vm, prog):
    srv = vm.rstub(prog)
    g = t.gdb(prog, srv.target, [
        'break main', 'continue', 'watch watched', 'rwatch watched', 'continue',
        'delete 2', 'continue', 'delete 3', 'hbreak leaf', 'continue', 'bt 1', 'delete 4',
        'continue'], timeout=60)
    g.expect(r'Breakpoint 1, main \(\)', 'continue')
    g.expect(r'^Hardware watchpoint 2: watched$', 'watch watched')
    g.expect(r'^Hardware read watchpoint 3: watched$', 'rwatch watched')
    g.expect(r'Hardware watchpoint 2: watched\n\nOld value = 0\nNew value = 42\n', 'continue', 2)
    g.expect(r'Hardware read watchpoint 3: watched\n\nValue = 42\n', 'continue', 3)
    g.expect(r'Breakpoint 4, leaf \(x=43\) at .*basic\.c:%d' % t.line('basic.c', 'leaf'),
             'continue', 4)
    g.expect(r'^#0\s+leaf \(x=43\)', 'bt 1')
    g.expect(r'\[Inferior 1 \(process \d+\) exited normally\]', 'continue', 5)
    vm.console.expect(r'^result 175')
    rt.check(srv.wait_exit() == 0, 'rstub exit status')


def test(t, vm):
    session(t, vm, 'basic.thumb')
    session(t, vm, 'basic.arm')


armvm.main(test, __doc__)
