#!/usr/bin/env python3
"""Extended-remote launch settings reach the next `run': `set environment',
`unset environment', `set cwd', `set disable-randomization off|on' (two
runs: different stack addresses, then the same), and `set startup-with-shell
on|off' (a `*', a `$HOME' and a command substitution, which the shell forks
for before the program's exec, in `run''s arguments expanded by the shell,
then passed literally). The program (programs/launch_env.c) prints what it got."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402

BLOCK = (r'^FOO=(.*)\nUNSETME=(.*)\ncwd=(.*)\n((?:arg\d+=.*\n)*)'
         r'stack=(0x[0-9a-f]+)$')


def next_run(srv, what):
    """What the program printed in its next run: (FOO, UNSETME, cwd, [args], stack)."""
    m = srv.expect(BLOCK)
    args = [line.split('=', 1)[1] for line in m.group(4).splitlines()]
    print(f'{what}: {m.groups()}', flush=True)
    return m.group(1), m.group(2), m.group(3), args, m.group(5)


def test(t):
    prog = t.prog('launch_env')
    cwd = os.path.join(t.tmpdir, 'work dir')
    os.mkdir(cwd)
    for name in ('one.c', 'two.c'):
        open(os.path.join(cwd, name), 'w').close()
    port = rt.free_port()
    os.environ['UNSETME'] = 'inherited'
    srv = rt.Server(t, [*t.server_cmd, '--once', '--multi', f'127.0.0.1:{port}'],
                    f'127.0.0.1:{port}')
    srv.expect(rf'^Listening on port {port}$')
    shell = ['set startup-with-shell on', 'run "a b" *.c $HOME `echo sub`',
             'set startup-with-shell off', 'run "a b" *.c $HOME']
    g = t.gdb(None, None, [
        f'target extended-remote 127.0.0.1:{port}',
        f'file {prog}', f'set remote exec-file {prog}',
        'run',
        'set environment FOO=bar', 'unset environment UNSETME', f'set cwd {cwd}',
        'run',
        'set disable-randomization off', 'run', 'run',
        'set disable-randomization on', 'run', 'run',
        *shell])
    g.reject(r'unsupported|not supported|Cannot|[Ee]rror')
    foo, unset, where, _, _ = next_run(srv, 'defaults')
    rt.check((foo, unset) == ('(unset)', 'inherited'),
             f'default environment: FOO={foo} UNSETME={unset}')
    rt.check(where != cwd, 'cwd before `set cwd\'')

    foo, unset, where, _, _ = next_run(srv, 'settings')
    rt.check(foo == 'bar', f'set environment FOO=bar: the program saw FOO={foo}')
    rt.check(unset == '(unset)', f'unset environment UNSETME: the program saw {unset}')
    rt.check(where == cwd, f'set cwd {cwd}: the program ran in {where}')

    random = [next_run(srv, 'randomized')[4] for _ in range(2)]
    rt.check(random[0] != random[1],
             f'set disable-randomization off: the stack stayed at {random[0]}')
    fixed = [next_run(srv, 'not randomized')[4] for _ in range(2)]
    rt.check(fixed[0] == fixed[1],
             f'set disable-randomization on: the stack moved, {fixed[0]} then {fixed[1]}')

    # gdbserver 13 escapes vRun's arguments for its shell (no expansion),
    # and cannot start a program with "a b" without one
    t.known_gdbserver_bug('`run *\' is not expanded by the shell; '
                          'startup-with-shell off refuses arguments with blanks')
    _, _, _, args, _ = next_run(srv, 'startup-with-shell on')
    want = ['a b', 'one.c', 'two.c', os.environ['HOME'], 'sub']
    rt.check(args == want, f'startup-with-shell on: want {want}, the program got {args}')
    _, _, _, args, _ = next_run(srv, 'startup-with-shell off')
    want = ['a b', '*.c', '$HOME']
    rt.check(args == want, f'startup-with-shell off: want {want}, the program got {args}')


rt.main(test, __doc__)
