#!/usr/bin/env python3
"""200 threads are created and joined (8 at a time) while each hits a
breakpoint once: gdb counts exactly 200 hits and the program exits normally."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
import threadscen as ts  # noqa: E402


def test(t):
    ts.churn(t, 25, seed=1)


rt.main(test, __doc__)
