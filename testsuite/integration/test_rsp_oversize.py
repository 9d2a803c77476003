#!/usr/bin/env python3
"""Packets longer than the advertised PacketSize -- just over it, and 1 MiB --
are refused (NAK, error or empty reply), never overflow a buffer: afterwards
`?` and `g` answer as before, and after `k` the server exits with status 0.

GNU gdbserver 13 copies packets into its fixed buffer without a bound: it
aborts ("double free or corruption") or dies of SIGSEGV here, so against it
this test is skipped unless RSTUB_RUN_KNOWN_FAILURES=1."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
from rsp_client import Rsp, frame  # noqa: E402


def test(t):
    t.known_gdbserver_bug('packets over PacketSize overflow its buffer')
    srv = t.tcp_server('hello')
    c = Rsp(srv.port)
    _, packet_size = c.supported()
    stop = re.sub(r'core:[0-9a-f]+;', '', c.request('?'))
    regs = c.request('g')

    for size in [packet_size + 256, 1 << 20]:
        for kind in [b'q', b'M0,4:', b'X0,4:']:
            c.send(frame(kind + b'A' * size))
            reply = c.reaction()
            rt.check(reply in ('-', '') or reply[:1] == 'E',
                     f'{kind!r} packet of {size} bytes -> {reply[:100]!r}')
            again = re.sub(r'core:[0-9a-f]+;', '', c.request('?'))
            rt.check(again == stop, f'? after a {size}-byte packet: {again!r}, '
                     f'was {stop!r}')
    rt.check(c.request('g') == regs, 'registers changed by oversize packets')

    c.send(frame('k'))
    c.ack()
    rt.check(c.closed_by_server(), 'connection still open after k')
    status = srv.wait_exit()
    rt.check(status == 0, f'server exit status {status} after k')


rt.main(test, __doc__)
