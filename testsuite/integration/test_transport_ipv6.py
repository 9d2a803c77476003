#!/usr/bin/env python3
"""TCP over IPv6 and host names, loopback only:
  COMM [::1]:PORT: gdb's `target remote [::1]:PORT' works;
  COMM :PORT (no --once, the same server for each gdb, which `disconnect's):
      gdb's `target remote 127.0.0.1:PORT', `localhost:PORT' and
      `[::1]:PORT' all reach it -- :PORT is the loopback of both families.
The server prints `Remote debugging from host ::1, port N' as gdbserver does.
gdbserver listens on 0.0.0.0 only for :PORT, so [::1] finds nobody there:
known gdbserver gap.  Skipped on a host without an IPv6 loopback."""
import os
import socket
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402

PEER = {'[::1]': r'::1', '127.0.0.1': r'127\.0\.0\.1',
        'localhost': r'(127\.0\.0\.1|::1)'}


def need_ipv6_loopback():
    if not socket.has_ipv6:
        raise rt.Skip('Python has no IPv6 support')
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(('::1', 0))
    except OSError as e:
        raise rt.Skip(f'no IPv6 loopback here: binding ::1: {e}') from None


def session(t, srv, host):
    """gdb on HOST:PORT sees the stopped program, then disconnects."""
    g = t.gdb('hello', f'{host}:{srv.port}',
              ['info inferiors', 'p global_counter', 'disconnect'])
    g.expect(r'^\* 1\s+process \d+\s', 'info inferiors')
    g.expect(r'^\$1 = 42$', 'p global_counter')
    g.reject(r'Connection refused|Connection timed out|Remote connection closed')
    srv.expect(rf'^Remote debugging from host {PEER[host]}, port \d+$')


def test(t):
    need_ipv6_loopback()
    session(t, t.tcp_server('hello', host='[::1]'), '[::1]')

    srv = t.tcp_server('hello', host='')  # :PORT
    for host in ('127.0.0.1', 'localhost'):
        session(t, srv, host)
        srv.expect(rf'^Listening on port {srv.port}$')
    t.known_gdbserver_bug(':PORT listens on 0.0.0.0 (IPv4) only: '
                          '`target remote [::1]:PORT` finds nobody')
    session(t, srv, '[::1]')


rt.main(test, __doc__)
