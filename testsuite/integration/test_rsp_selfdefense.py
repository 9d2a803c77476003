#!/usr/bin/env python3
"""The stub cannot be turned against itself, with a raw RSP client: vFile
refuses rstub's own /proc files (its memory, however the path is spelled:
/proc/self, /proc/thread-self, its pid) with EACCES, while the program's
are served; a FIFO nobody writes is opened and read without blocking the
server; vRun is refused (E01) until extended mode (`!'), as gdbserver does.
Afterwards the server still answers, and its memory is as it was."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
from rsp_client import Rsp, frame  # noqa: E402

FIO_RDONLY, FIO_WRONLY, FIO_RDWR = 0, 1, 2
FIO_EACCES = 'd'


def vopen(c, path, flags):
    return c.request('vFile:open:%s,%x,0' % (path.encode().hex(), flags))


def test(t):
    t.known_gdbserver_bug('opens its own /proc/self/mem for writing and blocks '
                          'on a FIFO')
    srv = t.tcp_server('hello')
    c = Rsp(srv.port)
    c.supported()
    halt = c.request('?')
    own = srv.pid
    for path in ['/proc/self/mem', '/proc/thread-self/mem', f'/proc/{own}/mem',
                 f'/proc/{own}/task/{own}/mem', '/proc/./self/../self/mem']:
        for flags in (FIO_RDWR, FIO_RDONLY):
            reply = vopen(c, path, flags)
            rt.check(reply == 'F-1,' + FIO_EACCES,
                     f'vFile:open {path} flags {flags} -> {reply!r}, not EACCES')
    link = os.path.join(t.tmpdir, 'innocent')
    os.symlink('/proc/self/mem', link)
    reply = vopen(c, link, FIO_RDWR)
    rt.check(reply == 'F-1,' + FIO_EACCES, f'a link to /proc/self/mem -> {reply!r}')

    # the program's own /proc files are what gdb reads: served
    prog = int(re.search(r'pid = (\d+)', srv.out.text).group(1))
    reply = vopen(c, f'/proc/{prog}/maps', FIO_RDONLY)
    m = re.fullmatch(r'F([0-9a-f]+)', reply)
    rt.check(m, f'the program\'s maps -> {reply!r}')
    rt.check(c.request(f'vFile:close:{m.group(1)}') == 'F0', 'close')

    fifo = os.path.join(t.tmpdir, 'fifo')
    os.mkfifo(fifo)
    reply = vopen(c, fifo, FIO_RDONLY)
    m = re.fullmatch(r'F([0-9a-f]+)', reply)
    rt.check(m, f'FIFO open for reading -> {reply!r}')
    reply = c.request(f'vFile:pread:{m.group(1)},10,0')
    rt.check(re.fullmatch(r'F0;|F-1,[0-9a-f]+', reply), f'FIFO read -> {reply!r}')
    rt.check(c.request(f'vFile:close:{m.group(1)}') == 'F0', 'close')
    reply = vopen(c, fifo, FIO_WRONLY)
    rt.check(re.fullmatch(r'F-1,[0-9a-f]+', reply), f'FIFO with no reader -> {reply!r}')

    reply = c.request('vRun;' + t.prog('hello').encode().hex())
    rt.check(reply == 'E01', f'vRun outside extended mode -> {reply!r}, not E01')

    rt.check(c.request('?') == halt, 'the server no longer answers as before')
    c.send(frame('k'))
    srv.wait_exit()


rt.main(test, __doc__)
