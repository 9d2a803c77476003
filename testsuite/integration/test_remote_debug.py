#!/usr/bin/env python3
"""--remote-debug traces every packet both ways (`<- $m...` / `-> $...`),
malformed ones included, and the server keeps serving."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
from rsp_client import Rsp, frame  # noqa: E402


def test(t):
    if 'gdbserver' in os.path.basename(t.server):
        raise rt.Skip('the trace format is rstub\'s')
    srv = t.tcp_server('hello', opts=['--once', '--remote-debug'])
    c = Rsp(srv.port)
    rt.check(c.request('?').startswith('T05'), '? did not report SIGTRAP')
    srv.expect(r'<- \$\?$')
    srv.expect(r'-> \$T05')
    c.request('m0,1')
    srv.expect(r'<- \$m0,1$')
    srv.expect(r'-> \$E')
    c.request('vMustReplyEmpty')
    srv.expect(r'<- \$vMustReplyEmpty$')
    srv.expect(r'-> \$$')
    c.send(b'$g#00')          # wrong checksum: traced and NAKed
    rt.check(c.reaction() == '-', 'a bad checksum was not NAKed')
    srv.expect(r'bad checksum')
    regs = c.request('g')
    rt.check(len(regs) >= 2 * 560, f'g reply too short: {len(regs)}')
    srv.expect(r'<- \$g$')
    c.send(frame('k'))
    c.ack()
    srv.expect(r'<- \$k$')
    rt.check(srv.wait_exit() == 0, 'server exit status after k')


rt.main(test, __doc__)
