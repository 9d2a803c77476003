#!/usr/bin/env python3
"""Step-overs of false conditions without stopping the other threads,
counted by rstub (`monitor stats'): 800 short-lived threads each pass a
breakpoint whose condition is false (`if 0', two of them at the same
place), never more than 32 alive; a thread that traps while every thread
is being stopped for a report is stepped over when resumed, or not at all
if it was resumed past it, so at least 90% of the threads are counted.
With displaced stepping (x86-64, --step=hw) every step-over is displaced,
in a page of slots rstub maps in the program: none waits for a slot (each
thread needs one at a time, 32 < 64 slots) and none stops every thread.
With --step=sw only system calls are displaced (run to a breakpoint
after them) and every other step-over is done in place (rstub says so). The program ends normally, nothing left stopped."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402

CYCLES = 8


def count(text, regex):
    return int(rt.expect_text(regex, text, 'monitor stats').group(1))


def test(t):
    loop = t.line('threads_detached.c', 'short-life-loop')
    srv = t.tcp_server('threads_detached', str(CYCLES), '32')
    cmds = ['break short_life if 0', f'break threads_detached.c:{loop} if 0',
            'break cycle_done']
    cmds += ['continue'] * CYCLES + ['monitor stats', 'continue']
    g = t.gdb('threads_detached', srv, cmds)
    g.expect(r'exited normally', 'continue', CYCLES + 1)
    stats = g.out('monitor stats')
    if 'Unknown monitor command' in stats:
        raise rt.Skip('the server has no `monitor stats` (not rstub)')
    hits = CYCLES * 100 * 9 // 10
    displaced = count(stats, r'displaced, the other threads running: (\d+)')
    in_place = count(stats, r'in place, every thread stopped: (\d+)')
    waits = count(stats, r'waits for a slot: (\d+)')
    if 'Displaced stepping: system calls only (--step=sw)' in stats:
        rt.check(displaced == 0 and in_place >= hits,
                 f'--step=sw: expected at least {hits} step-overs in place:\n{stats}')
    else:
        rt.expect_text(r'Displaced stepping: on, 64 slots at 0x[0-9a-f]+ '
                       r"\(a page of rstub's\)", stats, 'monitor stats')
        rt.check(displaced >= hits and in_place == 0 and waits == 0,
                 f'expected at least {hits} displaced step-overs, no wait, none in place:\n{stats}')
    g.reject(r'SIGTRAP|received signal|Breakpoint [12],')
    srv.expect(rf'^done {CYCLES * 100}$')


rt.main(test, __doc__)
