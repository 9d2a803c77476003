"""armvm -- run rstub on 32-bit ARM Linux in qemu-system-arm, drive it from
host gdb-multiarch.

A test file is a few lines over this module and rstubtest (../../integration
/lib):

    import armvm

    def test(t, vm):
        srv = vm.rstub('basic.thumb')
        g = t.gdb('basic.thumb', srv.target, ['break leaf', 'continue'])
        g.expect(r'Breakpoint 1, leaf')

    armvm.main(test, __doc__)

The VM (Vm) is Debian's armmp kernel on `qemu-system-arm -M virt,highmem=off
-cpu cortex-a15` with the initramfs mkvm.py built: busybox, rstub at
/bin/rstub, Debian's gdbserver, the test programs in /t. Its console is our
pipe to a shell; guest tcp/1234 is forwarded to a free 127.0.0.1 port, and
the guest's /dev/ttyS0 (a PCI 16550) is a TCP server socket on another.
qemu is started through rstubtest.Test.spawn, so it is killed by PID when
the test ends, whatever happens. Nothing sleeps: every wait is for console
output or a process exit, bounded.
"""

import argparse
import gzip
import os
import re
import signal
import subprocess
import sys
import time
import traceback

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', '..', 'integration', 'lib'))
import rstubtest as rt  # noqa: E402

# Seconds for a boot to the guest shell (typically 8-15 s on 2 loaded cores).
BOOT_WAIT = 90
# Seconds a whole test may take; below ctest's TIMEOUT (180).
WATCHDOG = 170
GUEST_PORT = 1234
QEMU = 'qemu-system-arm'


# ---------------------------------------------------------------------------
# initramfs (newc cpio, gzip), no root needed

def write_initramfs(entries, out):
    """ENTRIES: ('dir', name, mode) | ('file', name, hostpath, mode) |
    ('nod', name, mode, major, minor) | ('slink', name, target)."""
    data = bytearray()
    ino = 1000

    def ent(name, mode, body=b'', rdev=(0, 0), nlink=1):
        nonlocal ino
        ino += 1
        raw = name.lstrip('/').encode() + b'\0'
        fields = (ino, mode, 0, 0, nlink, 0, len(body), 0, 0, rdev[0], rdev[1],
                  len(raw), 0)
        data.extend(b'070701' + ''.join('%08x' % v for v in fields).encode() + raw)
        data.extend(b'\0' * (-len(data) % 4))
        data.extend(body)
        data.extend(b'\0' * (-len(data) % 4))

    for e in entries:
        if e[0] == 'dir':
            ent(e[1], 0o040000 | e[2], nlink=2)
        elif e[0] == 'file':
            with open(e[2], 'rb') as f:
                ent(e[1], 0o100000 | e[3], f.read())
        elif e[0] == 'nod':
            ent(e[1], 0o020000 | e[2], rdev=(e[3], e[4]))
        elif e[0] == 'slink':
            ent(e[1], 0o120777, e[2].encode())
        else:
            raise ValueError(e)
    ino = 0
    ent('TRAILER!!!', 0)
    data.extend(b'\0' * (-len(data) % 512))
    with open(out + '.tmp', 'wb') as f:
        f.write(gzip.compress(bytes(data), 6))
    os.replace(out + '.tmp', out)


# ---------------------------------------------------------------------------
# the VM

class GuestServer:
    """A server started in the guest; .target is what host gdb's
    `target remote` takes."""

    def __init__(self, vm, target, tag):
        self.vm = vm
        self.target = target
        self.tag = tag

    def wait_exit(self, timeout=rt.WAIT):
        """Wait until the server has exited in the guest; its status."""
        m = self.vm.console.expect(r'^@@exit-%s (\d+)' % self.tag, timeout)
        return int(m.group(1))


