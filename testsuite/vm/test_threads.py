#!/usr/bin/env python3
"""Four threads run the same loop while one of them is stepped with
scheduler-locking off (the others run during every step, through the
software single-step's temporary breakpoints): next and stepi stay in the
stepped thread and land on the right lines, no thread gets a stray SIGTRAP,
and all five threads are still there."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
import armvm  # noqa: E402
import rstubtest as rt  # noqa: E402


def session(t, vm, prog):
    srv = vm.rstub(prog)
    cmds = ['break mix', 'continue', 'delete', 'set scheduler-locking off', 'thread',
            'next', 'next', 'next', 'stepi', 'stepi', 'next', 'next', 'next', 'next',
            'thread', 'info threads', 'kill']
    g = t.gdb(prog, srv.target, cmds, timeout=90)
    g.expect(r'hit Breakpoint 1, mix \(v=\d+, i=0\) at .*threads4\.c:%d' %
             t.line('threads4.c', 'mix'), 'continue')
    me = g.expect(r'^\[Current thread is (\d+) ', 'thread').group(1)
    g.expect(r'^\d+\s+return v \^ \(v >> 7\);', 'next')
    g.expect(r'^\d+\s+}', 'next', 2)
    g.expect(r'^work \(arg=0x\d\) at .*threads4\.c:\d+', 'next', 3)
    g.expect(r'^\d+\s+for \(i = 0; i < ROUNDS; i\+\+\) \{', 'next', 4)
    g.expect(r'^\d+\s+v = mix\(v, i\); /\* @loop \*/', 'next', 5)
    for cmd, n in [('next', i) for i in range(1, 8)] + [('stepi', 1), ('stepi', 2)]:
        g.reject(r'Switching to Thread|SIGTRAP|SIGILL|SIGSEGV', cmd, n)
    g.expect(r'^\[Current thread is %s ' % me, 'thread', 2)
    rt.check(len(re.findall(r'^\*?\s+\d+\s+Thread ', g.out('info threads'), re.M)) == 5,
             'five threads expected:\n' + g.out('info threads'))


def test(t, vm):
    session(t, vm, 'threads4.thumb')
    session(t, vm, 'threads4.arm')


armvm.main(test, __doc__)
