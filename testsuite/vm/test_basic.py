#!/usr/bin/env python3
"""A first session on 32-bit ARM Linux, over TCP, for an ARM-state and a
Thumb-state program: break main, continue, bt, info registers, x/i $pc,
print a variable, finish, run to the exit; the guest's shell keeps its
console while rstub runs in the background."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
import armvm  # noqa: E402
import rstubtest as rt  # noqa: E402


def session(t, vm, prog, thumb):
    srv = vm.rstub(prog)
    # started as a background job, rstub leaves the console to the shell
    # (gdbserver hands it to the program: see armvm.Vm.gdbserver)
    rt.check(vm.sh('true') == 0, 'the guest shell, with rstub waiting for gdb')
    leaf = t.line('basic.c', 'leaf')
    g = t.gdb(prog, srv.target, [
        'break main', 'continue', 'break leaf', 'continue', 'bt', 'info registers',
        'x/i $pc', 'p x', 'p/x $cpsr & 0x20', 'finish', 'continue'], timeout=60)
    g.expect(r'Breakpoint 1, main \(\) at .*basic\.c:\d+', 'continue')
    g.expect(rf'Breakpoint 2, leaf \(x=43\) at .*basic\.c:{leaf}', 'continue', 2)
    g.expect(r'^#0\s+leaf \(x=43\) at .*basic\.c:\d+\n#1\s+0x[0-9a-f]+ in middle '
             r'\(x=42\) at .*\n#2\s+0x[0-9a-f]+ in main \(\) at ', 'bt')
    regs = g.out('info registers')
    for r in ['r0', 'r7', 'r11', 'sp', 'lr', 'pc', 'cpsr']:
        rt.expect_text(rf'^{r}\s+0x[0-9a-f]+', regs, 'info registers')
    g.expect(r'^=> 0x[0-9a-f]+ <leaf\+\d+>:\s+\S+', 'x/i $pc')
    g.expect(r'^\$1 = 43$', 'p x')
    # CPSR.T says which instruction set the program stopped in
    g.expect(r'^\$2 = %s$' % ('0x20' if thumb else '0x0'), 'p/x $cpsr & 0x20')
    g.expect(r'^0x[0-9a-f]+ in middle \(x=42\) at .*basic\.c:\d+\n(.*\n)*'
             r'Value returned is \$3 = 130$', 'finish')
    g.expect(r'\[Inferior 1 \(process \d+\) exited normally\]', 'continue', 3)
    vm.console.expect(r'^result 175')
    rt.check(srv.wait_exit() == 0, 'rstub exit status')


def test(t, vm):
    session(t, vm, 'basic.arm', False)
    session(t, vm, 'basic.thumb', True)


armvm.main(test, __doc__)
