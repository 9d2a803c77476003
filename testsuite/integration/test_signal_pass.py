#!/usr/bin/env python3
"""Signals are passed or discarded as `handle` says.  The program raises
SIGUSR1 five times and exits with the number its handler saw:
  nostop noprint pass -> no stop at all, exit code 5;
  stop print nopass   -> five stops, none delivered, exit code 0;
  stop print pass     -> five stops, all delivered on continue, exit code 5.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402

RAISES = 5
STOP = r'^Program received signal SIGUSR1, User defined signal 1\.$'


def session(t, handle, stops, exit_re):
    srv = t.tcp_server('sigusr1')
    g = t.gdb('sigusr1', srv, [f'handle SIGUSR1 {handle}'] +
              ['continue'] * (stops + 1))
    for n in range(1, stops + 1):
        g.expect(STOP, 'continue', n)
    g.reject('SIGUSR1', 'continue', stops + 1)
    g.expect(r'^\[Inferior 1 \(process \d+\) ' + exit_re + r'\]$',
             'continue', stops + 1)
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


def test(t):
    session(t, 'nostop noprint pass', 0, 'exited with code 05')
    session(t, 'stop print nopass', RAISES, 'exited normally')
    session(t, 'stop print pass', RAISES, 'exited with code 05')


rt.main(test, __doc__)
