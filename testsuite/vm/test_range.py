#!/usr/bin/env python3
"""Range stepping on 32-bit ARM Linux: gdb's `next' over one-line loops of
100,000 iterations -- in an ARM-state and a Thumb-state function, with an
IT block whose slots stay in the loop, with one that branches out of it,
around an ldrex/strex increment -- and over a loop with a call (200
iterations: every call is a stop for gdb), each with the right result and
within seconds, rstub planting breakpoints only at the range's exits
(--debug=step counts on a short run); a gdb breakpoint inside the range
stops `next' there; `step' into and out of a function. Both the -marm and
the -mthumb build."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
import armvm  # noqa: E402
import rstubtest as rt  # noqa: E402

SRC = 'range.c'
N = 100000
NCALL = 200
# seconds a `next' over a loop may take (the VM emulates the CPU)
LIMIT = {'arm_loop': 10, 'thumb_loop': 10, 'it_loop': 10, 'atomic_loop': 10,
         'it_exit_loop': 60, 'call_loop': 60}
# (loop tag, what to print, its value after the loop)
LOOPS = [('arm_loop', 'sum', N * (N - 1) // 2), ('thumb_loop', 'sum', N * (N - 1) // 2),
         ('call_loop', 'sum', NCALL * (NCALL - 1)), ('it_loop', 'odd - even', 0),
         ('it_exit_loop', 'i', N), ('atomic_loop', 'counter', N)]


def loop_commands(tag, expr):
    return ['python t0 = time.time()', 'next',
            f'python print("@@{tag} %.2f s" % (time.time() - t0))', f'print {expr}',
            'continue']


def session(t, vm, prog, n, ncall, opts=''):
    line = lambda tag: t.line(SRC, tag)  # noqa: E731
    cmds = ['python import time']
    cmds += [f'break {SRC}:{line(tag)}' for tag, _, _ in LOOPS]
    cmds += [f'break {SRC}:{line("main_step")}', 'continue']
    for tag, expr, _ in LOOPS:
        cmds += loop_commands(tag, expr)
    cmds += ['step', 'step', 'step', 'continue']
    srv = vm.rstub(prog, str(n), str(ncall), opts=opts)
    g = t.gdb(prog, srv.target, cmds, timeout=150)
    return srv, g


def check_loops(t, g, prog):
    line = lambda tag: t.line(SRC, tag)  # noqa: E731
    times = {}
    prints = {}
    for i, (tag, expr, want) in enumerate(LOOPS):
        after = tag.replace('_loop', '_after')
        g.expect(rf'^{line(after)}\s+return', 'next', i + 1)
        m = g.expect(rf'^@@{tag} ([0-9.]+) s$', f'python print("@@{tag} %.2f s" % '
                     '(time.time() - t0))')
        times[tag] = float(m.group(1))
        prints[expr] = prints.get(expr, 0) + 1
        g.expect(rf'^\$\d+ = {want}$', f'print {expr}', prints[expr])
        rt.check(times[tag] < LIMIT[tag], f'{prog}: next over {tag} took {times[tag]} s')
    print(f'# {prog}: next ' + ', '.join(f'{k} {v:.2f} s' for k, v in times.items()),
          flush=True)
    g.reject(r'SIGTRAP|SIGSEGV|SIGILL')


def check_step(t, g):
    line = lambda tag: t.line(SRC, tag)  # noqa: E731
    g.expect(rf'^twice \(x=21\) at .*range\.c:\d+$', 'step')
    g.expect(rf'^{line("twice")}\s+return 2', 'step')
    # out of it: the caller's next line (after twice's closing brace)
    back = g.out('step', 2) + g.out('step', 3)
    rt.check(re.search(rf'^main \(.*\) at .*range\.c:{line("main_after_step")}$', back,
                       re.M), f'step did not return to main:\n{back}')


def full(t, vm, prog):
    srv, g = session(t, vm, prog, N, NCALL)
    check_loops(t, g, prog)
    check_step(t, g)
    g.expect(r'exited normally', 'continue', len(LOOPS) + 2)
    vm.console.expect(r'^range ok')
    rt.check(srv.wait_exit() == 0, 'rstub exit status')


def grep_count(vm, what, log):
    """How many lines of the guest's file LOG hold WHAT."""
    vm.send(f'echo "@@""count $(grep -c "{what}" {log}) lines"')
    return int(vm.console.expect(r'^@@count (\d+) lines').group(1))


def counts(t, vm, prog):
    """A short run with --debug=step: the loops that can run do (a few
    instructions stepped singly around each `next'), the ones with a trap
    per iteration step about one instruction per iteration."""
    log = f'/tmp/range-{prog}.log'
    srv, g = session(t, vm, prog, 1000, 5, opts=f'--debug=step --debug-file={log}')
    g.expect(r'exited normally', 'continue', len(LOOPS) + 2)
    rt.check(srv.wait_exit() == 0, 'rstub exit status')
    singles = grep_count(vm, 'range step of one instruction', log)
    slow = grep_count(vm, 'no fast path', log)
    print(f'# {prog}: 1000 iterations: {singles} instructions stepped singly, '
          f'{slow} ranges without a fast path', flush=True)
    rt.check(slow == 0, f'{prog}: {slow} ranges had no fast path')
    # it_exit_loop: ~1 per iteration (the IT block's branch); the rest is small
    rt.check(singles < 1000 + 400, f'{prog}: {singles} instructions stepped singly')


def breakpoint_inside(t, vm, prog, tag):
    """A gdb breakpoint on the loop's body (the line's fourth instruction)
    stops `next' there; without it the next `next' completes the loop."""
    fourth = ('python gdb.Breakpoint("*%d" % gdb.selected_frame().architecture()'
              '.disassemble(gdb.selected_frame().pc(), count=4)[3]["addr"])')
    srv = vm.rstub(prog, '1000', '5')
    g = t.gdb(prog, srv.target, [f'break {SRC}:{t.line(SRC, tag)}', 'continue', fourth,
                                 'next', 'print i', 'delete', 'next', 'print sum', 'kill'],
              timeout=60)
    g.expect(rf'^Breakpoint 2, 0x[0-9a-f]+ in {tag} \(n=1000\) at .*range\.c:'
             rf'{t.line(SRC, tag)}$', 'next')
    g.expect(r'^\$1 = 0$', 'print i')
    g.expect(rf'^{t.line(SRC, tag.replace("_loop", "_after"))}\s+return', 'next', 2)
    g.expect(r'^\$2 = 499500$', 'print sum')


def test(t, vm):
    for prog, tag in [('range.thumb', 'thumb_loop'), ('range.arm', 'arm_loop')]:
        counts(t, vm, prog)
        full(t, vm, prog)
        breakpoint_inside(t, vm, prog, tag)


armvm.main(test, __doc__)
