#!/usr/bin/env python3
"""set scheduler-locking on: step, stepi, finish and next in main leave every
other thread's counter unchanged; off: a next lets them all advance."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
import threadscen as ts  # noqa: E402


def test(t):
    ts.schedlock(t)


rt.main(test, __doc__)
