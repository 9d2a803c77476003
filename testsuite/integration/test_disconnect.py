#!/usr/bin/env python3
"""What losing the connection does (raw RSP client, no gdb):
  --once, spawned program: the server kills it and exits with status 0;
  --once --attach: the server detaches -- the program runs on, not left in
      ptrace-stop (a SIGTERM then ends it) -- and exits with status 0;
  no --once: the server listens again and the next client finds the same
      program, stopped where it was; `k` then ends both."""
import os
import re
import signal
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
from rsp_client import Rsp, frame  # noqa: E402


def stopped(c):
    """Stop reply (minus core:) and the pid it names."""
    stop = re.sub(r'core:[0-9a-f]+;', '', c.request('?'))
    m = re.search(r'thread:(?:p([0-9a-f]+)\.|([0-9a-f]+);)', stop)
    rt.check(stop[:1] in ('T', 'S') and m, f'? -> {stop!r}')
    return stop, int(m.group(1) or m.group(2), 16)


def test(t):
    srv = t.tcp_server('hello', opts=['--once'])
    c = Rsp(srv.port)
    _, pid = stopped(c)
    c.close()
    status = srv.wait_exit()
    rt.check(status == 0, f'--once: server exit status {status} after disconnect')
    rt.wait_gone(pid, '--once: the spawned program after disconnect')

    prog = t.start_program('loop')
    prog.out.expect(r'^ready \d+$')
    srv = t.tcp_server(prog.pid, opts=['--once', '--attach'])
    c = Rsp(srv.port)
    _, pid = stopped(c)
    rt.check(pid == prog.pid, f'attached to {pid}, not {prog.pid}')
    c.close()
    status = srv.wait_exit()
    rt.check(status == 0, f'--attach: server exit status {status} after disconnect')
    prog.send_signal(signal.SIGTERM)
    status = rt.wait_exit(prog, '--attach: the program after disconnect + SIGTERM')
    rt.check(status == -signal.SIGTERM, f'attached program: status {status}')

    srv = t.tcp_server('hello')
    c = Rsp(srv.port)
    stop, pid = stopped(c)
    c.close()
    srv.expect(rf'^Listening on port {srv.port}$')
    c = Rsp(srv.port)
    again, _ = stopped(c)
    rt.check(again == stop, f'reconnected: ? -> {again!r}, was {stop!r}')
    rt.check(rt.process_alive(pid), 'reconnected: the program is gone')
    c.send(frame('k'))
    c.ack()
    rt.check(c.closed_by_server(), 'connection still open after k')
    status = srv.wait_exit()
    rt.check(status == 0, f'server exit status {status} after k')
    rt.wait_gone(pid, 'the killed program')


rt.main(test, __doc__)
