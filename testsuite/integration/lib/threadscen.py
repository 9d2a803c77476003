"""threadscen -- the multi-threaded all-stop scenarios, shared by the
test_threads_*.py tests (one run each) and the stress_*.py tests (many runs
with different seeds).  Each function runs one gdb session against a fresh
server and fails (rstubtest.Failure) on the first lost or extra event."""

import rstubtest as rt


def counting_break(t, source, tag, var='$hits'):
    """A gdb script: a breakpoint at SOURCE's @TAG line whose commands count
    hits in VAR silently and continue."""
    line = t.line(source, tag)
    return t.script(f'count-{tag}.gdb',
                    f'set {var} = 0\n'
                    f'break {source}:{line}\n'
                    'commands\n  silent\n'
                    f'  set {var} = {var} + 1\n'
                    '  continue\nend\n')


def exit_and_count(g, srv, expected, what):
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue')
    hits = int(g.expect(r'^\$\d+ = (\d+)$', 'print $hits').group(1))
    rt.check(hits == expected, f'{what}: gdb counted {hits} hits, expected {expected}')
    g.reject(r'SIGTRAP|received signal|Unknown stopping')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


def bp_count(t, nthreads, niter, seed, timeout=rt.WAIT):
    """NTHREADS threads hit one breakpoint NITER times each: gdb's
    `commands` block counts exactly NTHREADS * NITER."""
    srv = t.tcp_server('threads_bp', str(nthreads), str(niter), str(seed))
    script = counting_break(t, 'threads_bp.c', 'hit')
    g = t.gdb('threads_bp', srv, [f'source {script}', 'continue', 'print $hits'],
              timeout=timeout)
    exit_and_count(g, srv, nthreads * niter, f'{nthreads} threads x {niter}, seed {seed}')
    srv.expect(rf'^total {nthreads * niter}$')


def churn(t, rounds, seed, timeout=rt.WAIT):
    """8 * ROUNDS short-lived threads, each hitting the breakpoint once
    while the others are created and joined."""
    srv = t.tcp_server('threads_churn', str(rounds), str(seed))
    script = counting_break(t, 'threads_churn.c', 'tick')
    g = t.gdb('threads_churn', srv, [f'source {script}', 'continue', 'print $hits'],
              timeout=timeout)
    exit_and_count(g, srv, 8 * rounds, f'{8 * rounds} threads, seed {seed}')
    srv.expect(rf'^ticks {8 * rounds}$')


def _counters(g, cmd, n):
    m = g.expect(r'^\$\d+ = \{(\d+), (\d+), (\d+), (\d+)\}$', cmd, n)
    return [int(x) for x in m.groups()]


def schedlock(t):
    """Stop main at nap(); with scheduler-locking on, step / stepi / finish
    in main leave every worker's counter as it was; with it off, a next
    or two over wait_progress() let every worker run."""
    nap = t.line('threads_spin.c', 'nap')
    progress = t.line('threads_spin.c', 'progress')
    srv = t.tcp_server('threads_spin')
    g = t.gdb('threads_spin', srv, [
        f'break threads_spin.c:{nap}', 'continue', 'delete',
        'set scheduler-locking on', 'print counters',
        'step', 'stepi', 'finish', 'print counters',
        'set scheduler-locking off', 'next', 'next', 'print counters',
        'print $_thread', 'set var keep_going = 0', 'continue'])
    g.expect(rf'^Thread .* hit Breakpoint 1, main \(\) at .*threads_spin\.c:{nap}$',
             'continue')
    before = _counters(g, 'print counters', 1)
    g.expect(r'^nap \(\) at .*threads_spin\.c:\d+$', 'step')
    g.expect(rf'main \(\) at .*threads_spin\.c:({nap}|{progress})$', 'finish')
    locked = _counters(g, 'print counters', 2)
    after = _counters(g, 'print counters', 3)
    rt.check(locked == before,
             f'scheduler-locking on: counters moved from {before} to {locked}')
    rt.check(all(a > b for a, b in zip(after, locked)),
             f'scheduler-locking off: counters {locked} -> {after}, not all advanced')
    g.expect(r'^\$\d+ = 1$', 'print $_thread')
    g.expect(r'^\[Inferior 1 \(process \d+\) exited with code 03\]$', 'continue', 2)
    g.reject(r'SIGTRAP|received signal|Switching to')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


def thread_step(t):
    """Stop main once every worker runs, switch to a worker (`thread 3`),
    neither the first thread nor the one that reported the stop, and stepi /
    step / next there: gdb stays in thread 3 (the same `id`), with no stop
    from another thread."""
    srv = t.tcp_server('threads_spin')
    g = t.gdb('threads_spin', srv, [
        'break all_running', 'continue', 'delete',
        'thread 3', 'frame function worker', 'print id',
        'stepi', 'print $_thread', 'step', 'print $_thread',
        'next', 'print $_thread', 'next', 'step', 'print $_thread',
        'frame function worker', 'print id',
        'set var keep_going = 0', 'continue'])
    g.expect(r'^Thread 1 .* hit Breakpoint 1, all_running \(\) at', 'continue')
    g.expect(r'^\[Switching to thread 3 ', 'thread 3')
    id1 = g.expect(r'^\$1 = (\d)$', 'print id').group(1)
    for n in range(1, 5):
        g.expect(r'^\$\d+ = 3$', 'print $_thread', n)
    g.expect(r'^(0x[0-9a-f]+\s+)?\d+\t', 'stepi')
    id2 = g.expect(r'^\$\d+ = (\d)$', 'print id', 2).group(1)
    rt.check(id1 == id2, f'stepped thread 3 had id {id1}, then {id2}')
    g.expect(r'^\[Inferior 1 \(process \d+\) exited with code 03\]$', 'continue', 2)
    g.reject(r'SIGTRAP|received signal|Switching to thread [^3]')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


def pending_schedlock(t):
    """Two threads hit two breakpoints at nearly the same time; gdb reports
    one.  With scheduler-locking on, next in that thread never reports the
    other thread's (maybe pending) breakpoint; with it off, continue does,
    exactly once, and the program exits normally."""
    srv = t.tcp_server('threads_pair')
    g = t.gdb('threads_pair', srv, [
        'break left', 'break right', 'continue', 'print $_thread',
        'set scheduler-locking on', 'next', 'print $_thread',
        'set scheduler-locking off', 'continue', 'continue'])
    first = g.expect(r'^Thread (\d+) .* hit Breakpoint (\d), (left|right) \(\)',
                     'continue').groups()
    other = {'left': 'right', 'right': 'left'}[first[2]]
    g.expect(rf'^\$\d+ = {first[0]}$', 'print $_thread', 1)
    g.expect(rf'^\$\d+ = {first[0]}$', 'print $_thread', 2)
    g.expect(rf'^\d+\t\s*{first[2]}s\+\+; /\* @{first[2]}-2 \*/', 'next')
    g.reject(r'Breakpoint|Switching', 'next')
    m = g.expect(rf'^Thread (\d+) .* hit Breakpoint \d, {other} \(\)', 'continue', 2)
    rt.check(m.group(1) != first[0], f'both breakpoints reported in thread {m.group(1)}')
    g.expect(r'^\[Inferior 1 \(process \d+\) exited normally\]$', 'continue', 3)
    g.reject(r'SIGTRAP|received signal')
    srv.expect(r'^pair 2 2$')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')
