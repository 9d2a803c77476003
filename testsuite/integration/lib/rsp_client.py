"""rsp_client -- a minimal raw GDB Remote Serial Protocol client over TCP,
for the packet-level tests that must not go through gdb (malformed packets,
bad checksums, junk bytes, disconnects).  Acks stay on; every read is bounded
and a timeout, a closed connection or a malformed reply fails the test.

    c = Rsp(srv.port)
    c.request('?')          # send, expect '+', return the reply payload
    c.send(b'$?#00')        # raw bytes
    c.read_byte()           # b'-'
"""

import re
import socket
import time

from rstubtest import WAIT, Failure, check


def checksum(payload):
    return sum(payload) & 0xff


def frame(payload):
    """$PAYLOAD#cs for PAYLOAD (bytes or str)."""
    if isinstance(payload, str):
        payload = payload.encode()
    return b'$' + payload + b'#%02x' % checksum(payload)


def rle_decode(payload):
    out = bytearray()
    i = 0
    while i < len(payload):
        c = payload[i]
        if c == ord('*') and out:
            out += bytes([out[-1]]) * (payload[i + 1] - 29)
            i += 2
            continue
        out.append(c)
        i += 1
    return bytes(out)


def unescape(data):
    """The bytes of a binary reply's DATA (bytes, RLE already decoded):
    '}' x stands for x ^ 0x20."""
    out = bytearray()
    i = 0
    while i < len(data):
        if data[i] == 0x7d:
            out.append(data[i + 1] ^ 0x20)
            i += 2
        else:
            out.append(data[i])
            i += 1
    return bytes(out)


class Rsp:
    """A minimal raw RSP client over TCP, every read bounded; acks on
    until start_noack()."""

    def __init__(self, port, timeout=WAIT):
        self.sock = socket.create_connection(('127.0.0.1', port), timeout)
        # As gdb does: no Nagle delay between an ack and the next packet.
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.timeout = timeout
        self.buf = b''
        self.noack = False

    def close(self):
        self.sock.close()

    def send(self, data):
        try:
            self.sock.sendall(data)
        except OSError as e:
            raise Failure(f'RSP: send failed: {e}') from None

    def _fill(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise Failure(f'RSP: no reply within {self.timeout} s '
                          f'(have {self.buf[:200]!r})')
        self.sock.settimeout(left)
        try:
            data = self.sock.recv(65536)
        except socket.timeout:
            data = None
        except OSError as e:
            raise Failure(f'RSP: connection lost: {e} (have {self.buf[:200]!r})') from None
        if data is None:
            raise Failure(f'RSP: no reply within {self.timeout} s '
                          f'(have {self.buf[:200]!r})')
        if not data:
            raise Failure(f'RSP: server closed the connection (have {self.buf!r})')
        self.buf += data

    def read_byte(self):
        """Next byte the server sends (an ack, a NAK, or a packet start)."""
        deadline = time.monotonic() + self.timeout
        while not self.buf:
            self._fill(deadline)
        c, self.buf = self.buf[:1], self.buf[1:]
        return c

    def read_raw_packet(self):
        """Skip acks up to `$`, read one packet, check its checksum, ack it
        (unless acks are off); return the payload as it came (bytes)."""
        deadline = time.monotonic() + self.timeout
        while True:
            while b'$' not in self.buf:
                self._fill(deadline)
            start = self.buf.index(b'$')
            skipped = self.buf[:start]
            check(set(skipped) <= set(b'+'),
                  f'RSP: junk before a reply: {skipped!r}')
            end = self.buf.find(b'#', start)
            while end < 0 or len(self.buf) < end + 3:
                self._fill(deadline)
                end = self.buf.find(b'#', start)
            payload = self.buf[start + 1:end]
            cs = self.buf[end + 1:end + 3]
            self.buf = self.buf[end + 3:]
            check(int(cs, 16) == checksum(payload),
                  f'RSP: bad checksum from server: {payload!r}#{cs!r}')
            if not self.noack:
                self.send(b'+')
            return payload

    def read_packet(self):
        """The next packet's payload (read_raw_packet), RLE-decoded, as str."""
        return rle_decode(self.read_raw_packet()).decode('latin-1')

    def ack(self):
        """Expect the `+` for the packet just sent."""
        c = self.read_byte()
        check(c == b'+', f'RSP: expected +, got {c!r} (then {self.buf[:100]!r})')

    def request(self, payload):
        """Send a packet, expect its ack (unless acks are off), return the
        reply payload."""
        self.send(frame(payload))
        if not self.noack:
            self.ack()
        return self.read_packet()

    def start_noack(self):
        """QStartNoAckMode, as gdb sends it: no acks either way after its OK."""
        reply = self.request('QStartNoAckMode')
        check(reply == 'OK', f'QStartNoAckMode -> {reply!r}')
        self.noack = True

    def supported(self, features='swbreak+;hwbreak+'):
        """qSupported with gdb's `features`: (the reply's feature list, the
        advertised PacketSize)."""
        reply = self.request('qSupported:' + features)
        m = re.search(r'(?:^|;)PacketSize=([0-9a-fA-F]+)', reply)
        check(m, f'qSupported -> {reply!r}: no PacketSize')
        return reply.split(';'), int(m.group(1), 16)

    def reaction(self):
        """What the server made of the packet just sent: '-' if it NAKed
        it, else (after its `+`) the reply payload."""
        c = self.read_byte()
        if c == b'-':
            return '-'
        check(c == b'+', f'RSP: expected + or -, got {c!r}')
        return self.read_packet()

    def closed_by_server(self):
        """Wait (bounded) for the server to close the connection; True if it
        did, False on timeout.  Data still arriving is discarded."""
        deadline = time.monotonic() + self.timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(65536)
            except socket.timeout:
                return False
            except ConnectionResetError:
                return True
            if not data:
                return True
