#!/usr/bin/env python3
"""--multi (target extended-remote): the server starts with no program; gdb
runs one (`run`), kills it and runs it again, lets it exit and runs it once
more with other arguments, attaches to a running process and detaches; the
server outlives them all and leaves with `monitor exit`."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    port = rt.free_port()
    srv = rt.Server(t, [*t.server_cmd, '--once', '--multi', f'127.0.0.1:{port}'],
                    f'127.0.0.1:{port}')
    srv.expect(rf'^Listening on port {port}$')
    prog = t.start_program('loop')
    prog.out.expect(r'^ready \d+$')
    exitcode = t.prog('exitcode')
    g = t.gdb(None, None, [
        f'target extended-remote 127.0.0.1:{port}',
        f'file {exitcode}', f'set remote exec-file {exitcode}',
        'break main', 'run', 'kill',
        'run', 'delete', 'continue',
        'run 9', 'info inferiors',
        f'attach {prog.pid}', 'detach',
        'monitor exit'])
    g.expect(r'^Breakpoint 1, main \(', 'run')
    g.expect(r'\[Inferior 1 \(process \d+\) killed\]', 'kill')
    g.expect(r'^Breakpoint 1, main \(', 'run', 2)
    g.expect(r'\[Inferior 1 \(process \d+\) exited normally\]', 'continue')
    g.expect(r'\[Inferior 1 \(process \d+\) exited with code 011\]', 'run 9')
    g.expect(r'^\*\s+1\s+<null>', 'info inferiors')
    g.expect(r'clock_nanosleep|nanosleep|sleep', f'attach {prog.pid}')
    g.expect(rf'^\[Inferior 1 \(process {prog.pid}\) detached\]$', 'detach')
    rt.check(srv.wait_exit() == 0, 'server exit status after monitor exit')
    rt.check(rt.process_alive(prog.pid), 'the detached program did not run on')


rt.main(test, __doc__)
