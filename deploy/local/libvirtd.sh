#!/usr/bin/env bash
# Starts a libvirtd (with its virtlogd) for QEMU software emulation on this machine, installing what it
# needs first: `deploy/local/libvirtd.sh` (idempotent). QEMU runs as root without a security driver, as
# a host without KVM or AppArmor allows; then NOVA_COMPUTE_LIBVIRT_URI=qemu:///system works.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
apt_install qemu-system-x86 libvirt-daemon libvirt-daemon-driver-qemu
if virsh -c qemu:///system version >/dev/null 2>&1; then
  exit 0
fi
as_root mkdir -p /var/log/libvirt /var/lib/libvirt /etc/libvirt
# the qemu driver looks its default user up before reading qemu.conf: the user must exist
getent group libvirt-qemu >/dev/null || as_root groupadd --system libvirt-qemu
getent passwd libvirt-qemu >/dev/null || as_root useradd --system -g libvirt-qemu -d /var/lib/libvirt -s /usr/sbin/nologin libvirt-qemu
as_root tee /etc/libvirt/qemu.conf >/dev/null <<'CONF'
user = "root"
group = "root"
dynamic_ownership = 0
security_driver = "none"
CONF
pgrep -x virtlogd >/dev/null || as_root virtlogd -d
# started whenever it does not answer: a libvirtd still shutting down may linger a few seconds, and a
# second one refuses to start while the first holds its pid file, so this tries again until one answers
for _ in $(seq 1 50); do
  virsh -c qemu:///system version >/dev/null 2>&1 && exit 0
  pgrep -x libvirtd >/dev/null || as_root libvirtd -d
  sleep 0.3
done
log "libvirtd did not answer on qemu:///system"
exit 1
