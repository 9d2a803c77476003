#!/usr/bin/env python3
"""Short-lived detached threads run through two breakpoints whose condition
is false (`if 0', evaluated by the server): each hit is stepped over
without a report, while new threads keep being created and others end.
No thread may be left stopped: the program waits for every thread it
started, so one left behind would stall it. Each cycle of 100 threads ends
at an unconditional breakpoint, then `continue'; after the last, an
interrupt is answered at once and the program ends normally."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402

CYCLES = 8


def test(t):
    loop = t.line('threads_detached.c', 'short-life-loop')
    srv = t.tcp_server('threads_detached', str(CYCLES))
    cmds = ['break short_life if 0', f'break threads_detached.c:{loop} if 0',
            'break cycle_done']
    cmds += ['continue'] * (CYCLES + 1)
    g = t.gdb('threads_detached', srv, cmds)
    for n in range(1, CYCLES + 1):
        g.expect(r'Breakpoint 3, cycle_done \(now_alive=\d+\)', 'continue', n)
    g.expect(r'exited normally', 'continue', CYCLES + 1)
    g.reject(r'SIGTRAP|received signal|Breakpoint [12],')
    srv.expect(rf'^done {CYCLES * 100}$')


rt.main(test, __doc__)
