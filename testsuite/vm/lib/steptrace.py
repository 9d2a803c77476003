"""steptrace -- sourced into gdb (gdb's Python) by the vm-arm stepping
tests: `python steptrace.run(N)` does N stepi and prints one line per step,
`@@pc <pc hex> <CPSR.T> <function>`, then `@@rate <steps per second>`."""
import time

import gdb


def run(n):
    lines = []
    t0 = time.perf_counter()
    for _ in range(n):
        gdb.execute('stepi', to_string=True)
        frame = gdb.selected_frame()
        cpsr = int(gdb.parse_and_eval('$cpsr'))
        lines.append('@@pc %x %d %s' % (frame.pc(), (cpsr >> 5) & 1, frame.name()))
    dt = time.perf_counter() - t0
    print('\n'.join(lines))
    print('@@rate %.1f' % (n / dt))
