#!/usr/bin/env python3
"""watch on a local: the write inside the function is caught, and when the
function returns gdb deletes the watchpoint because its frame is gone."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    srv = t.tcp_server('watch')
    g = t.gdb('watch', srv, ['break bump', 'continue', 'watch local',
                             'continue', 'continue', 'continue', 'continue'])
    g.expect(r'^Hardware watchpoint 2: local$', 'watch local')
    g.expect(r'^Hardware watchpoint 2: local\n\nOld value = 0\nNew value = 14\n',
             'continue', 2)
    g.expect(r'^Hardware watchpoint 2: local\n\nOld value = 14\nNew value = 15\n',
             'continue', 3)
    g.expect(r'^Watchpoint 2 deleted because the program has left the block in\n'
             r'which its expression is valid\.\n', 'continue', 4)
    g.expect(r'main \(\) at .*watch\.c:%d' % t.line('watch.c', 'bump-call'),
             'continue', 4)
    g.expect(r'exited normally', 'continue', 5)
    srv.expect(r'^watch 3 16 16$')


rt.main(test, __doc__)
