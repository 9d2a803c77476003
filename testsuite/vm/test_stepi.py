#!/usr/bin/env python3
"""stepi through ARM-state and Thumb-state code on 32-bit ARM Linux (no
PTRACE_SINGLESTEP there): a Thumb-2 IT block, tbb and tbh, ARM <-> Thumb
calls and returns and a call into Thumb-2 libc, from the -marm and the
-mthumb build. Differential: the same stepi script against Debian's
gdbserver in the same VM must give the same PC sequence."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
import armvm  # noqa: E402
import rstubtest as rt  # noqa: E402

STEPS = 250


def trace(t, vm, srv, prog):
    lib = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib')
    g = t.gdb(prog, srv.target, [
        'maint packet vCont?', 'break steps_begin', 'continue',
        f'python sys.path.insert(0, {lib!r})',
        'python import steptrace', f'python steptrace.run({STEPS})', 'kill'], timeout=150)
    g.expect(r'Breakpoint 1, steps_begin \(\)', 'continue')
    # the server steps (no PTRACE_SINGLESTEP on ARM: rstub in software), not gdb
    g.expect(r'received: "vCont;c;C;(t;)?s;S\b', 'maint packet vCont?')
    out = g.out(f'python steptrace.run({STEPS})')
    steps = re.findall(r'^@@pc ([0-9a-f]+) ([01]) (\S+)$', out, re.M)
    rt.check(len(steps) == STEPS, f'{STEPS} steps expected, got {len(steps)}:\n{out}')
    rate = float(rt.expect_text(r'^@@rate ([\d.]+)$', out, 'stepi trace').group(1))
    return steps, rate


def check_coverage(prog, steps):
    funcs = {f for _, _, f in steps}
    for f in ['steps_begin', 'strlen', 'arm_state', 'it_block', 'table_branch']:
        rt.check(f in funcs, f'{prog}: stepi never reached {f}: {sorted(funcs)}')
    rt.check({'0', '1'} <= {tbit for _, tbit, _ in steps},
             f'{prog}: expected both ARM and Thumb state steps')
    for _, tbit, f in steps:
        if f in ('arm_state',):
            rt.check(tbit == '0', f'{prog}: {f} must run in ARM state')
        if f in ('it_block', 'table_branch'):
            rt.check(tbit == '1', f'{prog}: {f} must run in Thumb state')


def test(t, vm):
    for prog in ['steps.thumb', 'steps.arm']:
        mine, rate = trace(t, vm, vm.rstub(prog), prog)
        check_coverage(prog, mine)
        ref, ref_rate = trace(t, vm, vm.gdbserver(prog), prog)
        print(f'# {prog}: stepi rstub {rate} steps/s, gdbserver {ref_rate} steps/s; '
              f'functions {sorted({f for _, _, f in mine})}', flush=True)
        for i, (a, b) in enumerate(zip(mine, ref)):
            rt.check(a == b, f'{prog}: step {i + 1} differs: rstub {a}, gdbserver {b}')


armvm.main(test, __doc__)
