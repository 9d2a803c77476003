#!/usr/bin/env python3
"""Raw packets: a Z0 whose condition is malformed bytecode still reports
the stop (as gdbserver does: an error counts as true); a Z0 at the same
address with a false condition replaces it, and the thread is then stepped
over the breakpoint and runs to its exit with no stop reported. Malformed
Z0 options are refused with an error (by rstub; GNU gdbserver accepts
them)."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
from rsp_client import Rsp  # noqa: E402


def test(t):
    srv = t.tcp_server('hello', opts=['--once'])
    c = Rsp(srv.port)
    c.request('qSupported:multiprocess+;swbreak+')
    stop = c.request('?')
    pc = re.search(r'(?:^T..|;)10:([0-9a-f]{16})', stop)
    rt.check(pc, f'no PC in {stop!r}')
    pc_hex = pc.group(1)
    addr = int.from_bytes(bytes.fromhex(pc_hex), 'little')
    # rstub's own strictness: GNU gdbserver takes these and fails later
    strict = 'gdbserver' not in os.path.basename(t.server)
    for bad in ((f'Z0,{addr:x},1;X2,26', f'Z0,{addr:x},1;X1,2g', f'Z0,{addr:x},1;',
                f'Z0,{addr:x},1;cmds:5,X1,27') if strict else ()):
        reply = c.request(bad)
        rt.check(reply.startswith('E'), f'{bad}: {reply!r}, want an error')
    # opcode 0xff is no agent-expression opcode: the condition fails
    rt.check(c.request(f'Z0,{addr:x},1;X2,ff27') == 'OK', 'Z0 with a bad opcode')
    stop = c.request('vCont;c')
    rt.check(re.match(r'T05', stop) and 'swbreak' in stop and f'10:{pc_hex}' in stop,
             f'stop {stop!r}, want a breakpoint stop at {addr:#x}')
    # const8 0; end: false -- replaces the bad condition
    rt.check(c.request(f'Z0,{addr:x},1;X3,220027') == 'OK', 'Z0 with a false condition')
    stop = c.request('vCont;c')
    rt.check(re.match(r'W0+(;|$)', stop), f'stop {stop!r}, want exit status 0')
    srv.expect(r'hello')


rt.main(test, __doc__)
