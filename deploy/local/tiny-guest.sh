#!/usr/bin/env bash
# Makes a tiny bootable guest for QEMU: Debian's kernel (taken from its package, not installed) and a
# busybox initramfs whose /init prints MARKER on the serial console and then idles, so the guest stays
# running. Usage: deploy/local/tiny-guest.sh DIR [MARKER] -> DIR/vmlinuz, DIR/initrd.gz
set -euo pipefail
source "$(dirname "$0")/lib.sh"
dir="${1:?usage: tiny-guest.sh DIR [MARKER]}"
marker="${2:-STRATUS-GUEST-BOOTED}"
apt_install busybox-static
mkdir -p "$dir"
if [ ! -s "$dir/vmlinuz" ]; then
  package=$(apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -1)
  unpacked=$(mktemp -d)
  (cd "$unpacked" && apt-get download -q "$package" >/dev/null && dpkg-deb --fsys-tarfile ./*.deb | tar -x ./boot)
  cp "$unpacked"/boot/vmlinuz-* "$dir/vmlinuz"
  rm -rf "$unpacked"
fi
root=$(mktemp -d)
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys"
cp /bin/busybox "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
cat >"$root/init" <<INIT
#!/bin/sh
/bin/busybox mount -t proc proc /proc
echo "$marker kernel=\$(/bin/busybox uname -r)"
while true; do /bin/busybox sleep 3600; done
INIT
chmod 755 "$root/init"
(cd "$root" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -9) >"$dir/initrd.gz"
rm -rf "$root"
