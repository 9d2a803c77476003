#!/usr/bin/env python3
"""--attach to a program while it creates 100 named threads: the server
finds every thread, those created during the attach too; once all exist,
info threads lists all 100 with their names (w00..w99) besides main, and
kill ends the program."""
import os
import re
import signal
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    prog = t.start_program('threads_attach')
    pid = int(prog.out.expect(r'^ready (\d+)$').group(1))
    srv = t.tcp_server(pid, opts=['--attach'])
    g = t.gdb('threads_attach', srv, ['break checkpoint', 'continue',
                                      'info threads', 'kill'])
    g.expect(r'Breakpoint 1, checkpoint \(\) at', 'continue')
    out = g.out('info threads')
    names = re.findall(r'^\*?\s+\d+\s+Thread [^"\n]* "([^"]*)"', out, re.M)
    workers = sorted(n for n in names if n.startswith('w'))
    rt.check(workers == [f'w{i:02d}' for i in range(100)],
             f'info threads: {len(workers)} named workers of 100:\n{out}')
    rt.check(len(names) == 101, f'info threads lists {len(names)} threads, not 101')
    g.expect(rf'^\[Inferior 1 \(process {pid}\) killed\]$', 'kill')
    status = rt.wait_exit(prog, 'the killed program')
    rt.check(status == -signal.SIGKILL, f'killed program: status {status}')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0 after kill')


rt.main(test, __doc__)
