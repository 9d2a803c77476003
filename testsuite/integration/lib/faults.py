"""faults -- what the fault tests (test_fault_*.py) check after something
went wrong on purpose: that no thread of the program is left in
ptrace-stop with no debugger to resume it, that no zombie is left, and that
the program's code holds no breakpoint instruction (its memory, read
through /proc/PID/mem, against the bytes of its file); and the
continue/interrupt cycles of the thread tests (interrupt_cycles)."""

import os
import re
import subprocess
import time

import rstubtest as rt
from rsp_client import Rsp, frame


def ready(out):
    """The `ready PID spin ADDR marker ADDR' line of programs/fault.c from
    OUT (a Server or a program's Output): a dict pid, spin, marker."""
    m = out.expect(r'^ready (\d+) spin (0x[0-9a-f]+) marker (0x[0-9a-f]+)$')
    return {'pid': int(m.group(1)), 'spin': int(m.group(2), 16),
            'marker': int(m.group(3), 16)}


def symbol_size(path, name):
    """Size of function NAME in the ELF file PATH (nm -S)."""
    out = subprocess.run(['nm', '-S', '--defined-only', path], capture_output=True,
                         text=True, timeout=rt.WAIT).stdout
    m = re.search(rf'^[0-9a-f]+ ([0-9a-f]+) [Tt] {re.escape(name)}$', out, re.M)
    rt.check(m, f'nm: no size for {name} in {path}')
    return int(m.group(1), 16)


def states(pid):
    """{tid: state letter} of every thread of PID ({} once it is gone)."""
    out = {}
    try:
        tids = os.listdir(f'/proc/{pid}/task')
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f'/proc/{pid}/task/{tid}/stat') as f:
                stat = f.read()
        except OSError:
            continue
        out[int(tid)] = stat[stat.rfind(')') + 2]
    return out


def tracer(pid):
    """TracerPid of PID (0: not traced, None: gone)."""
    try:
        with open(f'/proc/{pid}/status') as f:
            m = re.search(r'^TracerPid:\s+(\d+)$', f.read(), re.M)
    except OSError:
        return None
    return int(m.group(1))


def check_untraced(pid, what):
    """No debugger remains on PID: not traced, and (bounded) no thread of it
    in tracing stop (`t')."""
    rt.poll_until(lambda: tracer(pid) in (0, None), f'{what}: pid {pid} still traced '
         f'(TracerPid {tracer(pid)})')
    rt.poll_until(lambda: 't' not in states(pid).values(),
         f'{what}: threads of {pid} in tracing stop: '
         f'{sorted(k for k, v in states(pid).items() if v == "t")}')


def children(pid):
    return rt._children(pid)


def check_no_zombies(parent, what):
    """No zombie child of PARENT (a server that is still running)."""
    zombies = [k for k in children(parent) if states(k) and
               set(states(k).values()) <= {'Z', 'X'}]
    rt.check(not zombies, f'{what}: zombie children of {parent}: {zombies}')


def check_reaped(pid, what):
    """PID, a program its server killed, is gone -- not left a zombie (the
    test is a subreaper: an unreaped child of a server that exited comes to
    it)."""
    rt.wait_gone(pid, what)
    stat = states(pid)
    rt.check(not stat, f'{what}: pid {pid} left as a zombie ({stat})')


def _mapping(pid, addr):
    with open(f'/proc/{pid}/maps') as f:
        for line in f:
            parts = line.split()
            lo, hi = (int(x, 16) for x in parts[0].split('-'))
            if lo <= addr < hi and len(parts) >= 6:
                return lo, int(parts[2], 16), parts[5]
    raise rt.Failure(f'no file mapping of {addr:#x} in /proc/{pid}/maps')


def check_code_intact(pid, addr, n, what):
    """The N bytes at ADDR in PID's memory are those of the file mapped
    there: no breakpoint instruction left behind."""
    lo, off, path = _mapping(pid, addr)
    with open(path, 'rb') as f:
        f.seek(off + addr - lo)
        want = f.read(n)
    with open(f'/proc/{pid}/mem', 'rb') as f:
        f.seek(addr)
        have = f.read(n)
    rt.check(have == want, f'{what}: {n} bytes at {addr:#x} are {have.hex()}, '
             f'the file has {want.hex()}')


def symbol(path, name):
    """Value of symbol NAME in the ELF file PATH (nm), as linked."""
    out = subprocess.run(['nm', '--defined-only', path], capture_output=True,
                         text=True, timeout=rt.WAIT).stdout
    m = re.search(rf'^([0-9a-f]+) \w {re.escape(name)}$', out, re.M)
    rt.check(m, f'nm: no symbol {name} in {path}')
    return int(m.group(1), 16)


def address(pid, path, name):
    """Run-time address of symbol NAME of PATH in process PID (a PIE's load
    base from /proc/PID/maps)."""
    real = os.path.realpath(path)
    with open(f'/proc/{pid}/maps') as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 6 and parts[5] == real and int(parts[2], 16) == 0:
                return int(parts[0].split('-')[0], 16) + symbol(path, name)
    raise rt.Failure(f'{path} not mapped in /proc/{pid}/maps')


