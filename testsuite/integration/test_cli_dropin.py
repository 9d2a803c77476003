#!/usr/bin/env python3
"""Drop-in command line: every option of GNU gdbserver 13-16 starts a server
that serves gdb with the meaning gdbserver gives it (a server that does not
know one must refuse it with a message naming it); --wrapper, the shell
options and --no-escape-args are checked through what the program prints;
--debug-file gets traces; --help, --version, --selftest and a bare
--disable-packet print and exit 0; bad values are named."""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def run(t, *args):
    """Run the server to completion; (exit status, combined output)."""
    p = t.spawn([*t.server_cmd, *args], stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out, _ = p.communicate(timeout=rt.WAIT)
    return p.returncode, out.decode('utf-8', 'replace')


def is_gdbserver(t):
    return run(t, '--version')[1].startswith('GNU gdbserver')


def serves(t, opts, *args):
    """Start the server with OPTS on launch_env ARGS, let gdb run it to its
    end; the program's arguments as it printed them, or None when the server
    refused an option with a message naming it (gdbserver only)."""
    status, out = None, ''
    port = rt.free_port()
    srv = rt.Server(t, [*t.server_cmd, *opts, f'127.0.0.1:{port}', t.prog('launch_env'),
                        *args], f'127.0.0.1:{port}')
    m = srv.expect(rf'^Listening on port {port}$|^(Unknown argument|Don\'t know).*$')
    if m.group(1):
        status = srv.wait_exit()
        out = srv.out.text
        named = any(w in out for o in opts for w in re.split('[=,]', o) if w)
        rt.check(t.gdbserver and status != 0 and named,
                 f'{opts}: refused (status {status}):\n{out}')
        return None
    g = t.gdb('launch_env', srv, ['continue'])
    g.expect(r'exited normally', 'continue')
    m = srv.expect(r'^((?:arg\d+=.*\n)*)stack=')
    return [line.split('=', 1)[1] for line in m.group(1).splitlines()]


def test(t):
    t.gdbserver = is_gdbserver(t)
    home = os.environ['HOME']
    for opts in (['--once'], ['--multi', '--once'], ['--disable-randomization'],
                 ['--no-disable-randomization'], ['--debug'], ['--debug=all,-remote'],
                 ['--remote-debug'], ['--event-loop-debug'],
                 ['--debug-format=timestamp', '--debug-format=none'],
                 ['--disable-packet=vCont,Tthread'], ['--disable-packet=vConts']):
        serves(t, opts)
    if not t.gdbserver:  # gdbserver 14's form; 13 takes `remote' for COMM
        serves(t, ['--debug', 'remote'])

    rt.check(serves(t, ['--startup-with-shell'], '*', '$HOME') == ['*', '$HOME'],
             'command-line arguments reach the program unexpanded')
    got = serves(t, ['--no-startup-with-shell'], '*', '$HOME')
    rt.check(got == ['*', '$HOME'], f'--no-startup-with-shell: got {got}')
    got = serves(t, ['--no-escape-args'], '$HOME')
    rt.check(got in (None, [home]), f'--no-escape-args: the shell did not expand, {got}')

    log = os.path.join(t.tmpdir, 'debug.log')
    serves(t, ['--debug', f'--debug-file={log}'])
    with open(log) as f:
        rt.check(f.read().strip(), f'--debug-file={log} stayed empty')

    port = rt.free_port()
    srv = rt.Server(t, [*t.server_cmd, '--once', '--wrapper', 'env', 'FOO=wrapped', '--',
                        f'127.0.0.1:{port}', t.prog('launch_env')], f'127.0.0.1:{port}')
    srv.expect(rf'^Listening on port {port}$')
    t.gdb('launch_env', srv, ['continue']).expect(r'exited normally', 'continue')
    srv.expect(r'^FOO=wrapped$')

    for opts in (['--help'], ['--version'], ['--selftest'], ['--disable-packet']):
        status, out = run(t, *opts)
        rt.check(status == 0 and out.strip(), f'{opts}: status {status}, output:\n{out}')
    for opts in (['--debug=bogus'], ['--debug-format=bogus'],
                 ['--disable-packet=bogus']):
        status, out = run(t, *opts, ':0', t.prog('launch_env'))
        rt.check(status != 0, f'{opts}: status 0')
        rt.expect_text(r'bogus', out, f'{opts} names what is wrong')


rt.main(test, __doc__)
