#!/usr/bin/env python3
"""Software single-step (--step=sw) under load: 32 threads run hot() in a
tight loop while gdb steps one of them through that same function, with
`stepi' 1000 times, then `step' and `next' 100 times each (scheduler-locking
off: every other thread runs meanwhile and keeps tripping over the stepped
thread's breakpoints). Passes when gdb never reports a stop it did not ask
for (no SIGTRAP, no other thread), every `x/' of hot() shows the bytes of
the executable (never a planted breakpoint), and the program's own check
finds every thread's work exact (no instruction skipped or repeated)."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402

DUMP = 'x/96xb hot'
ROUNDS = 10


def code_bytes(text):
    """The bytes of an x/xb dump, addresses left out."""
    return re.findall(r'0x([0-9a-f]{2})\b', re.sub(r'^0x[0-9a-f]+ <[^>]*>:', '', text,
                                                     flags=re.M))


def test(t):
    exe = t.gdb('swstep_hot', None, [DUMP])
    want = code_bytes(exe.out(DUMP))
    rt.check(len(want) == 96, f'{DUMP} of the executable:\n{exe.text}')

    srv = t.tcp_server('swstep_hot', opts=['--step=sw'])
    cmds = ['break all_running', 'continue', 'delete', 'set scheduler-locking off',
            'break hot if r == &rec[3]', 'continue', 'delete', 'print $_thread', DUMP]
    for _ in range(ROUNDS):
        cmds += [f'stepi {1000 // ROUNDS}', 'print $_thread', DUMP]
    cmds += ['step 100', 'print $_thread', 'next 100', 'print $_thread', DUMP,
             'set var keep_going = 0', 'continue']
    g = t.gdb('swstep_hot', srv, cmds, timeout=45)
    g.expect(r'^Thread 1 .* hit Breakpoint 1, all_running \(\) at', 'continue')
    g.expect(r'^Thread \d+ .* hit Breakpoint 2, hot \(', 'continue', 2)
    stepped = g.expect(r'^\$\d+ = (\d+)$', 'print $_thread').group(1)
    for n in range(2, ROUNDS + 4):
        g.expect(rf'^\$\d+ = {stepped}$', 'print $_thread', n)
    for n in range(1, ROUNDS + 3):
        got = code_bytes(g.out(DUMP, n))
        rt.check(got == want, f'{DUMP} #{n} differs from the executable:\n'
                 f'{g.out(DUMP, n)}\nwant {" ".join(want)}')
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue', 3)
    g.reject(rf'SIGTRAP|received signal|Switching to thread (?!{stepped}\b)')
    srv.expect(r'^work ok$')


rt.main(test, __doc__)
