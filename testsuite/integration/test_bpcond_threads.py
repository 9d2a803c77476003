#!/usr/bin/env python3
"""Four threads call f 5,000 times each (i = 0..19999 in all) under
`break f if i % 1000 == 0` evaluated by the target: exactly 20 stops, each
i once, no spurious SIGTRAP, and exactly 20 stop replies at f -- a thread
whose condition is false is stepped over while the others wait, and a
thread trapping meanwhile traps again later instead of being lost."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
import bpcond  # noqa: E402


def test(t):
    if 'gdbserver' in os.path.basename(t.server):
        raise rt.Skip('the packet trace format is rstub\'s')
    srv = t.tcp_server('condbp', '4', '5000', opts=['--remote-debug'])
    script = bpcond.hit_script(t, 'mod.gdb', ['i % 1000 == 0'])
    g = bpcond.run_to_exit(t, srv, 'condbp', script, timeout=40)
    got = sorted(bpcond.hits(g))
    want = [(1, i) for i in range(0, 20000, 1000)]
    rt.check(got == want, f'hits {got}, want {want}')
    addr = bpcond.f_address(g)
    n = bpcond.stop_replies_at(srv.out.text, addr)
    rt.check(n == 20, f'{n} stop replies at f, want 20')


rt.main(test, __doc__)
