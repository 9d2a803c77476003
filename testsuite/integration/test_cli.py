#!/usr/bin/env python3
"""The command line: bad arguments, a busy port and an address that does not
resolve each give one line on stderr and a non-zero exit, and leave no
process behind; a program that cannot be run is reported as gdbserver
reports it (what rstub or the shell says, then `During startup program
exited with code N.' and `Exiting'), over TCP and stdio, at once (a shell
that could not find a bare name once left rstub waiting forever);
--help and --version work."""
import os
import socket
import stat
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def run(t, *args):
    """Run the server to completion; (exit status, combined output)."""
    p = t.spawn([t.server, *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT)
    out, _ = p.communicate(timeout=rt.WAIT)
    return p.returncode, out.decode('utf-8', 'replace')


def fails_with(t, args, regex, what):
    status, out = run(t, *args)
    rt.check(status != 0, f'{what}: exit status 0; output:\n{out}')
    lines = [line for line in out.splitlines() if line.strip()]
    rt.check(len(lines) == 1, f'{what}: want one line, got:\n{out}')
    rt.expect_text(regex, lines[0], what)


def start_fails(t, args, regex, code, what):
    status, out = run(t, *args)
    rt.check(status != 0, f'{what}: exit status 0; output:\n{out}')
    rt.expect_text(regex, out, what)
    rt.expect_text(rf'\nDuring startup program exited with code {code}\.\nExiting\n$',
                   out, what)


def test(t):
    port = rt.free_port()
    hello = t.prog('hello')

    status, out = run(t, '--help')
    rt.check(status == 0, '--help: exit status')
    rt.expect_text(r'COMM', out, '--help')
    rt.expect_text(r'loopback', out, '--help explains :PORT')
    status, out = run(t, '--version')
    rt.check(status == 0, '--version: exit status')
    rt.expect_text(r'\d+\.\d+', out, '--version')

    fails_with(t, ['--no-such-option', f':{port}', hello], r'', 'unknown option')
    fails_with(t, ['--baud', 'fast', '/dev/null', hello], r'--baud', 'bad --baud')
    fails_with(t, ['--spin=fast', f':{port}', hello], r'--spin', 'bad --spin')
    fails_with(t, ['--attach', f':{port}', 'notapid'], r'--attach', 'bad PID')
    missing = os.path.join(t.tmpdir, 'missing')
    start_fails(t, [f':{port}', missing], r'No such file or directory', 127,
                'missing program')
    start_fails(t, ['stdio', missing], r'^stdin/stdout redirected$(.|\n)*No such file', 127,
                'missing program over stdio')
    start_fails(t, [f':{port}', 'rstub-no-such-program'],
                r'rstub-no-such-program: (command )?not found', 127, 'bare name not in PATH')
    start_fails(t, ['stdio', 'rstub-no-such-program'],
                r'rstub-no-such-program: (command )?not found', 127,
                'bare name not in PATH, over stdio (the shell\'s words come through)')

    unreadable = os.path.join(t.tmpdir, 'not-executable')
    with open(unreadable, 'w') as f:
        f.write('not a program\n')
    os.chmod(unreadable, stat.S_IRUSR)
    start_fails(t, [f':{port}', unreadable], r'Permission denied|Exec format', 126,
                'program that is not executable')

    fails_with(t, ['garbage:1234:1', hello], r'cannot resolve name', 'bad host')
    fails_with(t, ['udp:127.0.0.1:1', hello], r'UDP', 'udp')

    busy = socket.socket()
    busy.bind(('127.0.0.1', 0))
    busy.listen(1)
    fails_with(t, [f'127.0.0.1:{busy.getsockname()[1]}', hello],
               r"^Can't bind address: Address already in use\.$", 'busy port')
    busy.close()

    # none of the failures above left a traced or stopped program behind
    for pid in rt._descendants(os.getpid()):
        with open(f'/proc/{pid}/cmdline', 'rb') as f:
            rt.check(hello.encode() not in f.read(), f'process {pid} left behind')


rt.main(test, __doc__)
