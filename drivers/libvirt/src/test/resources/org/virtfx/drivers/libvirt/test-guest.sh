#!/bin/bash
# Prepares the guest the private-daemon tests boot: Debian's cloud kernel and an initramfs of
# busybox whose init prints a banner on the serial port and runs a shell there. The packages come
# from apt-get download into a cache kept between runs (the QEMU driver's tests use the same one);
# prints the kernel's and the initramfs's paths, one a line.
set -euo pipefail
cache="$1"
banner="$2"
mkdir -p "$cache/debs"
root="$cache/root"
if ! ls "$root"/boot/vmlinuz-* >/dev/null 2>&1 || [ ! -x "$root/bin/busybox" ]; then
  image=$(apt-cache depends linux-image-cloud-amd64 | sed -n 's/^ *Depends: \(linux-image-.*\)$/\1/p' | head -n1)
  [ -n "$image" ] || { echo "linux-image-cloud-amd64 depends on no kernel image" >&2; exit 1; }
  (cd "$cache/debs" && apt-get download -q "$image" busybox-static >&2)
  for deb in "$cache"/debs/*.deb; do dpkg-deb -x "$deb" "$root"; done
fi
kernel=$(ls "$root"/boot/vmlinuz-* | head -n1)
release=${kernel##*/vmlinuz-}
initrd="$cache/libvirt-initrd-$release.gz"
if [ ! -s "$initrd" ]; then
  stage=$(mktemp -d)
  trap 'rm -rf "$stage"' EXIT
  mkdir -p "$stage"/{bin,dev,proc,sys}
  cp "$root/bin/busybox" "$stage/bin/busybox"
  ln -s busybox "$stage/bin/sh"
  cat > "$stage/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo $banner
exec setsid cttyhack sh
INIT
  chmod 755 "$stage/init"
  (cd "$stage" && find . | cpio -o -H newc --quiet -R 0:0 | gzip -1 > "$initrd.partial")
  mv "$initrd.partial" "$initrd"
fi
echo "$kernel"
echo "$initrd"
