#!/usr/bin/env python3
"""The program killed under the debugger, and stops that come while the
server is busy with the client (programs/fault.c).
  SIGKILL (from the test, by PID) while the program sits stopped at a
      breakpoint, then `continue', and while it runs: gdb says the program
      was terminated by SIGKILL, the server reaps it (no zombie) and exits
      0, with --once and without;
  stops (SIGTRAPs the program raises) coming from 9 threads at once,
      every millisecond, while the client reads 1 MiB (raw RSP, `x' where
      the server has it, else `m', PacketSize pieces) at every stop: each
      read returns the program's bytes, and no stop is lost while the
      large replies go out (the program's own count of its SIGTRAPs never
      runs ahead of the stops seen, and trails them by at most one a
      thread: those reported but not yet resumed);
  packets sent while the program runs in all-stop (`qfThreadInfo', `m' of
      up to 256 KiB, `qC', right after `vCont;c', before the stop): the
      server neither hangs nor loses the stop -- it answers each (data or
      an error: the protocol leaves this open), the
      program's next stop (a SIGTRAP it raises every millisecond) comes
      once, and the next requests are answered.
GNU gdbserver 13 answers the `continue' after a SIGKILL while stopped with
an error ("No unwaited-for children left."): against it that case comes
last and is skipped unless RSTUB_RUN_KNOWN_FAILURES=1."""
import os
import re
import signal
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
import faults as ft  # noqa: E402
from rsp_client import Rsp, frame, rle_decode, unescape  # noqa: E402

