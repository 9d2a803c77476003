#!/usr/bin/env python3
"""watch on a global written only by a thread created after the watchpoint
was set: debug registers are per thread and not inherited, so the server
must give them to the new thread; gdb reports the hit in that thread."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    line = t.line('watch_threads.c', 'worker-write')
    srv = t.tcp_server('watch_threads')
    g = t.gdb('watch_threads', srv, ['break main', 'continue', 'watch shared',
                                     'continue', 'info threads', 'continue',
                                     'delete', 'continue'])
    g.expect(r'^Hardware watchpoint 2: shared$', 'watch shared')
    out = g.expect(r'^\[Switching to Thread \d+\.(\d+)\]\n\n'
                   r'Thread \d+ "watch_threads" hit Hardware watchpoint 2: shared\n\n'
                   r'Old value = 0\nNew value = 5\nworker \(arg=0x0\) at .*'
                   r'watch_threads\.c:%d\n' % (line + 1), 'continue', 2)
    tid = out.group(1)
    g.expect(r'^\* 2\s+Thread \d+\.%s .*worker \(arg=0x0\)' % tid, 'info threads')
    g.expect(r'hit Hardware watchpoint 2: shared\n\nOld value = 5\nNew value = 6\n',
             'continue', 3)
    g.expect(r'exited normally', 'continue', 4)
    srv.expect(r'^watch_threads 6$')


rt.main(test, __doc__)
