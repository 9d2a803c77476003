#!/usr/bin/env python3
"""stepi across the `syscall' that ends the process (exit_group) reports
its exit code; stepi across the one that ends a thread (SYS_exit, through
libc's syscall()) lets the program run on: main joins that thread and goes
through the same syscall() code itself, where a step breakpoint left
behind would trap it, and exits normally."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
from stepcases import ADVANCE_SYSCALL  # noqa: E402


def test(t):
    srv = t.tcp_server('step_cases', 'exit')
    g = t.gdb('step_cases', srv, [
        'break do_exit', 'continue', ADVANCE_SYSCALL, 'x/i $pc', 'stepi'])
    g.expect(r'=> 0x[0-9a-f]+ <do_exit\+\d+>:\s+syscall', 'x/i $pc')
    g.expect(r'^\[Inferior 1 \(process \d+\) exited with code 07\]$', 'stepi')
    g.reject(r'SIGTRAP|received signal')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')

    srv = t.tcp_server('step_cases', 'thread')
    g = t.gdb('step_cases', srv, [
        'break thread_end', 'continue', 'delete', 'break syscall', 'continue',
        'delete', ADVANCE_SYSCALL, 'x/i $pc', 'print $_thread', 'stepi'])
    g.expect(r'hit Breakpoint 1, thread_end ', 'continue')
    g.expect(r'=> 0x[0-9a-f]+ <syscall\+\d+>:\s+syscall', 'x/i $pc')
    g.expect(r'^\$1 = 2$', 'print $_thread')
    g.expect(r'^\[Inferior 1 \(process \d+\) exited with code 05\]$', 'stepi')
    g.reject(r'SIGTRAP|received signal')
    srv.expect(r'^main ok 1$')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


rt.main(test, __doc__)