BIG = bytes((i * 7 + i // 251) & 0xff for i in range(1 << 20))
STOPS = 20
LARGE_STOPS = 12  # each reads 1 MiB
THREADS = 9  # trap() callers in large_reads, main included


def killed(t, once, running):
    what = f'SIGKILL {"running" if running else "stopped"}, ' \
           f'{"--once" if once else "no --once"}'
    srv = t.tcp_server('fault', 'threads', '8', opts=['--once'] if once else [])
    gdb = t.interactive_gdb('fault', srv)
    if running:
        gdb.send('continue')
        gdb.expect(r'^Continuing\.')
        pid = ft.ready(srv)['pid']
        srv.expect(r'^threads 8$')
    else:
        gdb.command('break marker')
        out = gdb.command('continue')
        rt.expect_text(r'Breakpoint 1, .*marker \(\)', out, f'{what}: continue')
        pid = ft.ready(srv)['pid']
    os.kill(pid, signal.SIGKILL)
    if not running:
        gdb.send('continue')
    gdb.expect(r'Program terminated with signal SIGKILL, Killed\.')
    gdb.prompt()
    out = gdb.command('info inferiors')
    rt.expect_text(r'^\* 1\s+<null>', out, f'{what}: info inferiors')
    gdb.send('quit')
    status = srv.wait_exit()
    rt.check(status == 0, f'{what}: server exit status {status}')
    ft.check_reaped(pid, what)


def connect(port):
    c = Rsp(port)
    features, size = c.supported('multiprocess+;swbreak+;hwbreak+;vContSupported+')
    c.start_noack()
    return c, 'binary-upload+' in features, size


def read_big(c, addr, binary, size):
    """1 MiB at ADDR, in PacketSize pieces."""
    got = bytearray()
    while len(got) < len(BIG):
        n = min(len(BIG) - len(got), (size - 16) if binary else (size - 16) // 2)
        if binary:
            c.send(frame(f'x{addr + len(got):x},{n:x}'))
            reply = rle_decode(c.read_raw_packet())
            rt.check(reply[:1] == b'b', f'x -> {reply[:40]!r}')
            piece = unescape(reply[1:])
        else:
            reply = c.request(f'm{addr + len(got):x},{n:x}')
            rt.check(re.fullmatch(r'([0-9a-f]{2})+', reply), f'm -> {reply[:40]!r}')
            piece = bytes.fromhex(reply)
        rt.check(piece, f'read at {addr + len(got):#x}: nothing')
        got += piece
    return bytes(got)


def start(t, args):
    srv = t.tcp_server('fault', *args)
    c, binary, size = connect(srv.port)
    c.request('?')
    stop = c.request('vCont;c')  # to the first trap()
    rt.check(stop.startswith('T05'), f'first stop: {stop!r}')
    info = ft.ready(srv)
    path = t.prog('fault')
    info['big'] = ft.address(info['pid'], path, 'big')
    info['ticks'] = ft.address(info['pid'], path, 'ticks')
    return srv, c, binary, size, info


def finish(srv, c, info, what):
    c.send(frame('vCont;c'))
    os.kill(info['pid'], signal.SIGUSR1)
    stop = c.read_packet()
    for _ in range(1000):  # SIGTRAPs of trap() may come first
        if not stop.startswith('T05'):
            break
        stop = c.request('vCont;c')
    rt.check(stop.startswith('T1e'), f'{what}: SIGUSR1 -> {stop!r}')
    m = re.search(r'thread:(p[0-9a-f]+\.[0-9a-f]+);', stop)
    end = c.request(f'vCont;C1e:{m.group(1)};c')
    for _ in range(1000):  # the other threads' last SIGTRAPs
        if not end.startswith('T05'):
            break
        end = c.request('vCont;c')
    rt.check(re.match(r'W0+(;|$)', end), f'{what}: end -> {end!r}')
    c.close()
    status = srv.wait_exit()
    rt.check(status == 0, f'{what}: server exit status {status}')
    ft.check_reaped(info['pid'], what)


def large_reads(t):
    what = 'breakpoint hits and 1 MiB reads'
    srv, c, binary, size, info = start(t, ['traps', str(THREADS - 1)])
    before = ft.read_int(info['pid'], info['ticks'])
    hits = 0
    for n in range(LARGE_STOPS):
        stop = c.request('vCont;c')
        rt.check(stop.startswith('T05'), f'{what}, stop {n}: {stop!r}')
        hits += 1
        rt.check(read_big(c, info['big'], binary, size) == BIG,
                 f'{what}, stop {n}: the 1 MiB read differs from the program\'s bytes')
        # trap() counts once its thread is resumed after the stop was
        # reported: the count trails the stops by at most one per thread
        # (a stop still pending is reported before its thread runs again)
        # and the first stop; it is ahead if a stop was lost.
        counted = ft.read_int(info['pid'], info['ticks']) - before
        rt.check(counted <= hits + 1 and hits - counted <= THREADS,
                 f'{what}, stop {n}: the program\'s threads ran trap() '
                 f'{counted} times, {hits} stops reported')
    finish(srv, c, info, what)


def packets_while_running(t):
    what = 'packets while running'
    srv, c, binary, size, info = start(t, ['traps', '0'])
    n = min(1 << 18, (size - 16) // 2)
    for cycle in range(STOPS):
        before = ft.read_int(info['pid'], info['ticks'])
        c.send(frame('vCont;c') + frame('qfThreadInfo') +
               frame(f'm{info["big"]:x},{n:x}') + frame('qC'))
        stops = []
        others = []
        while len(others) < 3 or not stops:
            reply = c.read_packet()
            if re.match(r'[TSWX][0-9a-f]{2}', reply):
                stops.append(reply)
            else:
                others.append(reply)
        rt.check(len(stops) == 1 and stops[0].startswith('T05'),
                 f'{what}, cycle {cycle}: stops {stops}')
        rt.check(len(others) == 3, f'{what}, cycle {cycle}: replies {others}')
        if cycle == 0:
            print(f'{what}: replies {[o[:20] for o in others]}, stop {stops[0][:3]}',
                  flush=True)
        m = others[1]
        rt.check(m.startswith('E') or bytes.fromhex(m) == BIG[:len(m) // 2],
                 f'{what}, cycle {cycle}: m -> {m[:40]!r}...')
        counted = ft.read_int(info['pid'], info['ticks']) - before
        rt.check(counted == 1, f'{what}, cycle {cycle}: trap() ran {counted} '
                 'times for one stop')
        threads = c.request('qfThreadInfo')
        rt.check(threads.startswith('m'), f'{what}: qfThreadInfo -> {threads!r}')
    finish(srv, c, info, what)


def test(t):
    killed(t, once=False, running=True)
    large_reads(t)
    packets_while_running(t)
    t.known_gdbserver_bug('a program SIGKILLed while stopped: gdb\'s continue '
                          'gets "No unwaited-for children left."')
    killed(t, once=True, running=False)


rt.main(test, __doc__)
