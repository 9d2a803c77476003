#!/usr/bin/env python3
"""monitor commands (qRcmd): `monitor help` lists the commands, `exit` among
them; an unknown monitor command does no harm; `monitor exit` makes the server
kill the program and exit with status 0."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    srv = t.tcp_server('hello')
    g = t.gdb('hello', srv, ['info inferiors', 'monitor help',
                             'monitor rstub-no-such-command',
                             'maint packet ?', 'monitor exit'])
    pid = int(g.expect(r'^\* 1\s+process (\d+)\s', 'info inferiors').group(1))
    g.expect(r'\S', 'monitor help')
    g.expect(r'^\s*exit\b', 'monitor help')
    g.expect(r'^received: "[TS]05', 'maint packet ?')  # still serving
    status = srv.wait_exit()
    rt.check(status == 0, f'server exit status {status} after monitor exit')
    rt.wait_gone(pid, 'the program after monitor exit')


rt.main(test, __doc__)
