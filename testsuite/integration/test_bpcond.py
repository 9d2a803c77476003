#!/usr/bin/env python3
"""`break f if i % 1000 == 0` with `set breakpoint condition-evaluation
target` over 20,000 calls: exactly 20 stops with the right i, and the
server sends gdb exactly 20 stop replies at f -- the 19,980 false
conditions are evaluated and stepped over in the server, unseen by gdb."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
import bpcond  # noqa: E402


def test(t):
    if 'gdbserver' in os.path.basename(t.server):
        raise rt.Skip('the packet trace format is rstub\'s')
    srv = t.tcp_server('condbp', opts=['--remote-debug'])
    script = bpcond.hit_script(t, 'mod.gdb', ['i % 1000 == 0'])
    g = bpcond.run_to_exit(t, srv, 'condbp', script)
    got = bpcond.hits(g)
    want = [(1, i) for i in range(0, 20000, 1000)]
    rt.check(got == want, f'hits {got}, want {want}')
    addr = bpcond.f_address(g)
    rt.check(bpcond.conditional_z0_sent(srv.out.text, addr),
             'gdb sent no Z0 with a condition at f')
    n = bpcond.stop_replies_at(srv.out.text, addr)
    rt.check(n == 20, f'{n} stop replies at f, want 20')


rt.main(test, __doc__)
