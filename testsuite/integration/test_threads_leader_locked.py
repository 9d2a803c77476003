#!/usr/bin/env python3
"""With scheduler-locking on, `next` over the leader's pthread_exit resumes
only the leader, which then exits while another thread lives: gdb is told the
thread is gone (no hang), and the other thread is still listed."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    srv = t.tcp_server('threads_leader_locked')
    line = t.line('threads_leader_locked.c', 'leave')
    g = t.gdb('threads_leader_locked', srv, [
        f'break threads_leader_locked.c:{line}', 'continue',
        'set scheduler-locking on', 'next', 'info threads', 'kill'])
    g.expect(r'hit Breakpoint 1, main \(\)', 'continue')
    g.expect(r'^No unwaited-for children left\.$', 'next')
    g.expect(r'The current thread <Thread ID 1> has terminated', 'info threads')
    g.expect(r'^\s+2\s+Thread \d+\.\d+ ', 'info threads')


rt.main(test, __doc__)
