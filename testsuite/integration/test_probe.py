#!/usr/bin/env python3
"""What rstub found the host's debug hardware does, as a user asks for it:
`monitor probe' in gdb says what `rstub --probe' says (the single-step, the
instructions a hypervisor may intercept, the debug registers), and what
--assume-broken forces is marked as assumed."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    probe = t.probe()
    if not probe['rstub']:
        raise rt.Skip('the server has no --probe and no `monitor probe\' (GNU gdbserver)')
    lines = [ln for ln in probe['text'].splitlines() if not ln.startswith('probes took')]
    rt.check(lines and lines[0].startswith('single-step: '), 'no single-step line')
    srv = t.tcp_server('hello')
    g = t.gdb('hello', srv, ['monitor probe', 'continue'])
    out = g.out('monitor probe')
    for line in lines:
        rt.check(line in out, f'`monitor probe\' lacks {line!r}:\n{out}')
    took = re.search(r'^probes took (\d+) us$', out, re.M)
    rt.check(took is not None, 'no time in `monitor probe\'')
    print(f'probes took {took.group(1)} us at this server\'s start', flush=True)
    forced = 'dregs' in ' '.join(t.server_cmd)
    assumed = re.search(r'^hardware breakpoint: never traps.*\(assumed: --assume-broken\)$',
                        out, re.M)
    rt.check(bool(assumed) == forced,
             f'--assume-broken={"dregs" if forced else "(none)"} but:\n{out}')
    g.expect(r'exited normally', 'continue')


rt.main(test, __doc__)
