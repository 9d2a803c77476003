#!/usr/bin/env python3
"""lldb as a client: `gdb-remote` to the server, then breakpoint, thread
list with the threads' names, register read (every general register, none
unavailable), bt through libc, si, s, n, finish, expression, memory read,
a watchpoint, process interrupt and kill -- asserting on what lldb prints.
Interactive lldb under pexpect; skipped when lldb is not installed."""
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402

SRC = 'lldb_threads.c'


# What lldb prints of a stop comes before or (redrawing the prompt) after
# the prompt of the command that resumed; a prompt follows it either way.
PROMPT = r'\(lldb\) '


def expect(out, regex, what):
    return rt.expect_text(regex, out, what)


def go(lldb, cmd, *regexes):
    """Run CMD, which resumes the program; wait for REGEXES in order in what
    lldb prints, then for its prompt."""
    lldb.send(cmd)
    lldb.expect(re.escape(cmd) + r'\r?\n')
    for regex in regexes:
        lldb.expect(regex)
    lldb.expect(PROMPT)


def session(t, lldb, srv):
    call, sq, ret = (t.line(SRC, tag) for tag in ('call', 'square', 'square-ret'))
    go(lldb, f'gdb-remote {srv.target}', r'Process \d+ stopped')
    out = lldb.command(f'breakpoint set --file {SRC} --line {call}')
    expect(out, rf'^Breakpoint 1: where = lldb_threads`main .* at {SRC}:{call}', 'b')
    rt.check('failed to set breakpoint' not in out, f'b warned:\n{out}')
    go(lldb, 'continue', r'stop reason = breakpoint 1\.1')
    out = lldb.command('thread list')
    for name in ('lldb_threads', 'lldb-alpha', 'lldb-beta'):
        expect(out, rf"^\W*thread #\d+: tid = \d+, .*name = '{name}'", 'thread list')
    out = lldb.command('register read')
    expect(out, r'^General Purpose Registers:', 'register read')
    for reg in ('rax', 'rsp', 'rip', 'eflags', 'fs_base'):
        expect(out, rf'^\s+{reg} = 0x[0-9a-f]+', 'register read')
    rt.check('unavailable' not in out, f'registers unavailable:\n{out}')
    out = lldb.command('bt')
    expect(out, rf'frame #0: 0x[0-9a-f]+ lldb_threads`main at {SRC}:{call}', 'bt')
    expect(out, r'frame #1: 0x[0-9a-f]+ libc\.so\.6`', 'bt into libc')
    go(lldb, 'si', r'stop reason = instruction step into')
    go(lldb, 's', rf'stop reason = step in\r?\n.*`square\(x=6\) at {SRC}:{sq}')
    go(lldb, 'n', rf'stop reason = step over\r?\n.*`square\(x=6\) at {SRC}:{ret}')
    go(lldb, 'finish', r'stop reason = step out', r'Return value: \(int\) \$\d+ = 36')
    expect(lldb.command('expr x'), r'^\(int\) \$\d+ = 6', 'expr x')
    expect(lldb.command('p square(7)'), r'^\(int\) \$\d+ = 49', 'p square(7)')
    expect(lldb.command('memory read --size 4 --format x --count 1 &keep_going'),
           r'^0x[0-9a-f]+: 0x00000001', 'memory read')
    out = lldb.command('watchpoint set variable counter')
    expect(out, r'^Watchpoint created: Watchpoint 1: addr = 0x[0-9a-f]+ size = 4', 'watch')
    go(lldb, 'continue', r'new value: 36', r'stop reason = watchpoint 1')
    lldb.command('watchpoint delete 1')
    go(lldb, 'continue', r'Process \d+ resuming')
    go(lldb, 'process interrupt', r'stop reason = signal SIGINT')
    expect(lldb.command('bt'), rf'frame #0: .*`main at {SRC}:', 'bt after interrupt')
    go(lldb, 'kill', r'Process \d+ exited with status = 9')


def test(t):
    lldb_path = shutil.which('lldb')
    if not lldb_path:
        raise rt.Skip('lldb not installed')
    srv = t.tcp_server('lldb_threads')
    lldb = t.interactive_tool([lldb_path, '--no-lldbinit', '--no-use-colors',
                               t.prog('lldb_threads')], r'^\(lldb\) $')
    lldb.command('settings set auto-confirm true')
    session(t, lldb, srv)
    lldb.send('quit')
    status = srv.wait_exit()
    rt.check(status == 0, f'server exit status {status}')


rt.main(test, __doc__)
