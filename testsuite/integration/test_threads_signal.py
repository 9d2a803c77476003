#!/usr/bin/env python3
"""A signal sent to one thread (pthread_kill) stops that thread in gdb; on
continue gdb hands it back with vCont;C..:THREAD;c and it must be delivered
to that thread, not to another: the handler runs there (breakpoint in the
handler hit by the same gdb thread) and the program reports so."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    srv = t.tcp_server('threads_signal')
    g = t.gdb('threads_signal', srv, ['continue', 'print $_thread',
                                      'break on_usr1', 'continue', 'print $_thread',
                                      'delete', 'continue'])
    g.expect(r'^Thread \d+ .* received signal SIGUSR1, User defined signal 1\.$',
             'continue')
    n = g.expect(r'^\$\d+ = (\d+)$', 'print $_thread').group(1)
    g.expect(r'hit Breakpoint 1, on_usr1 \(sig=10\)', 'continue', 2)
    g.expect(rf'^\$\d+ = {n}$', 'print $_thread', 2)
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue', 3)
    srv.expect(r'^handled in target$')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


rt.main(test, __doc__)
