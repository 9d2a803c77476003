#!/usr/bin/env python3
"""The serial transport on real hardware: rstub on the guest's /dev/ttyS0
(a 16550 UART), host gdb connected through the socket qemu gives the host
side of that port. A whole session: connect, break, continue, backtrace,
step (a software step over the line), run to the exit."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
import armvm  # noqa: E402


def test(t, vm):
    srv = vm.rstub_serial('basic.thumb')
    g = t.gdb('basic.thumb', srv.target, [
        'break leaf', 'continue', 'bt', 'p x', 'next', 'p y', 'continue'], timeout=60)
    g.expect(r'Breakpoint 1, leaf \(x=43\) at .*basic\.c:%d' % t.line('basic.c', 'leaf'),
             'continue')
    g.expect(r'^#1\s+0x[0-9a-f]+ in middle \(x=42\)', 'bt')
    g.expect(r'^\$1 = 43$', 'p x')
    g.expect(r'^%d\s+return y;' % (t.line('basic.c', 'leaf') + 1), 'next')
    g.expect(r'^\$2 = 130$', 'p y')
    g.expect(r'\[Inferior 1 \(process \d+\) exited normally\]', 'continue', 2)
    vm.console.expect(r'^result 175')
    # A UART has no hangup: like gdbserver, rstub then waits for the next
    # session on the line; the VM's end ends it.


armvm.main(test, __doc__)
