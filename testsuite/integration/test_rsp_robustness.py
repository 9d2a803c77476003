#!/usr/bin/env python3
"""Packet-level robustness, with a raw RSP client and no gdb: a bad checksum
is NAKed (`-`); malformed and truncated `m` packets get an `E..` reply, and
so does an `M` whose length doubled wraps to its data's (it aborted rstub);
unknown packets get the empty reply `$#00`; a packet of the advertised
PacketSize is handled (an M write, read back); bytes outside any packet are
skipped; then
`?`, `g` and `m` still give the same answers as before; `k` kills the program
and the server exits cleanly."""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
from rsp_client import Rsp, frame  # noqa: E402

# x86-64 `g`: rax..r15 and rip, 8 bytes each, then eflags, at least.
MIN_G_HEX = (17 * 8 + 4) * 2
GARBAGE = bytes(range(0x04, 0x20)) + b'#00#zz}}}***xyz\r\n#' + bytes(range(0x80, 0x100))


def state(c):
    """(stop reply without core:, g reply, 4 bytes at rip): what must not
    change while the program sits stopped."""
    stop = c.request('?')
    rt.check(re.match(r'^[TS]05', stop), f'? -> {stop!r}, not a SIGTRAP stop')
    regs = c.request('g')
    rt.check(re.fullmatch(r'([0-9a-f]{2}|xx)+', regs) and len(regs) >= MIN_G_HEX,
             f'g -> {regs[:200]!r} ({len(regs)} chars): not a register block')
    rip = int.from_bytes(bytes.fromhex(regs[16 * 16:17 * 16]), 'little')
    m = re.search(r'(?:^T05|;)10:([0-9a-f]{16});', stop)
    if m:  # rip expedited in the stop reply: it must agree with g
        rt.check(int.from_bytes(bytes.fromhex(m.group(1)), 'little') == rip,
                 f'rip in ? ({m.group(1)}) and g ({rip:x}) differ')
    code = c.request(f'm{rip:x},4')
    rt.check(re.fullmatch(r'[0-9a-f]{8}', code), f'm{rip:x},4 -> {code!r}')
    return re.sub(r'core:[0-9a-f]+;', '', stop), regs, code, rip


def test(t):
    srv = t.tcp_server('hello')
    c = Rsp(srv.port)
    _, packet_size = c.supported()
    before = state(c)
    rip = before[3]

    for bad in [b'$?#00', b'$g#00', b'$m0,4#ff']:
        c.send(bad)
        nak = c.read_byte()
        rt.check(nak == b'-', f'{bad!r} (bad checksum) -> {nak!r}, not -')

    for malformed in ['m', f'm{rip:x}', f'm{rip:x},zz', f'm{rip:x}zz,4',
                      f'm{rip:x},4zz', 'mzz,4', 'm,4', f'm{rip:x},-1',
                      f'm{rip:x};4', f'M{rip:x},8000000000000001:00']:
        reply = c.request(malformed)
        rt.check(re.fullmatch(r'E[0-9a-fA-F]{2}|E\..*', reply),
                 f'{malformed!r} -> {reply!r}, not E..')

    for unknown in ['vRstubNoSuchPacket', 'qRstubNoSuchQuery',
                    'QRstubNoSuchSetting:1', 'j']:
        reply = c.request(unknown)
        rt.check(reply == '', f'{unknown!r} -> {reply!r}, not the empty reply $#00')

    # The largest packet the server advertises: an M write filling
    # PacketSize, to the stack below rsp (unused at the entry point), read
    # back in smaller pieces.
    rsp = int.from_bytes(bytes.fromhex(before[1][7 * 16:8 * 16]), 'little')
    count = (packet_size - len(f'M{rsp:x},{packet_size:x}:')) // 2
    addr = (rsp - 0x400 - count) & ~0xf
    head = f'M{addr:x},{count:x}:'
    data = bytes((i * 7 + 3) & 0xff for i in range(count))
    reply = c.request(head + data.hex())
    rt.check(reply == 'OK', f'M of {count} bytes ({len(head) + 2 * count}-byte '
             f'packet, PacketSize {packet_size}) -> {reply[:100]!r}')
    back = ''
    while len(back) < 2 * count:
        n = min(1024, count - len(back) // 2)
        piece = c.request(f'm{addr + len(back) // 2:x},{n:x}')
        rt.check(re.fullmatch(r'([0-9a-f]{2})+', piece), f'm -> {piece[:100]!r}')
        back += piece
    rt.check(back == data.hex(), 'memory read back differs from the M write')

    # Bytes outside any packet are skipped: the packet after them is read.
    c.send(GARBAGE)
    reply = c.request('?')
    rt.check(reply[:1] in ('T', 'S'), f'? after garbage -> {reply!r}')
    c.send(GARBAGE + frame('?'))
    reply = c.reaction()
    rt.check(reply[:1] in ('T', 'S'), f'garbage then ? -> {reply!r}')

    after = state(c)
    rt.check(after == before, f'state changed by junk:\n before {before}\n'
             f' after  {after}')

    m = re.search(r'thread:(?:p([0-9a-f]+)\.|([0-9a-f]+);)', after[0])
    pid = int(m.group(1) or m.group(2), 16) if m else 0
    c.send(frame('k'))
    c.ack()
    rt.check(c.closed_by_server(), 'connection still open after k')
    status = srv.wait_exit()
    rt.check(status == 0, f'server exit status {status} after k:\n{srv.out.text}')
    if pid:
        rt.wait_gone(pid, 'the killed program')


rt.main(test, __doc__)
