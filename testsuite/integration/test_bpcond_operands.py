#!/usr/bin/env python3
"""Target-side conditions that read memory (a global) and a register: two
breakpoints at f, `calls_seen == 12345` and `$rdi == 777`; gdb merges them
into one Z0 with two conditions, and the target reports exactly the two
calls where one of them holds."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
import bpcond  # noqa: E402


def test(t):
    if 'gdbserver' in os.path.basename(t.server):
        raise rt.Skip('the packet trace format is rstub\'s')
    srv = t.tcp_server('condbp', opts=['--remote-debug'])
    script = bpcond.hit_script(t, 'operands.gdb', ['calls_seen == 12345', '$rdi == 777'])
    g = bpcond.run_to_exit(t, srv, 'condbp', script)
    got = bpcond.hits(g)
    rt.check(got == [(2, 777), (1, 12345)], f'hits {got}, want [(2, 777), (1, 12345)]')
    addr = bpcond.f_address(g)
    rt.check(bpcond.conditional_z0_sent(srv.out.text, addr),
             'gdb sent no Z0 with a condition at f')
    rt.check(re.search(rf'<- \$Z0,{addr:x},1;X[0-9a-f]+,[0-9a-f]+X[0-9a-f]+,',
                       srv.out.text), 'gdb did not send both conditions in one Z0')
    n = bpcond.stop_replies_at(srv.out.text, addr)
    rt.check(n == 2, f'{n} stop replies at f, want 2')


rt.main(test, __doc__)
