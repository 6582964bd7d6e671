#!/bin/bash
# Runs libvirtd in new mount, network and PID namespaces (started by
# PrivateLibvirtd through unshare), with everything it writes inside the test's directory $1:
# tmpfs over /run and /var, and the test's own directories bound on /etc/libvirt, /run/libvirt,
# /var/lib/libvirt, /var/cache/libvirt and /var/log/libvirt. Nothing of the host's libvirt is read
# or written; when this daemon ends, so does every process of the namespace, QEMU included.
# $2 is the daemon's host UUID: two daemons on one machine migrate between each other only when
# they tell different hosts (libvirt refuses "to the same host" otherwise).
set -euo pipefail
dir="$1"
host_uuid="$2"
mkdir -p "$dir"/{etc,run,lib,cache,log}
cat > "$dir/etc/libvirtd.conf" <<CONF
unix_sock_rw_perms = "0700"
auth_unix_rw = "none"
auth_unix_ro = "none"
log_outputs = "3:file:/var/log/libvirt/libvirtd.log"
host_uuid = "$host_uuid"
CONF
# QEMU runs as root without cgroups, confinement or per-VM namespaces: the test host has no
# systemd, no AppArmor profile for it, and the guest needs no protection from the test.
cat > "$dir/etc/qemu.conf" <<CONF
user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
security_driver = "none"
cgroup_controllers = [ ]
namespaces = [ ]
stdio_handler = "file"
CONF
# libvirtd resolves Debian's QEMU user before reading qemu.conf; libvirt-daemon-system would add
# it to the host, this namespace adds it to its own copy of the user database instead.
cp /etc/passwd "$dir/passwd"
cp /etc/group "$dir/group"
grep -q '^libvirt-qemu:' "$dir/passwd" || echo 'libvirt-qemu:x:64055:64055::/var/lib/libvirt:/usr/sbin/nologin' >> "$dir/passwd"
grep -q '^libvirt-qemu:' "$dir/group" || echo 'libvirt-qemu:x:64055:' >> "$dir/group"
[ -d /etc/libvirt ] || { echo "/etc/libvirt is missing (package libvirt0)" >&2; exit 1; }

mount -t proc proc /proc
mount -t tmpfs -o mode=755 virtfx-run /run
mount -t tmpfs -o mode=755 virtfx-var /var
mkdir -p /run/libvirt /var/lib/libvirt /var/cache/libvirt /var/log/libvirt
mkdir -m 1777 /var/tmp /run/lock
ln -s /run /var/run
# libvirt locks a console's pty with a UUCP lock file there.
ln -s /run/lock /var/lock
ln -s /dev/shm /run/shm
mount --bind "$dir/run" /run/libvirt
mount --bind "$dir/lib" /var/lib/libvirt
mount --bind "$dir/cache" /var/cache/libvirt
mount --bind "$dir/log" /var/log/libvirt
mount --bind "$dir/etc" /etc/libvirt
mount --bind "$dir/passwd" /etc/passwd
mount --bind "$dir/group" /etc/group
# This shell stays the namespace's first process: QEMU daemonizes, and its orphans must be reaped
# by someone (libvirtd waits for a killed QEMU to vanish, which a zombie never does). It ends when
# libvirtd does, and the namespace with it.
/usr/sbin/libvirtd &
wait $!
