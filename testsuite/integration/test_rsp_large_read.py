#!/usr/bin/env python3
"""Large memory reads, as a client that uses the advertised PacketSize sees
them: a 1 MiB buffer holding every byte value (the protocol's specials
included) reads back exactly with `m` in PacketSize/2-byte requests and
with binary `x` (reply `b` + escaped bytes, gdb manual "Packets") in
PacketSize-byte requests, each reply carrying all it was asked for, with
acks and without (QStartNoAckMode, as gdb runs); a reply NAKed with `-`
comes again whole; a read running from the buffer into the unmapped page
after it returns the buffer's bytes only (rstub reads and sends a long
reply a piece at a time: the cut falls inside the second piece); `x` of
unmapped memory is an error.

GNU gdbserver 13 has no `x` packet (GDB 16 added it): against it this
test is skipped unless RSTUB_RUN_KNOWN_FAILURES=1."""
import os
import re
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
import rstubtest as rt  # noqa: E402
import rsp_client  # noqa: E402
from rsp_client import Rsp  # noqa: E402

SIZE = 1 << 20


def unescape(payload):
    """The bytes of a binary reply read as text (latin-1)."""
    return rsp_client.unescape(payload.encode('latin-1'))


def read_all(c, addr, chunk, binary):
    """Read SIZE bytes at addr in `chunk`-byte requests; check every reply
    is whole; return the bytes."""
    data = bytearray()
    while len(data) < SIZE:
        want = min(chunk, SIZE - len(data))
        reply = c.request('%s%x,%x' % ('x' if binary else 'm', addr + len(data), want))
        if binary:
            rt.check(reply[:1] == 'b', f'x reply starts {reply[:20]!r}, not b')
            got = unescape(reply[1:])
        else:
            rt.check(re.fullmatch(r'[0-9a-f]*', reply) is not None,
                     f'm reply is not hex: {reply[:40]!r}')
            got = bytes.fromhex(reply)
        rt.check(len(got) == want, f'asked {want} bytes, got {len(got)}')
        data += got
    return bytes(data)


def test(t):
    t.known_gdbserver_bug('no x packet before GDB 16')
    srv = t.tcp_server('bigmem')
    c = Rsp(srv.port)
    features, packet_size = c.supported('swbreak+;hwbreak+;binary-upload+')
    rt.check('binary-upload+' in features, f'qSupported -> {features!r}')
    rt.check(packet_size >= 256 * 1024, f'PacketSize {packet_size} under 256 KiB')
    c.request('?')
    stop = c.request('vCont;c')
    rt.check(stop.startswith('T05'), f'vCont;c -> {stop!r}, not the int3 SIGTRAP')
    regs = bytes.fromhex(c.request('g')[:64])
    addr, _, _, size = struct.unpack('<4Q', regs[:32])  # rax rbx rcx rdx
    rt.check(size == SIZE, f'rdx = {size:#x}, not the buffer size')

    want = bytes((i * 7 + i // 251) & 0xff for i in range(SIZE))
    rt.check(read_all(c, addr, packet_size // 2, False) == want, 'm read differs')
    rt.check(read_all(c, addr, packet_size - 1, True) == want, 'x read differs')

    # a NAKed reply is sent again, whole
    c.send(rsp_client.frame('x%x,%x' % (addr, packet_size - 1)))
    c.ack()
    first = c.read_raw_packet()
    c.send(b'-')
    again = c.read_raw_packet()
    rt.check(again == first, f'reply after - is {len(again)} bytes, was {len(first)}')
    rt.check(unescape(first[1:].decode('latin-1')) == want[:packet_size - 1],
             'x reply differs')

    # a read past the end of the buffer: its last TAIL bytes only
    tail = 40000
    for kind, parse in (('m', bytes.fromhex), ('x', lambda r: unescape(r[1:]))):
        got = parse(c.request('%s%x,%x' % (kind, addr + SIZE - tail, 3 * tail)))
        rt.check(got == want[-tail:], f'{kind} past the end: {len(got)} bytes, '
                 f'want the buffer\'s last {tail}')
    bad = c.request('x0,100')
    rt.check(bad[:1] == 'E', f'x of unmapped memory -> {bad[:20]!r}')

    c.start_noack()
    rt.check(read_all(c, addr, packet_size - 1, True) == want, 'x read without acks differs')
    rt.check(read_all(c, addr, packet_size // 2, False) == want,
             'm read without acks differs')


rt.main(test, __doc__)
