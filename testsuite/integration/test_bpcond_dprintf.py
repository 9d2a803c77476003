#!/usr/bin/env python3
"""`dprintf` with `set dprintf-style agent`: gdb sends the printf as a
breakpoint command (`;cmds:`), the server formats it and prints it on its
own stdout each time the condition holds, and gdb hears of no stop."""
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
    g = t.gdb('condbp', srv, [*bpcond.TARGET_EVAL, 'set dprintf-style agent',
                              'dprintf f,"dp i=%d odd=%x\\n", i, i & 1',
                              'condition 1 i % 5000 == 4999', 'continue'])
    bpcond.check_target_eval(g)
    addr = int(g.expect(r'Dprintf 1 at (0x[0-9a-f]+): file').group(1), 16)
    g.expect(r'\[Inferior 1 \(process \d+\) exited normally\]', 'continue')
    g.reject(r'SIGTRAP|dp i=')
    for i in (4999, 9999, 14999, 19999):
        srv.expect(rf'^dp i={i} odd=1$')
    srv.expect(r'condbp done: 20000 calls')
    text = srv.out.text
    rt.check(re.search(rf'<- \$Z0,{addr:x},1;X[0-9a-f]+,[0-9a-f]+;cmds:[01],X', text),
             'gdb sent no Z0 with a condition and commands')
    rt.check(len(re.findall(r'^dp i=', text, re.M)) == 4, 'not exactly 4 dprintf lines')
    n = bpcond.stop_replies_at(text, addr)
    rt.check(n == 0, f'{n} stop replies at the dprintf, want 0')


rt.main(test, __doc__)
