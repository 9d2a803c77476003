#!/usr/bin/env python3
"""A step that does not end: stepi across the `syscall' of pause().
Ctrl-C ends it on the next instruction (the kernel's step ends there, with
SIGINT still to come; a software step stops there for the SIGINT), or on
the syscall itself when SIGINT beats the thread to it; memory there shows
no breakpoint byte, and `kill' ends the program; and when the server itself is
killed (SIGKILL) mid-step, the program dies with it (PTRACE_O_EXITKILL)
instead of running on with a step breakpoint planted in it."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
from stepcases import ADVANCE_SYSCALL  # noqa: E402


def step_into_pause(t):
    """Server and interactive gdb with the program's thread stepping across
    pause()'s syscall; (server, gdb, program pid)."""
    srv = t.tcp_server('step_cases', 'block', opts=['--remote-debug'])
    pid = int(rt.expect_text(r'^Process \S+ created; pid = (\d+)$', srv.out.text,
                             'server output').group(1))
    gdb = t.interactive_gdb('step_cases', srv)
    for cmd in ['break pause', 'continue', 'delete', ADVANCE_SYSCALL]:
        gdb.command(cmd)
    out = gdb.command('x/i $pc')
    rt.expect_text(r'=> 0x[0-9a-f]+ <(__libc_)?pause\+\d+>:\s+syscall', out, 'x/i $pc')
    gdb.command('set $pause_syscall = $pc')
    gdb.command('monitor help')  # its packet trace follows all earlier ones
    srv.expect(r"<- \$qRcmd,68656c70$")
    gdb.send('stepi')
    srv.expect(r"<- \$vCont;s")
    return srv, gdb, pid


def test(t):
    srv, gdb, pid = step_into_pause(t)
    gdb.interrupt()
    gdb.prompt()
    # on the syscall when SIGINT came before the thread ran it, else past it
    out = gdb.command('print $pc == $pause_syscall || $pc == $pause_syscall + 2')
    rt.expect_text(r'^\$\d+ = 1$', out, 'pc after the interrupted step')
    out = gdb.command('x/2i $pc')
    rt.check(not re.search(r'int3', out), f'a breakpoint byte after the step:\n{out}')
    out = gdb.command('kill')
    rt.expect_text(r'\[Inferior 1 \(process \d+\) killed\]', out, 'kill')
    rt.wait_gone(pid, 'killed program')
    gdb.send('quit')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')

    srv, gdb, pid = step_into_pause(t)
    srv.proc.kill()
    srv.wait_exit()
    rt.wait_gone(pid, 'program of the killed server')


rt.main(test, __doc__)
