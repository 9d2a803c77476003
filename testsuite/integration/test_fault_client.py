#!/usr/bin/env python3
"""A client that vanishes (its socket closed, no `D' or `k') in the middle
of things -- right after `vCont;s', during a range step (`vCont;r' over a
loop that never ends by itself), while the program runs (`vCont;c'), and
with a breakpoint inserted (`Z0', hit, then `vCont;c', never `z0') --
against the three documented outcomes (raw RSP client, programs/fault.c):
  --once, spawned: the server kills the program, reaps it and exits 0;
  --once --attach: the server detaches and exits 0; no thread is left
      traced or in ptrace-stop, the code holds no breakpoint instruction
      (memory against the file), and the program runs on to its normal end
      when told to (SIGUSR1);
  no --once: the server listens again; the next client finds the program
      stopped (no SIGINT of the server's own, no zombie), and it runs on to
      its normal end, passing SIGUSR1. The breakpoint of a client gone
      stays planted, as with gdbserver (gdb's `disconnect' takes its
      breakpoints out first; a client that vanished could not): the next
      client, which knows of it, takes it out (z0), and the code is then
      the file's.
GNU gdbserver 13 notices a client gone while the program runs only once
the program stops (`running' and `range' would hang it), and an attached
program dies after it detaches with a breakpoint just hit: against it
those cases are skipped (RSTUB_RUN_KNOWN_FAILURES=1 runs them)."""
import os
import re
import signal
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
import faults as ft  # noqa: E402
from rsp_client import Rsp, frame  # noqa: E402

SIGUSR1 = 0x1e  # gdb's number for SIGUSR1
RIP = 16        # x86-64 register number of rip in `g'

# What GNU gdbserver 13.1 gets wrong (run last, skipped against it).
_RUNNING = ('a client gone while the program runs is noticed only when the '
            'program stops (--once: the server never exits)')
GDBSERVER_FAILS = {
    ('running', 'reconnect'): _RUNNING, ('running', 'attach'): _RUNNING,
    ('running', 'once'): _RUNNING, ('range', 'reconnect'): _RUNNING,
    ('range', 'attach'): _RUNNING, ('range', 'once'): _RUNNING,
    ('breakpoint', 'attach'): 'detaching after a client gone with a breakpoint '
                              'hit kills the attached program',
}


def thread_of(stop):
    m = re.search(r'thread:p([0-9a-f]+)\.([0-9a-f]+);', stop)
    rt.check(m, f'stop reply {stop!r} names no thread')
    return f'p{m.group(1)}.{m.group(2)}'


def pc(c):
    regs = c.request('g')
    return int.from_bytes(bytes.fromhex(regs[RIP * 16:(RIP + 1) * 16]), 'little')


def connect(port):
    c = Rsp(port)
    c.supported('multiprocess+;swbreak+;hwbreak+;vContSupported+')
    c.start_noack()
    return c


def interrupt(c):
    c.send(b'\x03')
    stop = c.read_packet()
    rt.check(stop[:1] == 'T', f'^C -> {stop!r}')
    return stop


def stopped_in_spin(t, c, info, size, stop):
    """Continue until spin()'s counter moves (the thread is in its loop, which
    it never leaves), then interrupt: the thread stops inside spin()."""
    pid = info['pid']
    if info['spin'] <= pc(c) < info['spin'] + size:
        return stop
    spins = ft.address(pid, t.prog('fault'), 'spins')
    before = ft.read(pid, spins)
    c.send(frame('vCont;c'))
    ft.progress(pid, spins, before, 'spin()')
    stop = interrupt(c)
    rt.check(info['spin'] <= pc(c) < info['spin'] + size,
             f'^C with spin() counting stopped the thread at {pc(c):#x}')
    return stop


def vanish(t, c, scenario, info, stop):
    """Do SCENARIO's packets, then close the connection abruptly."""
    thread = thread_of(stop)
    if scenario == 'step':
        c.send(frame(f'vCont;s:{thread}'))
    elif scenario == 'range':
        size = ft.symbol_size(t.prog('fault'), 'spin')
        stop = stopped_in_spin(t, c, info, size, stop)
        thread = thread_of(stop)
        start = info['spin']
        c.send(frame(f'vCont;r{start:x},{start + size:x}:{thread};c'))
    elif scenario == 'running':
        c.send(frame('vCont;c'))
    elif scenario == 'breakpoint':
        reply = c.request(f'Z0,{info["marker"]:x},1')
        rt.check(reply == 'OK', f'Z0 -> {reply!r}')
        hit = c.request('vCont;c')
        rt.check(hit.startswith('T05'), f'continue to the breakpoint -> {hit!r}')
        c.send(frame('vCont;c'))   # runs on over the breakpoint, then gone
    c.sock.shutdown(2)
    c.close()


