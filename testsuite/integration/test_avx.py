#!/usr/bin/env python3
"""AVX registers: p $ymm0 shows the values the program loaded; after
vzeroupper (the YMM state back to its init state) the upper halves read as
zeros, and a value written with set var reaches the program (the server
must mark the YMM component in use for the kernel to take it).  Skips
without AVX."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    probe = t.start_program('avx', 'probe')
    has_avx = probe.out.expect(r'^avx (\d) avx512 \d opmask \d+$').group(1)
    rt.check(rt.wait_exit(probe, 'avx probe') == 0, 'avx probe failed')
    if has_avx != '1':
        raise rt.Skip('the CPU (or the OS) has no AVX')
    srv = t.tcp_server('avx', 'avx')
    g = t.gdb('avx', srv, ['break *avx_loaded', 'break *avx_init', 'continue',
                           'p $ymm0.v8_int32', 'p $ymm2.v8_int32', 'continue',
                           'p $ymm0.v8_int32', 'set var $ymm2.v8_int32[7] = 77',
                           'p $ymm2.v8_int32', 'continue'])
    g.expect(r'^Breakpoint 1, ', 'continue', 1)
    g.expect(r'^\$1 = \{1, 2, 3, 4, 5, 6, 7, 8\}$', 'p $ymm0.v8_int32', 1)
    g.expect(r'^\$2 = \{0, 0, 0, 0, 0, 0, 0, 0\}$', 'p $ymm2.v8_int32', 1)
    g.expect(r'^Breakpoint 2, ', 'continue', 2)
    g.expect(r'^\$3 = \{1, 2, 3, 4, 0, 0, 0, 0\}$', 'p $ymm0.v8_int32', 2)
    g.expect(r'^\$4 = \{0, 0, 0, 0, 0, 0, 0, 77\}$', 'p $ymm2.v8_int32', 2)
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue', 3)
    srv.expect(r'^ymm2 0 0 0 0 0 0 0 77$')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


rt.main(test, __doc__)
