#!/usr/bin/env python3
"""rwatch and awatch on a global that is written, then read: rwatch stops
only at the read (x86 traps accesses; the write changed the value, so gdb
drops it), awatch stops at both, with the values gdb shows for each. Where
the debug registers never trap (the probe, or --assume-broken), rstub
emulates the access watchpoint by stepping, and gdb sees the same."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    read_line = t.line('watch.c', 'reads-me-read')
    srv = t.tcp_server('watch')
    g = t.gdb('watch', srv, ['break main', 'continue', 'rwatch reads_me',
                             'continue', 'delete', 'continue'])
    g.expect(r'^Hardware read watchpoint 2: reads_me$', 'rwatch reads_me')
    g.expect(r'^Hardware read watchpoint 2: reads_me\n\nValue = 7\n'
             r'0x[0-9a-f]+ in main \(\) at .*watch\.c:%d\n' % read_line,
             'continue', 2)
    g.expect(r'exited normally', 'continue', 3)

    srv = t.tcp_server('watch')
    g = t.gdb('watch', srv, ['break main', 'continue', 'awatch reads_me',
                             'continue', 'continue', 'delete', 'continue'])
    g.expect(r'^Hardware access \(read/write\) watchpoint 2: reads_me$',
             'awatch reads_me')
    g.expect(r'^Hardware access \(read/write\) watchpoint 2: reads_me\n\n'
             r'Old value = 42\nNew value = 7\n', 'continue', 2)
    g.expect(r'^Hardware access \(read/write\) watchpoint 2: reads_me\n\n'
             r'Value = 7\n0x[0-9a-f]+ in main \(\) at .*watch\.c:%d\n' % read_line,
             'continue', 3)
    g.expect(r'exited normally', 'continue', 4)


rt.main(test, __doc__)
