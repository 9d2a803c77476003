#!/usr/bin/env python3
"""8 threads each hit the same breakpoint 10 times; a breakpoint commands
block (silent, count, continue) counts exactly 80 hits, with no spurious
SIGTRAP and no hang: every event kept pending in all-stop is reported once."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
import threadscen as ts  # noqa: E402


def test(t):
    ts.bp_count(t, 8, 10, seed=1)


rt.main(test, __doc__)