def session(t, scenario, mode):
    what = f'{scenario}, {mode}'
    prog_mode = 'tick' if scenario == 'breakpoint' else 'spin'
    prog = None
    if mode == 'attach':
        prog = t.start_program('fault', prog_mode)
        info = ft.ready(prog.out)
        srv = t.tcp_server(info['pid'], opts=['--once', '--attach'])
        c = connect(srv.port)
        stop = c.request('?')
    else:
        srv = t.tcp_server('fault', prog_mode, opts=['--once'] if mode == 'once' else [])
        c = connect(srv.port)
        c.request('?')
        c.send(frame('vCont;c'))
        info = ft.ready(srv)
        stop = interrupt(c)
    pid = info['pid']
    vanish(t, c, scenario, info, stop)

    if mode == 'once':
        status = srv.wait_exit()
        rt.check(status == 0, f'{what}: server exit status {status}')
        ft.check_reaped(pid, f'{what}: the killed program')
        return
    if mode == 'attach':
        status = srv.wait_exit()
        rt.check(status == 0, f'{what}: server exit status {status}')
        rt.check(prog.poll() is None, f'{what}: the program died after the '
                 f'server detached: status {prog.poll()}')
        ft.check_untraced(pid, what)
        for name in ('marker', 'spin'):
            ft.check_code_intact(pid, info[name], 16, f'{what}: {name}()')
        prog.send_signal(signal.SIGUSR1)
        prog.out.expect(r'^done$')
        status = rt.wait_exit(prog, f'{what}: the program after SIGUSR1')
        rt.check(status == 0, f'{what}: program exit status {status}')
        return
    srv.expect(rf'^Listening on port {srv.port}$')
    c = connect(srv.port)
    again = c.request('?')
    rt.check(again[:1] == 'T' and not again.startswith('T02'),
             f'{what}: reconnected: ? -> {again!r}')
    if scenario == 'breakpoint':
        # The breakpoint stays (as with gdbserver): the next client, which
        # knows of it, takes it out; then the code is the file's again.
        reply = c.request(f'z0,{info["marker"]:x},1')
        rt.check(reply == 'OK', f'{what}: z0 -> {reply!r}')
        ft.check_code_intact(pid, info['marker'], 16, f'{what}: marker()')
    rt.check(set(ft.states(pid).values()) == {'t'},
             f'{what}: reconnected: thread states {ft.states(pid)}, not all stopped')
    ft.check_no_zombies(srv.pid, what)
    c.send(frame('vCont;c'))
    os.kill(pid, signal.SIGUSR1)
    stop = c.read_packet()
    rt.check(stop.startswith(f'T{SIGUSR1:02x}'),
             f'{what}: continue, SIGUSR1 -> {stop!r}, not a SIGUSR1 stop')
    end = c.request(f'vCont;C{SIGUSR1:02x}:{thread_of(stop)};c')
    rt.check(re.match(r'W0+(;|$)', end), f'{what}: passing SIGUSR1 -> {end!r}, '
             'not the program\'s normal exit')
    srv.expect(r'^done$')
    c.close()
    status = srv.wait_exit()
    rt.check(status == 0, f'{what}: server exit status {status}')
    ft.check_reaped(pid, f'{what}: the program that exited')


def test(t):
    modes = ('reconnect', 'attach', 'once')
    runs = [(s, m) for s in ('step', 'breakpoint', 'running', 'range') for m in modes]
    for scenario, mode in runs:
        if (scenario, mode) in GDBSERVER_FAILS:
            continue
        session(t, scenario, mode)
    t.known_gdbserver_bug('; '.join(sorted(set(GDBSERVER_FAILS.values()))))
    for scenario, mode in runs:
        if (scenario, mode) in GDBSERVER_FAILS:
            session(t, scenario, mode)


rt.main(test, __doc__)
