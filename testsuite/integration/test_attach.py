#!/usr/bin/env python3
"""--attach to a running program that sleeps in a loop: bt shows where it
sleeps and main; set var + detach lets it finish by itself (exit code 7);
a second attach + kill ends it with SIGKILL.  The server exits both times."""
import os
import signal
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def attach(t):
    prog = t.start_program('loop')
    pid = int(prog.out.expect(r'^ready (\d+)$').group(1))
    rt.check(pid == prog.pid, f'loop says pid {pid}, we started {prog.pid}')
    srv = t.tcp_server(pid, opts=['--attach'])
    return prog, srv


def test(t):
    # Almost always asleep in nanosleep, called from nap(), called from main
    # at the loop line; just possibly stopped in nap() or main() themselves.
    loop = t.line('loop.c', 'loop')
    in_main = (rf'^(#\d+\s+0x[0-9a-f]+ in main \(\) at .*loop\.c:{loop}'
               r'|#0\s+main \(\) at .*loop\.c:\d+)$')

    prog, srv = attach(t)
    g = t.gdb('loop', srv, ['info inferiors', 'bt', 'p keep_going',
                            'set var keep_going = 0', 'detach'])
    g.expect(rf'^\* 1\s+process {prog.pid}\s', 'info inferiors')
    g.expect(in_main, 'bt')
    g.expect(r'^\$1 = 1$', 'p keep_going')
    g.expect(rf'^\[Inferior 1 \(process {prog.pid}\) detached\]$', 'detach')
    prog.out.expect(r'^loop done$')
    status = rt.wait_exit(prog, 'the detached program')
    rt.check(status == 7, f'detached program exit status {status}, not 7')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0 after detach')

    prog, srv = attach(t)
    g = t.gdb('loop', srv, ['bt', 'kill'])
    g.expect(in_main, 'bt')
    g.expect(rf'^\[Inferior 1 \(process {prog.pid}\) killed\]$', 'kill')
    status = rt.wait_exit(prog, 'the killed program')
    rt.check(status == -signal.SIGKILL, f'killed program: status {status}')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0 after kill')


rt.main(test, __doc__)
