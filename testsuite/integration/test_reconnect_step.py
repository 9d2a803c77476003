#!/usr/bin/env python3
"""A client that leaves right after `vCont;s' (raw RSP, no --once): the
server stops the program for the next client without a signal of its own,
so that client's `continue' runs the program to its normal end, with no
SIGINT out of nowhere (rstub used to interrupt with a real SIGINT, which
stayed queued behind the step's stop). Five rounds: the race is timing-bound."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
from rsp_client import Rsp, frame  # noqa: E402

ROUNDS = 5


def test(t):
    for _ in range(ROUNDS):
        srv = t.tcp_server('hello')
        c = Rsp(srv.port)
        c.supported('multiprocess+')
        stop = c.request('?')
        m = re.search(r'thread:p([0-9a-f]+)\.([0-9a-f]+);', stop)
        rt.check(m, f'? -> {stop!r}')
        c.send(frame(f'vCont;s:p{m.group(1)}.{m.group(2)}'))
        c.ack()
        c.close()
        srv.expect(rf'^Listening on port {srv.port}$')
        c = Rsp(srv.port)
        c.supported('multiprocess+')
        again = c.request('?')
        rt.check(again[:1] == 'T', f'reconnected: ? -> {again!r}')
        rt.check(not again.startswith('T02'), f'reconnected: ? -> {again!r}: a SIGINT')
        end = c.request('vCont;c')
        rt.check(re.match(r'W0+(;|$)', end), f'continue after reconnecting -> {end!r}, '
                 'not the program\'s exit')
        srv.expect(r'^hello')
        c.close()
        srv.wait_exit()


rt.main(test, __doc__)
