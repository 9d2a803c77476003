#!/usr/bin/env python3
"""stepi over cpuid and rdtsc, instructions a hypervisor may intercept: on
some guests a kernel single-step over cpuid ends one instruction late.
rstub probes that at start-up and steps such an instruction with a
breakpoint after it (the fallback variant forces that path on any host with
--assume-broken): gdb lands exactly on the next instruction. A false
condition on cpuid has it stepped over ten times without a report
(displaced stepping refuses it where it oversteps), and the program's own
count shows every instruction after it ran exactly once."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    probe = t.probe()
    opts = ['--debug=step'] if probe['rstub'] else []
    srv = t.tcp_server('intercepted', opts=opts)
    g = t.gdb('intercepted', srv, [
        'break *at_cpuid', 'continue', 'stepi', 'print $pc == &after_cpuid',
        'break *at_rdtsc', 'continue', 'stepi', 'print $pc == &after_rdtsc',
        'delete', 'break *at_cpuid if $rdi == 12345', 'continue'])
    g.expect(r'^Breakpoint 1, (0x[0-9a-f]+ in )?main \(\)', 'continue')
    g.expect(r'^\$1 = 1$', 'print $pc == &after_cpuid')
    g.expect(r'^Breakpoint 2, (0x[0-9a-f]+ in )?main \(\)', 'continue', 2)
    g.expect(r'^\$2 = 1$', 'print $pc == &after_rdtsc')
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue', 3)
    g.reject(r'SIGILL|SIGSEGV|SIGTRAP|received signal')
    if 'cpuid' in probe['oversteps'] and '--step=sw' not in t.server_cmd:
        # the kernel's stepi took the fallback, and so did each false
        # condition's step-over, which is not displaced (--step=sw steps by
        # breakpoints anyway)
        srv.expect(r'0x[0-9a-f]+ is an instruction the kernel oversteps here')
        srv.expect(r'no displaced step at 0x[0-9a-f]+: Operation not supported')
        srv.expect(r'0x[0-9a-f]+ is an instruction the kernel oversteps here')
    srv.expect(r'^intercepted 20$')


rt.main(test, __doc__)
