#!/usr/bin/env python3
"""A dynamically linked program on 32-bit ARM, where the shared libraries
and the stack lie above 2 GiB: gdb learns about libc when ld.so loads it
(the solib event breakpoint in ld.so is reported), a breakpoint in libc is
hit, and a local on the stack can be changed. gdb reads the libraries from
the target (sysroot target:, through vFile)."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
import armvm  # noqa: E402
import rstubtest as rt  # noqa: E402


def test(t, vm):
    srv = vm.rstub('basic.dyn')
    g = t.gdb('basic.dyn', srv.target, [
        'break leaf', 'continue', 'info sharedlibrary', 'set var x = 7', 'finish',
        'break printf', 'continue', 'bt 2', 'delete', 'continue'], timeout=90, sysroot=None)
    g.expect(r'Breakpoint 1, leaf \(x=43\)', 'continue')
    g.expect(r'^0x[0-9a-f]+\s+0x[0-9a-f]+\s+Yes.*libc\.so\.6$', 'info sharedlibrary')
    g.expect(r'Value returned is \$1 = 22$', 'finish')
    g.expect(r'Breakpoint 2, [^\n]*printf', 'continue', 2)
    g.expect(r'^#1\s+0x[0-9a-f]+ in main \(\) at .*basic\.c:\d+', 'bt 2')
    g.expect(r'exited normally', 'continue', 3)
    vm.console.expect(r'^result 67')
    rt.check(srv.wait_exit() == 0, 'rstub exit status')


armvm.main(test, __doc__)
