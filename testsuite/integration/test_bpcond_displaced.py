#!/usr/bin/env python3
"""16 threads hit breakpoints with false conditions on instructions of
several kinds (RIP-relative lock inc, load and lea, push, call, ret, rep
movsb: checked with x/i) while a thread keeps sending them a passed SIGUSR1
with a handler (to each once past i == 7: a signal during gdb's own step
over a reported breakpoint can have gdb report it again). The program's
results are right, `break *at_call if i == 7` stops once per thread, a
condition that reads the scratch area at _start (while other threads step
there) never sees anything but the ELF file's bytes, and neither does gdb
at a breakpoint taken while the workers run (x/33xb). rstub's --debug=step
trace shows every site stepped displaced, none stepped over in place.
After `detach` the program finishes right with _start intact."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
import bpcond  # noqa: E402

THREADS = 16
SITES = {'at_lock': r'lock incq 0x[0-9a-f]+\(%rip\)',
         'at_load': r'mov +0x[0-9a-f]+\(%rip\),%r',
         'at_push': r'push +%rbx',
         'at_call': r'call +0x[0-9a-f]+ <bump>',
         'at_ret': r'ret',
         'at_lea': r'lea +0x[0-9a-f]+\(%rip\),%rsi',
         'at_rep': r'rep movsb'}
START = 33  # the scratch slots: _start + 1 .. + 33


def elf_bytes(prog, sym, n):
    """n bytes of the file's text at symbol sym (link-time address)."""
    nm = subprocess.run(['nm', prog], check=True, capture_output=True, text=True).stdout
    addr = int(re.search(rf'^([0-9a-f]+) T {sym}$', nm, re.M).group(1), 16)
    out = subprocess.run(['objdump', '-s', '-j', '.text', f'--start-address={addr}',
                          f'--stop-address={addr + n}', prog],
                         check=True, capture_output=True, text=True).stdout
    data = b''
    for line in re.findall(r'^ [0-9a-f]+ ((?:[0-9a-f]{2,8} ){1,4})', out, re.M):
        data += bytes.fromhex(line.replace(' ', ''))
    return data[:n]


def script(t, start):
    words = [int.from_bytes(start[1 + 8 * k:9 + 8 * k], 'little') for k in range(4)]
    reads = ' || '.join(f'*(unsigned long *)((char *)&_start + {1 + 8 * k}) != {w:#x}'
                        for k, w in enumerate(words))
    text = ('handle SIGUSR1 nostop noprint pass\n'
            'break *at_lock if 0\n'
            f'break *at_load if {reads}\n'
            'break *at_push if 0\n'
            'break *at_call if i == 7\ncommands\n  silent\n'
            '  printf "call hit i=%ld\\n", i\n  continue\nend\n'
            'break *at_ret if 0\nbreak *at_lea if 0\nbreak *at_rep if 0\n'
            'break checkpoint\n')
    return t.script('displaced.gdb', text)


def test(t):
    rstub = 'gdbserver' not in os.path.basename(t.server)
    displaced = rstub and '--step=sw' not in t.server_cmd
    prog = t.prog('displaced')
    start = elf_bytes(prog, '_start', START)
    srv = t.tcp_server('displaced', str(THREADS), '100',
                       opts=['--debug=step'] if rstub else [])
    x = [f'x/i {s}' for s in SITES]
    g = t.gdb('displaced', srv, [*bpcond.TARGET_EVAL, f'source {script(t, start)}',
                                 'continue', f'x/{START}xb (char *)&_start', *x,
                                 'detach'], timeout=45)
    bpcond.check_target_eval(g)
    g.expect(r'Breakpoint 8, .*checkpoint', 'continue')
    hits = re.findall(r'^call hit i=(\d+)$', g.out('continue'), re.M)
    rt.check(hits == ['7'] * THREADS, f'call hits {hits}, want {THREADS} x i=7')
    shown = bytes(int(b, 16) for b in
                  re.findall(r'0x([0-9a-f]{2})\b', g.out(f'x/{START}xb (char *)&_start')))
    rt.check(shown == start, f'_start reads {shown.hex()}, ELF has {start.hex()}')
    addrs = {}
    for site, insn in SITES.items():
        m = g.expect(rf'^\s*(0x[0-9a-f]+) <[^>]+>:\s+{insn}', f'x/i {site}')
        addrs[site] = int(m.group(1), 16)
    g.expect(r'\[Inferior 1 \(process \d+\) detached\]', 'detach')
    g.reject(r'SIGTRAP|SIGSEGV|SIGILL')
    srv.expect(r'^displaced done: counter ok, total ok, loaded ok, start intact, '
               r'signals handled$', timeout=30)
    if not displaced:
        return
    trace = srv.out.text
    if t.verbose:
        for what in ('displaced step of', 'displaced step done', 'displaced step undone',
                     "displaced step's trap taken", 'waits for a displaced-step slot'):
            print(f'{what}: {trace.count(what)}')
    for site, addr in addrs.items():
        rt.check(re.search(rf'displaced step of {addr:#x} in slot', trace),
                 f'{site} ({addr:#x}) never stepped displaced')
    rt.check(not re.search(r'no displaced step at', trace),
             'a breakpoint was stepped over in place')
    rt.check(re.search(r'displaced step done', trace), 'no displaced step done')


rt.main(test, __doc__)
