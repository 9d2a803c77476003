#!/usr/bin/env python3
"""TCP transport: COMM as HOST:PORT and as :PORT; the server names the peer
(`Remote debugging from host 127.0.0.1, port N`); with --once the listening
socket is closed once gdb is connected, so a second client is refused."""
import os
import socket
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
from rsp_client import Rsp  # noqa: E402


def session(t, srv):
    g = t.gdb('hello', srv, ['break square', 'continue', 'p x', 'continue'])
    g.expect(r'^Breakpoint 1, square \(x=6\)', 'continue')
    g.expect(r'^\$1 = 6$', 'p x')
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue', 2)
    srv.expect(r'^Remote debugging from host 127\.0\.0\.1, port \d+$')
    srv.expect(r'^hello 36$')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


def test(t):
    session(t, t.tcp_server('hello'))            # 127.0.0.1:PORT
    session(t, t.tcp_server('hello', host=''))   # :PORT

    srv = t.tcp_server('hello', opts=['--once'])
    first = Rsp(srv.port)
    srv.expect(r'^Remote debugging from host 127\.0\.0\.1, port \d+$')
    try:
        second = socket.create_connection(('127.0.0.1', srv.port), rt.WAIT)
    except ConnectionRefusedError:
        second = None
    rt.check(second is None, '--once: a second client could connect')
    rt.check(first.request('?')[:1] in ('T', 'S'), 'no stop reply to ?')
    first.close()
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


rt.main(test, __doc__)
