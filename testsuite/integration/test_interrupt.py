#!/usr/bin/env python3
"""Ctrl-C at gdb's terminal while the program runs stops it with SIGINT
(the stub's handling of the interrupt byte); bt then shows main, and after
clearing the loop flag the program runs to its exit code 7.  Interactive gdb
under pexpect."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    srv = t.tcp_server('loop')
    gdb = t.interactive_gdb('loop', srv)
    gdb.send('continue')
    gdb.expect(r'^Continuing\.')
    srv.expect(r'^ready \d+$')  # running: gdb now waits on the stub
    gdb.interrupt()
    gdb.expect(r'^Program received signal SIGINT, Interrupt\.')
    gdb.prompt()
    out = gdb.command('bt')
    rt.expect_text(r'^#\d+\s+(0x[0-9a-f]+ in )?main \(\) at .*loop\.c:\d+',
                   out, 'bt after Ctrl-C')
    gdb.command('set var keep_going = 0')
    out = gdb.command('continue')
    rt.expect_text(r'^\[Inferior 1 \(process \d+\) exited with code 07\]',
                   out, 'continue after Ctrl-C')
    srv.expect(r'^loop done$')
    gdb.send('quit')
    status = srv.wait_exit()
    rt.check(status == 0, f'server exit status {status}')


rt.main(test, __doc__)
