#!/usr/bin/env python3
"""Five 8-byte watchpoints at once. With debug registers that trap, x86 has
four of them, so the fifth cannot be inserted and gdb says so when it
resumes; with one deleted the other four work. Where the probe finds (or
--assume-broken says) that the debug registers never trap, rstub emulates
write watchpoints by stepping, with room for sixteen: all five are
inserted and each write is reported in turn."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    emulated = t.probe()['watch'] == 'fallback'
    srv = t.tcp_server('watch')
    # emulated: each continue stops at the next write (w5 first, then w4:
    # w1 = w2 = ... = w5 = sink); hardware: the first continue cannot
    # insert all five, and with w1 deleted w5 is the first hit
    g = t.gdb('watch', srv, ['break main', 'continue', 'watch w1', 'watch w2',
                             'watch w3', 'watch w4', 'watch w5', 'continue',
                             'delete 6' if emulated else 'delete 2', 'continue',
                             'delete', 'continue'])
    for n in range(1, 6):
        g.expect(r'^Hardware watchpoint %d: w%d$' % (n + 1, n), 'watch w%d' % n)
    if emulated:
        g.expect(r'^Hardware watchpoint 6: w5\n\nOld value = 0\nNew value = 16\n',
                 'continue', 2)
        g.expect(r'^Hardware watchpoint 5: w4\n\nOld value = 0\nNew value = 16\n',
                 'continue', 3)
    else:
        g.expect(r'Could not insert hardware watchpoint \d\.\n'
                 r'Could not insert hardware breakpoints:\n'
                 r'You may have requested too many hardware breakpoints/watchpoints\.',
                 'continue', 2)
        g.expect(r'^Hardware watchpoint 6: w5\n\nOld value = 0\nNew value = 16\n',
                 'continue', 3)
    g.expect(r'exited normally', 'continue', 4)
    srv.expect(r'^watch 3 16 16$')


rt.main(test, __doc__)
