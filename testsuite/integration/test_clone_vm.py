#!/usr/bin/env python3
"""A program whose "threads" are clones in groups of their own (CLONE_VM
without CLONE_THREAD, as in GDB's current-lwp-dead.exp): a clone's clone,
whose first stop may come before its parent's clone event, is debugged like
any thread. gdb counts every one of the 50 hits of a breakpoint in it and
the program exits normally: none is mistaken for a forked child (whose
breakpoints rstub takes out: here that would take them out of the program
itself) and let go."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
import threadscen as ts  # noqa: E402

ROUNDS = 50


def test(t):
    srv = t.tcp_server('clone_vm', str(ROUNDS))
    script = ts.counting_break(t, 'clone_vm.c', 'reached')
    g = t.gdb('clone_vm', srv, [f'source {script}', 'continue', 'print $hits'])
    ts.exit_and_count(g, srv, ROUNDS, f'{ROUNDS} clones of clones')
    srv.expect(rf'^reached {ROUNDS}$')


rt.main(test, __doc__)
