#!/usr/bin/env python3
"""A false condition on a `syscall' that blocks until another thread
runs (a read of a pipe the other thread writes): rstub steps the call
displaced, at a copy of the instruction in the vDSO (--step=sw: in a slot
of its own page, with a breakpoint after it), so the other threads run
on: the read returns, with rcx (which `syscall' sets) where it would be,
and the program ends normally (stepped in place, with every other thread
stopped, it never would). While the call blocks
the server still serves gdb: Ctrl-C stops the program at once, and once
the writer is released the program ends normally."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def wait_in_read(pid):
    """Wait until thread PID is blocked in read(2) (/proc says so): an
    interrupt before that would find it at its breakpoint instead, and
    gdb's own step over that breakpoint, the writer stopped, never ends."""
    def in_read():
        with open(f'/proc/{pid}/syscall') as f:
            return f.read().startswith('0 ')
    rt.poll_until(in_read, f'thread {pid} blocked in read')


def test(t):
    if not t.probe()['rstub']:
        raise rt.Skip('a step-over in place stops every thread, so the call can never '
                      'return: only displaced system calls (rstub) pass')
    srv = t.tcp_server('syscall_block')
    g = t.gdb('syscall_block', srv, ['break *blocking_read if $rdi == -1', 'continue'])
    g.expect(r'exited normally', 'continue')
    g.reject(r'SIGTRAP|received signal')
    srv.expect(r'^read 1 x rcx ok$')

    srv = t.tcp_server('syscall_block', 'wait')
    pid = int(rt.expect_text(r'created; pid = (\d+)', srv.out.text, 'server').group(1))
    gdb = t.interactive_gdb('syscall_block', srv)
    gdb.command('break *blocking_read if $rdi == -1')
    gdb.send('continue')
    gdb.expect(r'^Continuing\.')
    srv.expect(r'^blocking$')
    wait_in_read(pid)
    gdb.interrupt()
    gdb.expect(r'^(Thread \d+ .*)?[Rr]eceived signal SIGINT|^Program received signal SIGINT')
    gdb.prompt()
    gdb.command('set var release = 1')
    out = gdb.command('continue')
    rt.expect_text(r'\[Inferior 1 \(process \d+\) exited normally\]', out,
                   'continue after Ctrl-C')
    srv.expect(r'^read 1 x rcx ok$')
    gdb.send('quit')
    srv.wait_exit()


rt.main(test, __doc__)
