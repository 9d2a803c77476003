#!/usr/bin/env python3
"""Range stepping (vCont;r): `next' over a one-line loop of 20,000
iterations is one range step -- gdb sends vCont;r and gets few stops, and
the stub itself does not stop per instruction -- and lands on the next line
with the loop's result right; `next' over a line with a call runs the call
once; a gdb breakpoint inside the range stops `next' there; SIGVTALRMs that
arrive during the range run their handler, with `next' completing (nostop)
or stopping for the signal (stop) as gdb asks. A range the stub cannot
decode (its end inside an instruction) is stepped instruction by
instruction by the stub, still one stop for gdb."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402

SRC = 'range.c'
# gdb's `set debug remote 1' lines
SENT_RANGE = r'Sending packet: \$vCont;r[0-9a-f]+,[0-9a-f]+:'
STOP = r'Packet received: T[0-9a-f]{2}'


def is_rstub(t):
    return 'gdbserver' not in os.path.basename(t.server)


def server(t, mode):
    opts = ['--debug=step'] if is_rstub(t) else []
    return t.tcp_server('range', mode, opts=opts)


def remote_traced(cmd):
    return ['set debug remote 1', cmd, 'set debug remote 0']


def stub_stops(srv, t):
    """How many times the stub let the range-stepped thread take one more
    instruction on its own (rstub's --debug=step trace)."""
    return len(re.findall(r'range step of one instruction', srv.out.text))


def loop(t):
    srv = server(t, 'loop')
    g = t.gdb('range', srv, [f'break {SRC}:{t.line(SRC, "loop")}', 'continue',
                             *remote_traced('next'), 'print sum', 'print i',
                             'continue'])
    g.expect(rf'^{t.line(SRC, "loop_after")}\s+printf', 'next')
    nxt = g.out('next')
    rt.check(re.search(SENT_RANGE, nxt), f'next sent no vCont;r:\n{nxt[-2000:]}')
    stops = len(re.findall(STOP, nxt))
    rt.check(stops <= 4, f'next over 20000 iterations took {stops} stops')
    g.expect(r'^\$1 = 199990000$', 'print sum')
    g.expect(r'^\$2 = 20000$', 'print i')
    g.expect(r'exited normally', 'continue', 2)
    srv.expect(r'^sum 199990000$')
    if is_rstub(t):
        own = stub_stops(srv, t)
        rt.check(own <= 10, f'rstub stepped {own} instructions one by one')


def call(t):
    srv = server(t, 'call')
    g = t.gdb('range', srv, [f'break {SRC}:{t.line(SRC, "call")}', 'continue',
                             *remote_traced('next'), 'print calls', 'print x',
                             'continue'])
    g.expect(rf'^{t.line(SRC, "call_after")}\s+printf', 'next')
    rt.check(re.search(SENT_RANGE, g.out('next')), 'next sent no vCont;r')
    g.expect(r'^\$1 = 1$', 'print calls')
    g.expect(r'^\$2 = 42$', 'print x')
    g.expect(r'exited normally', 'continue', 2)
    srv.expect(r'^calls 1 x 42$')


def breakpoint_inside(t):
    # a breakpoint on the loop line's third instruction (the loop body)
    third = ('python gdb.Breakpoint("*%d" % gdb.selected_frame().architecture()'
             '.disassemble(gdb.selected_frame().pc(), count=3)[2]["addr"])')
    srv = server(t, 'loop')
    g = t.gdb('range', srv, [f'break {SRC}:{t.line(SRC, "loop")}', 'continue',
                             third, 'next', 'print i', 'delete 2', 'next',
                             'print sum', 'continue'])
    g.expect(r'^Breakpoint 2, 0x[0-9a-f]+ in loop \(n=\d+\) at .*range\.c:'
             rf'{t.line(SRC, "loop")}$', 'next')
    g.expect(r'^\$1 = 0$', 'print i')
    g.expect(rf'^{t.line(SRC, "loop_after")}\s+printf', 'next', 2)
    g.expect(r'^\$2 = 199990000$', 'print sum')
    g.expect(r'exited normally', 'continue', 2)
    g.reject(r'SIGTRAP')


AT_LEAST_3 = r'(?:[3-9]|[1-9][0-9]+)'


def signals(t):
    at = f'break {SRC}:{t.line(SRC, "signal_loop")}'
    after = rf'^{t.line(SRC, "signal_after")}\s+memset'
    # gdb's default for SIGVTALRM: nostop noprint pass
    srv = server(t, 'signal')
    g = t.gdb('range', srv, [at, 'continue', *remote_traced('next'), 'print ticks',
                             'continue'])
    g.expect(after, 'next')
    rt.check(re.search(SENT_RANGE, g.out('next')), 'next sent no vCont;r')
    # the loop ends at 3; one more tick may land before the timer is off
    g.expect(rf'^\$1 = {AT_LEAST_3}$', 'print ticks')
    g.expect(r'exited normally', 'continue', 2)
    srv.expect(rf'^ticks {AT_LEAST_3} spins some$')

    # stop: the signal ends the range; the next `next' delivers it and, as
    # gdb documents, steps into its handler when the step is the kernel's
    # (a software step runs the handler and completes the line)
    srv = server(t, 'signal')
    g = t.gdb('range', srv, [at, 'continue', 'handle SIGVTALRM stop print', 'next',
                             'handle SIGVTALRM nostop noprint', 'next', 'continue'])
    g.expect(r'^Program received signal SIGVTALRM', 'next')
    # (the argument as the handler's first line finds it: ASan builds have
    # shown garbage such as sig=-1 there)
    g.expect(rf'^on_alarm \(sig=-?\d+\) at .*range\.c:{t.line(SRC, "on_alarm")}$|{after}',
             'next', 2)
    g.expect(r'exited normally', 'continue', 2)
    srv.expect(rf'^ticks {AT_LEAST_3} spins some$')


def fallback(t):
    # [the loop line's start, the next line's start - 1): the walk of the
    # range cannot land on its end, so there is no fast path
    rng = ('python import re; a = int(gdb.parse_and_eval("$pc")); '
           f's = gdb.execute("info line {SRC}:{t.line(SRC, "loop_after")}", to_string=True); '
           'b = int(re.findall(r"(0x[0-9a-f]+)", s)[0], 16); '
           'print("after 0x%x" % b); gdb.execute("maint packet vCont;r%x,%x" % (a, b - 1))')
    srv = t.tcp_server('range', 'loop', '2000',
                       opts=['--debug=step'] if is_rstub(t) else [])
    g = t.gdb('range', srv, [f'break {SRC}:{t.line(SRC, "loop")}', 'continue', rng,
                             'maint flush register-cache', 'maint flush dcache',
                             'print/x $pc', 'print sum', 'continue'])
    after = g.expect(r'^after (0x[0-9a-f]+)$', rng).group(1)
    g.expect(r'^received: "T05', rng)
    g.expect(rf'^\$1 = {after}$', 'print/x $pc')
    g.expect(r'^\$2 = 1999000$', 'print sum')
    g.expect(r'exited normally', 'continue', 2)
    if is_rstub(t):
        srv.expect(r'range 0x[0-9a-f]+-0x[0-9a-f]+: no fast path')
    srv.expect(r'^sum 1999000$')
    if is_rstub(t):
        own = stub_stops(srv, t)
        rt.check(own >= 2000 * 5, f'only {own} instructions stepped one by one')


def test(t):
    fallback(t)
    loop(t)
    call(t)
    breakpoint_inside(t)
    signals(t)


rt.main(test, __doc__)
