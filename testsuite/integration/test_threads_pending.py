#!/usr/bin/env python3
"""Two threads hit two breakpoints at once: with scheduler-locking on, next
in the reported thread does not report the other's pending breakpoint (a
pending event belongs to its thread, reported when that thread resumes);
continue with locking off then reports it exactly once."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
import threadscen as ts  # noqa: E402


def test(t):
    for _ in range(5):
        ts.pending_schedlock(t)


rt.main(test, __doc__)
