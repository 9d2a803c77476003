#!/usr/bin/env python3
"""mkvm -- the armhf VM the vm-arm tests boot: Debian's armmp kernel and an
initramfs (busybox-static, rstub, Debian's gdbserver with its libraries, the
static test programs).

    mkvm.py --vm-dir DIR --bindir PROGS --rstub RSTUB --fetch tools/fetch-armhf

Packages come from Debian bookworm through tools/fetch-armhf (private apt
configuration, retried, cached in ~/.cache/rstub/armhf); a missing package
fails with its name. Writes DIR/vmlinuz and DIR/initrd.cpio.gz. Of the
kernel package only vmlinuz and the five modules the init script loads are
unpacked.
"""

import argparse
import glob
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lib'))
import armvm  # noqa: E402

PACKAGES = ['linux-image-armmp-latest', 'busybox-static', 'gdbserver', 'libc6',
            'libgcc-s1', 'libstdc++6']
# virtio-net for the forwarded TCP port (the PCI 16550 and the console are
# built in)
MODULES = ['net/core/failover', 'drivers/net/net_failover', 'drivers/virtio/virtio_mmio',
           'drivers/net/virtio_net']
GDBSERVER_LIBS = ['lib/arm-linux-gnueabihf/ld-linux-armhf.so.3',
                  'lib/arm-linux-gnueabihf/libc.so.6', 'lib/arm-linux-gnueabihf/libm.so.6',
                  'lib/arm-linux-gnueabihf/libgcc_s.so.1',
                  'usr/lib/arm-linux-gnueabihf/libstdc++.so.6']

INIT = r'''#!/bin/busybox sh
/bin/busybox --install -s
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for m in failover net_failover virtio_mmio virtio_net; do insmod /lib/modules/$m.ko; done
ip link set lo up
ip addr add 10.0.2.15/24 dev eth0 && ip link set eth0 up && ip route add default via 10.0.2.2
stty -F /dev/ttyS0 115200 raw -echo
echo "INIT: ready, uptime $(cut -d' ' -f1 /proc/uptime) s"
exec setsid cttyhack sh
'''


def unpack(debs, root):
    """Unpack the packages into ROOT unless the same versions already are."""
    stamp = os.path.join(root, '.debs')
    want = '\n'.join(sorted(os.path.basename(d) for d in debs))
    if os.path.exists(stamp) and open(stamp).read() == want:
        return
    subprocess.run(['rm', '-rf', root], check=True)
    os.makedirs(root)
    for d in debs:
        if os.path.basename(d).startswith('linux-image-'):
            pats = ['./boot/vmlinuz-*'] + [f'*/kernel/{m}.ko' for m in MODULES]
            tar = subprocess.Popen(['dpkg-deb', '--fsys-tarfile', d], stdout=subprocess.PIPE)
            subprocess.run(['tar', '-x', '-C', root, '--wildcards', *pats],
                           stdin=tar.stdout, check=True)
            if tar.wait() != 0:
                raise SystemExit(f'mkvm: cannot unpack {d}')
        else:
            subprocess.run(['dpkg-deb', '-x', d, root], check=True)
    with open(stamp, 'w') as f:
        f.write(want)


def entries(root, vm_dir, bindir, rstub):
    e = [('dir', '/dev', 0o755), ('nod', '/dev/console', 0o600, 5, 1)]
    for d in ['/proc', '/sys', '/tmp', '/bin', '/sbin', '/usr', '/usr/bin', '/usr/sbin',
              '/lib', '/lib/modules', '/lib/arm-linux-gnueabihf', '/usr/lib',
              '/usr/lib/arm-linux-gnueabihf', '/t']:
        e.append(('dir', d, 0o755))
    init = os.path.join(vm_dir, 'init.sh')
    with open(init, 'w') as f:
        f.write(INIT)
    e += [('file', '/bin/busybox', os.path.join(root, 'bin/busybox'), 0o755),
          ('file', '/init', init, 0o755),
          ('file', '/bin/rstub', rstub, 0o755),
          ('file', '/usr/bin/gdbserver', os.path.join(root, 'usr/bin/gdbserver'), 0o755),
          ('slink', '/lib/ld-linux-armhf.so.3',
           '/lib/arm-linux-gnueabihf/ld-linux-armhf.so.3')]
    for m in MODULES:
        ko = glob.glob(os.path.join(root, 'lib/modules/*/kernel', m + '.ko'))
        if not ko:
            raise SystemExit(f'mkvm: module {m}.ko not in the kernel package')
        e.append(('file', f'/lib/modules/{os.path.basename(m)}.ko', ko[0], 0o644))
    for lib in GDBSERVER_LIBS:
        e.append(('file', '/' + lib, os.path.realpath(os.path.join(root, lib)), 0o755))
    for p in sorted(os.listdir(bindir)):
        e.append(('file', '/t/' + p, os.path.join(bindir, p), 0o755))
    return e


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--vm-dir', required=True)
    ap.add_argument('--bindir', required=True)
    ap.add_argument('--rstub', required=True)
    ap.add_argument('--fetch', required=True, help='tools/fetch-armhf')
    args = ap.parse_args()
    t0 = time.monotonic()
    os.makedirs(args.vm_dir, exist_ok=True)
    out = subprocess.run([args.fetch, *PACKAGES], stdout=subprocess.PIPE, text=True)
    if out.returncode != 0:
        raise SystemExit('mkvm: could not get the Debian armhf packages (see above)')
    debs = out.stdout.split()
    root = os.path.join(args.vm_dir, 'root')
    unpack(debs, root)
    t1 = time.monotonic()
    kernels = glob.glob(os.path.join(root, 'boot/vmlinuz-*'))
    if len(kernels) != 1:
        raise SystemExit(f'mkvm: expected one vmlinuz in {root}/boot, found {kernels}')
    with open(kernels[0], 'rb') as src, open(os.path.join(args.vm_dir, 'vmlinuz'), 'wb') as dst:
        dst.write(src.read())
    armvm.write_initramfs(entries(root, args.vm_dir, args.bindir, args.rstub),
                          os.path.join(args.vm_dir, 'initrd.cpio.gz'))
    print(f'mkvm: kernel {os.path.basename(kernels[0])}; packages {t1 - t0:.1f} s, '
          f'initramfs {time.monotonic() - t1:.1f} s')


if __name__ == '__main__':
    main()
