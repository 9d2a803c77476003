#!/usr/bin/env python3
"""Range stepping with threads: main `next's over work()'s one-line loop
(one vCont;r) while a second thread runs the same loop over and over. With
scheduler-locking off the other thread runs through the range's exit
breakpoints and never reports a stop for them (no SIGTRAP, no switch to
it); with scheduler-locking step it does not run at all. With a
target-side false condition on a breakpoint the other thread hits each
round, the range of main survives the other thread's step-overs. Both
threads' sums are right, and the program ends normally. (20,000 iterations;
2,000 for gdbserver, which steps each instruction.)"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402

SRC = 'range.c'


def run(t, schedlock, cond=()):
    n = 2000 if 'gdbserver' in os.path.basename(t.server) else 20000
    srv = t.tcp_server('range', 'threads', str(n))
    g = t.gdb('range', srv, [
        f'break {SRC}:{t.line(SRC, "threads_call")}', 'continue', *cond,
        f'set scheduler-locking {schedlock}', 'step', 'next',
        'set debug remote 1', 'next', 'set debug remote 0', 'print sum',
        'print bad', 'print $_thread', 'print other_rounds', 'next', 'next',
        'print other_rounds', 'set scheduler-locking off', 'delete', 'continue'])
    g.expect(rf'^{t.line(SRC, "work_loop")}\s+for', 'next')
    nxt = g.out('next', 2)
    g.expect(rf'^{t.line(SRC, "work_after")}\s+return sum', 'next', 2)
    rt.check(re.search(r'Sending packet: \$vCont;r[0-9a-f]+,[0-9a-f]+:', nxt),
             'next sent no vCont;r')
    g.reject(r'Switching to Thread|SIGTRAP', 'next', 2)
    g.expect(rf'^\$1 = {n * (n - 1) // 2}$', 'print sum')
    g.expect(r'^\$2 = 0$', 'print bad')
    g.expect(r'^\$3 = 1$', 'print $_thread')
    before = int(g.expect(r'^\$4 = (\d+)$', 'print other_rounds').group(1))
    after = int(g.expect(r'^\$5 = (\d+)$', 'print other_rounds', 2).group(1))
    if schedlock == 'step':
        rt.check(after == before, f'other thread ran under scheduler-locking step: '
                 f'{before} -> {after} rounds')
    g.expect(r'exited normally', 'continue', 2)
    g.reject(r'SIGTRAP')
    srv.expect(r'^bad 0$')


def test(t):
    run(t, 'off')
    run(t, 'step')
    run(t, 'off', [f'break {SRC}:{t.line(SRC, "other_round")} if bad == 12345'])


rt.main(test, __doc__)