class Vm:
    def __init__(self, t, vm_dir):
        self.t = t
        self.vm_dir = vm_dir
        self.serial_port = None
        self.gdb_port = None
        self.boot_seconds = None
        self._n = 0
        for f in ('vmlinuz', 'initrd.cpio.gz'):
            rt.check(os.path.exists(os.path.join(vm_dir, f)),
                     f'{vm_dir}/{f} missing: run the vm-arm.setup test (mkvm.py) first')

    def boot(self):
        """Start qemu on free ports; wait for the guest's shell."""
        for _ in range(5):
            self.gdb_port, self.serial_port = rt.free_port(), rt.free_port()
            argv = [QEMU, '-M', 'virt,highmem=off', '-cpu', 'cortex-a15', '-m', '256',
                    '-nographic', '-no-reboot',
                    '-kernel', os.path.join(self.vm_dir, 'vmlinuz'),
                    '-initrd', os.path.join(self.vm_dir, 'initrd.cpio.gz'),
                    '-append', 'console=ttyAMA0 panic=-1 quiet',
                    '-netdev', f'user,id=n,hostfwd=tcp:127.0.0.1:{self.gdb_port}'
                               f'-:{GUEST_PORT}',
                    '-device', 'virtio-net-device,netdev=n',
                    '-chardev', f'socket,id=s1,host=127.0.0.1,port={self.serial_port},'
                                'server=on,wait=off',
                    '-device', 'pci-serial,chardev=s1']
            start = time.monotonic()
            self.proc = self.t.spawn(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
            self.console = rt.Output(self.proc.stdout, 'vm console')
            m = self.console.expect(r'^INIT: ready|Could not set up host forwarding|'
                                    r'Address already in use', BOOT_WAIT)
            if m.group(0) == 'INIT: ready':
                self.boot_seconds = time.monotonic() - start
                print(f'# vm: boot to shell {self.boot_seconds:.1f} s', flush=True)
                return self
            self.proc.wait(rt.WAIT)
        raise rt.Failure('qemu: no free host ports after 5 tries')

    def send(self, line):
        """Type LINE into the guest shell."""
        self.proc.stdin.write(line.encode() + b'\n')
        self.proc.stdin.flush()

    def sh(self, cmd, timeout=rt.WAIT):
        """Run CMD in the guest shell; its exit status. (The marker is
        split so that the shell's echo of the command does not match.)"""
        self._n += 1
        self.send(f'{cmd}; echo "@@""sh-{self._n} $?"')
        return int(self.console.expect(r'^@@sh-%d (\d+)' % self._n, timeout).group(1))

    def _server(self, argv, listening):
        self._n += 1
        tag = self._n
        self.send(f'({argv}; echo "@@""exit-{tag} $?") &')
        self.console.expect(listening)
        return tag

    def rstub(self, prog, *args, opts=''):
        """rstub [OPTS] 0.0.0.0:1234 /t/PROG ARGS in the guest, over the forwarded
        TCP port."""
        tag = self._server(f'rstub {opts} 0.0.0.0:{GUEST_PORT} /t/{prog} {" ".join(args)}',
                           r'Listening on port %d\r?$' % GUEST_PORT)
        return GuestServer(self, f'127.0.0.1:{self.gdb_port}', tag)

    def gdbserver(self, prog, *args):
        """Debian's gdbserver (the reference) the same way. Its stderr goes
        through a pipe: gdbserver hands the foreground of its stderr's
        terminal to the program (rstub only when it is in the foreground
        itself), and a read by the shell, PID 1 here, from a console it no
        longer owns fails with EIO: the shell exits, the kernel panics."""
        tag = self._server(f'{{ gdbserver --once 0.0.0.0:{GUEST_PORT} /t/{prog} '
                           f'{" ".join(args)} 2>&1 1>&3 | cat; }} 3>&1',
                           r'Listening on port %d\r?$' % GUEST_PORT)
        return GuestServer(self, f'127.0.0.1:{self.gdb_port}', tag)

    def rstub_serial(self, prog, *args):
        """rstub on the guest's /dev/ttyS0; gdb reaches it through qemu's
        TCP socket for that port."""
        tag = self._server(f'rstub /dev/ttyS0 /t/{prog} {" ".join(args)}',
                           r'Remote debugging using /dev/ttyS0\r?$')
        return GuestServer(self, f'tcp:127.0.0.1:{self.serial_port}', tag)

    def poweroff(self):
        self.send('poweroff -f')
        rt.wait_exit(self.proc, 'qemu after poweroff')


# ---------------------------------------------------------------------------

def _alarm(signum, frame):
    raise rt.Failure(f'watchdog: test took more than {WATCHDOG} s')


def main(test, doc=None):
    """Parse the command line, boot the VM, run TEST(t, vm), report, clean
    up (qemu and everything else by PID), exit 0 pass / 1 fail."""
    ap = argparse.ArgumentParser(description=doc)
    ap.add_argument('--vm-dir', required=True, help='mkvm.py output (kernel, initramfs)')
    ap.add_argument('--bindir', required=True, help='the armhf test programs (host copies)')
    ap.add_argument('--rstub', required=True, help='the armhf rstub in the initramfs')
    ap.add_argument('--gdb', help='gdb to use (default gdb-multiarch)')
    ap.add_argument('-v', '--verbose', action='store_true')
    args = ap.parse_args()
    name = os.path.basename(sys.argv[0])
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(WATCHDOG)
    targs = argparse.Namespace(server=args.rstub, default_server=None, bindir=args.bindir,
                               gdb=args.gdb, verbose=args.verbose)
    t = vm = None
    status = 1
    try:
        t = rt.Test(targs)
        vm = Vm(t, args.vm_dir)
        vm.boot()
        test(t, vm)
        status = 0
    except rt.Failure as e:
        print(f'FAIL {name}: {e}', flush=True)
    except Exception:
        print(f'FAIL {name}: unexpected exception', flush=True)
        traceback.print_exc()
    finally:
        if status and vm is not None and getattr(vm, 'console', None):
            print('guest console (last 60 lines):\n' +
                  '\n'.join(vm.console.text.splitlines()[-60:]), flush=True)
        signal.alarm(0)
        if t is not None:
            t.cleanup()
    if status == 0:
        print(f'PASS {name}', flush=True)
    sys.exit(status)
