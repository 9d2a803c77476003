#!/usr/bin/env python3
"""Source-level stepping on 32-bit ARM Linux, where rstub single-steps in
software: step/next/finish through a call chain (ARM and Thumb builds), an
ldrex/strex loop stepped over without livelock, a signal handler stepped
into and out of. The signal session is compared, line for line, with the
same session against Debian's gdbserver in the same VM."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
import armvm  # noqa: E402
import rstubtest as rt  # noqa: E402


def step_next_finish(t, vm, prog):
    srv = vm.rstub(prog)
    g = t.gdb(prog, srv.target, [
        'break main', 'continue', 'next', 'next', 'next', 'step', 'step', 'finish',
        'finish', 'next', 'continue'], timeout=60)
    line = lambda tag: t.line('basic.c', tag)  # noqa: E731
    g.expect(r'^%d\s+watched = local;' % line('write'), 'next')
    g.expect(r'^%d\s+sink = watched \+ 1;' % line('read'), 'next', 2)
    g.expect(r'^\d+\s+printf\("result', 'next', 3)
    g.expect(r'^middle \(x=42\) at .*basic\.c:\d+', 'step')
    g.expect(r'^leaf \(x=43\) at .*basic\.c:%d' % line('leaf'), 'step', 2)
    g.expect(r'Value returned is \$1 = 130$', 'finish')
    g.expect(r'in main \(\) at .*\n(.*\n)*Value returned is \$2 = 132$', 'finish', 2)
    g.expect(r'^\d+\s+return 0;', 'next', 4)
    g.expect(r'exited normally', 'continue', 2)
    vm.console.expect(r'^result 175')
    rt.check(srv.wait_exit() == 0, 'rstub exit status')


ATOMIC_WALK = '''python
n = 0
while gdb.selected_frame().name() == 'atomic_add' and n < 60:
    gdb.execute('stepi', to_string=True)
    n += 1
print('@@left atomic_add after %d stepi, in %s' % (n, gdb.selected_frame().name()))
end'''


def atomic(t, vm, prog):
    srv = vm.rstub(prog)
    walk = t.script('walk.gdb', ATOMIC_WALK + '\n')
    g = t.gdb(prog, srv.target, [
        'break atomic_add', 'continue', f'source {walk}', 'p counter', 'kill'], timeout=60)
    g.expect(r'Breakpoint 1, atomic_add \(n=2\)', 'continue')
    m = g.expect(r'^@@left atomic_add after (\d+) stepi, in (\S+)$', f'source {walk}')
    rt.check(m.group(2) == 'main' and int(m.group(1)) < 60,
             f'{prog}: stepi did not get out of the ldrex/strex loop: {m.group(0)}')
    g.expect(r'^\$1 = 2$', 'p counter')


def signal_session(t, vm, srv, prog):
    kill = t.line('steps.c', 'kill')
    return t.gdb(prog, srv.target, [
        'handle SIGUSR1 stop print', f'break {kill}', 'break on_usr1', 'continue', 'next',
        'stepi', 'bt 1', 'next', 'next', 'next', 'bt 1', 'next', 'p got_signal', 'kill'],
        timeout=60)


def normalized(g):
    return re.sub(r'process \d+|Thread \d+\.\d+', 'N', g.text)


def signal_handler(t, vm, prog):
    g = signal_session(t, vm, vm.rstub(prog), prog)
    g.expect(r'Program received signal SIGUSR1', 'next')
    g.expect(r'Breakpoint 2, on_usr1 \(sig=10\) at .*steps\.c:%d' % t.line('steps.c', 'handler'),
             'stepi')
    g.expect(r'^#0\s+on_usr1 \(sig=10\)', 'bt 1')
    # out of the handler: through the sigreturn trampoline back into kill()
    g.expect(r'^0x[0-9a-f]+ in kill \(\)$', 'next', 3)
    g.expect(r'^#0\s+.*main \(\) at .*steps\.c', 'bt 1', 2)
    g.expect(r'^\$1 = 10$', 'p got_signal')
    ref = signal_session(t, vm, vm.gdbserver(prog), prog)
    rt.check(normalized(g) == normalized(ref),
             f'{prog}: rstub and gdbserver sessions differ:\n--- rstub\n{g.text}\n'
             f'--- gdbserver\n{ref.text}')


def test(t, vm):
    for prog in ['basic.thumb', 'basic.arm']:
        step_next_finish(t, vm, prog)
    for prog in ['steps.thumb', 'steps.arm']:
        atomic(t, vm, prog)
        signal_handler(t, vm, prog)


armvm.main(test, __doc__)