def read_int(pid, addr, size=8):
    """The SIZE bytes at ADDR in PID, as a little-endian number."""
    with open(f'/proc/{pid}/mem', 'rb') as f:
        f.seek(addr)
        return int.from_bytes(f.read(size), 'little')


# Continue/interrupt cycles (test_fault_threads*.py), raw RSP.

CYCLES = int(os.environ.get('FAULT_CYCLES', 200))
STEP = 8  # each cycle runs until 8 threads more came and went (ticks)
COND_FALSE = ';X3,220027'  # agent bytecode: const8 0, end


def thread_list(c):
    tids = set()
    reply = c.request('qfThreadInfo')
    while reply.startswith('m'):
        for item in reply[1:].split(','):
            tids.add(int(item.split('.')[-1], 16))
        reply = c.request('qsThreadInfo')
    rt.check(reply == 'l', f'qsThreadInfo -> {reply!r}')
    return tids


def check_all_stopped(c, pid, what):
    known = thread_list(c)
    live = {tid: s for tid, s in states(pid).items() if s not in 'ZX'}
    running = sorted(tid for tid, s in live.items() if s != 't')
    rt.check(not running, f'{what}: threads not stopped: {running} ({live})')
    unknown = sorted(set(live) - known)
    rt.check(not unknown, f'{what}: stopped threads the server does not know: {unknown}')


def read(pid, counter):
    return read_int(pid, counter, 4)  # the programs' counters are ints or longs


def progress(pid, counter, before, what, step=1):
    rt.poll_until(lambda: read(pid, counter) >= before + step,
            f'{what}: the program made no progress from {before}')


def interrupt_cycles(t, prog, args, counter_sym, bps, once, ncycles=CYCLES, check_every=25,
           ready=None):
    """Serve PROG ARGS (--once if ONCE); plant BPS, (symbol, offset) pairs,
    as breakpoints whose condition is false; NCYCLES times let the program
    move its counter COUNTER_SYM on by STEP and stop it with ^C; every
    CHECK_EVERY cycles, check that every live thread is stopped and known
    to the server. Then the client vanishes (ONCE: the program is killed
    and reaped) or detaches (no thread left traced; the program runs on).
    READY: a line of the program's to wait for before the first stop."""
    what = f'{prog} {" ".join(args)}, {len(bps)} breakpoints if 0'
    t0 = time.monotonic()
    srv = t.tcp_server(prog, *args, opts=['--once'] if once else [])
    c = Rsp(srv.port)
    c.supported('multiprocess+;swbreak+;hwbreak+;vContSupported+')
    c.start_noack()
    stop = c.request('?')
    pid = int(re.search(r'thread:p([0-9a-f]+)\.', stop).group(1), 16)
    path = t.prog(prog)
    strict = t.probe()['rstub']  # rstub never reports a false condition
    if ready:  # let the program start its threads, then stop it
        c.send(frame('vCont;c'))
        srv.expect(ready)
        c.send(b'\x03')
        rt.check(c.read_packet().startswith('T'), f'{what}: first ^C')
    for sym, off in bps:
        addr = address(pid, path, sym) + off
        reply = c.request(f'Z0,{addr:x},1{COND_FALSE}')
        rt.check(reply == 'OK', f'{what}: Z0 at {sym}+{off} -> {reply!r}')
    counter = address(pid, path, counter_sym)
    count = read(pid, counter)
    t1 = time.monotonic()
    for n in range(1, ncycles + 1):
        c.send(frame('vCont;c'))
        progress(pid, counter, count, f'{what}, cycle {n}', STEP)
        c.send(b'\x03')
        stop = c.read_packet()
        for _ in range(50):
            if not (re.match(r'T05.*swbreak:', stop) and bps and not strict):
                break
            # gdbserver: a hit at a breakpoint whose condition is false,
            # which gdb re-checks and resumes silently; so do we
            c.send(frame('vCont;c'))
            c.send(b'\x03')
            stop = c.read_packet()
        rt.check(stop.startswith('T02'), f'{what}, cycle {n}: ^C -> {stop!r}')
        count = read(pid, counter)
        if n % check_every == 0:
            check_all_stopped(c, pid, f'{what}, cycle {n}')
    print(f'{what}: {ncycles} cycles in {time.monotonic() - t1:.1f} s '
          f'(session start {t1 - t0:.1f} s)', flush=True)
    if once:  # the client vanishes: the server kills the program and exits
        c.close()
        status = srv.wait_exit()
        rt.check(status == 0, f'{what}: server exit status {status}')
        check_reaped(pid, f'{what}: the killed program')
        return
    reply = c.request(f'D;{pid:x}')
    rt.check(reply == 'OK', f'{what}: D -> {reply!r}')
    c.close()  # as gdb does after D
    status = srv.wait_exit()
    rt.check(status == 0, f'{what}: server exit status {status}')
    check_untraced(pid, what)
    progress(pid, counter, read(pid, counter), f'{what}: after D')
