#!/usr/bin/env python3
"""With gdb's default sysroot (`target:`), gdb reads the dynamic loader and
libc from the server (vFile packets) and loads their symbols from there:
`info sharedlibrary` lists target: paths with symbols read, and a breakpoint
in libc's write() resolves and is hit.  (The other tests use `set sysroot /`
to read them locally, which is faster.)"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402


def test(t):
    srv = t.tcp_server('hello')
    g = t.gdb('hello', srv, ['break main', 'continue', 'info sharedlibrary',
                             'break write', 'continue', 'bt', 'kill'],
              sysroot=None)
    g.expect(r'^Reading /\S*ld-linux-x86-64\.so\.2 from remote target\.\.\.$')
    g.expect(r'^0x[0-9a-f]+ in _start \(\) from target:/\S*ld-linux-x86-64\.so\.2$')
    g.expect(r'^Breakpoint 1, main \(\) at .*hello\.c:\d+$', 'continue')
    g.expect(r'^0x[0-9a-f]+\s+0x[0-9a-f]+\s+Yes\s+target:/\S*/libc\.so\.6$',
             'info sharedlibrary')
    g.expect(r'^Breakpoint 2, (0x[0-9a-f]+ in )?\w*write\w* \(', 'continue', 2)
    g.expect(r'^#\d+\s+0x[0-9a-f]+ in main \(\) at .*hello\.c:\d+$', 'bt')
    g.expect(r'^\[Inferior 1 \(process \d+\) killed\]$', 'kill')
    rt.check(srv.wait_exit() == 0, 'server exit status not 0')


rt.main(test, __doc__)
