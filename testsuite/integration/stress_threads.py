#!/usr/bin/env python3
"""Stress (label stress): the all-stop thread scenarios again and again with
different seeds -- breakpoint counting in 8 threads, thread churn, scheduler
locking and per-thread stepping -- failing on the first lost or extra event.
Runs for about STRESS_SECONDS (env, default 70) and at least one round."""
import time
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
import threadscen as ts  # noqa: E402

rt.WATCHDOG = 110


def test(t):
    budget = float(os.environ.get('STRESS_SECONDS', '70'))
    start = time.monotonic()
    seed = int(os.environ.get('STRESS_SEED', str(int(start) % 10000)))
    rounds = 0
    print(f'seed {seed}', flush=True)
    while rounds == 0 or time.monotonic() - start < budget:
        s = seed + rounds
        ts.bp_count(t, 8, 5 + s % 11, seed=s)
        ts.churn(t, 5 + s % 7, seed=s)
        ts.pending_schedlock(t)
        if rounds % 4 == 0:
            ts.schedlock(t)
            ts.thread_step(t)
        rounds += 1
    print(f'{rounds} rounds in {time.monotonic() - start:.1f} s (seeds {seed}..{seed + rounds - 1})',
          flush=True)


rt.main(test, __doc__)
