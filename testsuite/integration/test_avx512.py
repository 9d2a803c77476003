#!/usr/bin/env python3
"""AVX-512 registers: p $zmm1, $zmm17 (xmm17 + ymm17h + zmm17h) and $k1
show the values the program loaded; values written with set var into
$ymm2, $zmm3, $k2 and $zmm18 reach the program.  Skips without AVX-512.

GNU gdbserver before 14 hard-codes Intel's XSAVE offsets (opmask at 1088);
on processors that pack the area differently (AMD Zen 4: 832) it shows and
writes the wrong bytes, a known gdbserver bug."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def gdbserver_major(server):
    """gdbserver's major version, or None when SERVER is not gdbserver."""
    try:
        out = subprocess.run([server, '--version'], capture_output=True,
                             text=True, timeout=rt.WAIT,
                             stdin=subprocess.DEVNULL).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.match(r'GNU gdbserver .*?(\d+)\.\d+', out)
    return int(m.group(1)) if m else None


def test(t):
    probe = t.start_program('avx', 'probe')
    m = probe.out.expect(r'^avx \d avx512 (\d) opmask (\d+)$')
    rt.check(rt.wait_exit(probe, 'avx probe') == 0, 'avx probe failed')
    if m.group(1) != '1':
        raise rt.Skip('the CPU (or the OS) has no AVX-512')
    major = gdbserver_major(t.server)
    if major is not None and major < 14 and m.group(2) != '1088':
        t.known_gdbserver_bug(f'gdbserver {major} assumes Intel XSAVE offsets, '
                              f'this CPU has opmask at {m.group(2)}')
    srv = t.tcp_server('avx', 'avx512')
    g = t.gdb('avx', srv, ['break *avx512_loaded', 'continue',
                           'p $ymm0.v8_int32', 'p $zmm1.v16_int32',
                           'p $zmm17.v16_int32', 'p/x $k1', 'p $xmm17.v4_int32',
                           'set var $ymm2.v8_int32[7] = 77',
                           'set var $zmm3.v16_int32[15] = 99',
                           'set var $k2 = 0x1234',
                           'set var $zmm18.v16_int32[0] = 55',
                           'p $zmm3.v16_int32[15]', 'p/x $k2', 'continue'])
    g.expect(r'^Breakpoint 1, ', 'continue', 1)
    g.expect(r'^\$1 = \{1, 2, 3, 4, 5, 6, 7, 8\}$', 'p $ymm0.v8_int32')
    g.expect(r'^\$2 = \{101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, '
             r'112, 113, 114, 115, 116\}$', 'p $zmm1.v16_int32')
    g.expect(r'^\$3 = \{201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, '
             r'212, 213, 214, 215, 216\}$', 'p $zmm17.v16_int32')
    g.expect(r'^\$4 = 0x5a5a$', 'p/x $k1')
    g.expect(r'^\$5 = \{201, 202, 203, 204\}$', 'p $xmm17.v4_int32')
    g.expect(r'^\$6 = 99$', 'p $zmm3.v16_int32[15]')
    g.expect(r'^\$7 = 0x1234$', 'p/x $k2')
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue', 2)
    srv.expect(r'^ymm2\[7\] 77 zmm3\[15\] 99 k2 0x1234 zmm18\[0\] 55$')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


rt.main(test, __doc__)
