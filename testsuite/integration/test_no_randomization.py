#!/usr/bin/env python3
"""A started program runs without address-space randomization, as with gdb's
default `set disable-randomization on`: the same addresses in every run, so
breakpoints on addresses from an earlier run still hit."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def addresses(t):
    srv = t.tcp_server('hello', opts=['--once'])
    g = t.gdb('hello', srv, ['p/x $pc', 'p/x $sp', 'p &square', 'kill'])
    pc = g.expect(r'^\$1 = (0x[0-9a-f]+)$', 'p/x $pc').group(1)
    sp = g.expect(r'^\$2 = (0x[0-9a-f]+)$', 'p/x $sp').group(1)
    fn = re.search(r'(0x[0-9a-f]+) <square>', g.out('p &square')).group(1)
    srv.wait_exit()
    return pc, sp, fn


def test(t):
    first = addresses(t)
    second = addresses(t)
    rt.check(first == second, f'addresses moved between runs: {first} then {second}')


rt.main(test, __doc__)
