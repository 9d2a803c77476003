#!/usr/bin/env python3
"""thread 3 + stepi / step / next in a thread that is not the first and not
the one that reported the stop: gdb stays in thread 3 throughout."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
import threadscen as ts  # noqa: E402


def test(t):
    ts.thread_step(t)


rt.main(test, __doc__)
