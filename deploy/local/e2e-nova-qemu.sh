#!/usr/bin/env bash
# End-to-end with a real guest: a compute host on libvirtd's QEMU (software emulation) joins the running
# stack in its own availability zone, the real `openstack` client boots a tiny kernel + initramfs guest
# there (Glance images with kernel_id and ramdisk_id, as Nova boots them), reads its serial output with
# `console log show`, stops, starts and deletes it. Usage: STRATUS_HOME=... deploy/local/e2e-nova-qemu.sh
set -uo pipefail
source "$(dirname "$0")/lib.sh"
# shellcheck disable=SC1091
source "$STRATUS_HOME/openrc"
work=$(mktemp -d)
compute=""
run="qemu$RANDOM$RANDOM"
marker="STRATUS-GUEST-$run"
trap '[ -z "$compute" ] || kill "$compute" 2>/dev/null; rm -rf "$work"' EXIT
passed=0
failed=0

"$(dirname "$0")/libvirtd.sh" || { echo "FAILED: libvirtd does not run here"; exit 1; }
"$(dirname "$0")/tiny-guest.sh" "$work/guest" "$marker" 2>/dev/null || { echo "FAILED: cannot build the tiny guest"; exit 1; }

STRATUS_HOME="$STRATUS_HOME" java -Xmx96m -XX:+UseSerialGC -Dquarkus.http.port=8795 -Dnova.compute.host="$run-host" \
  -Dnova.compute.libvirt-uri=qemu:///system -Dnova.compute.instances-dir="$work/instances" -Dnova.compute.report-interval=2s \
  -Dnova.compute.clean-shutdown=5s -jar "$STRATUS_ROOT/nova-compute/target/quarkus-app/quarkus-run.jar" >"$work/compute.log" 2>&1 &
compute=$!
check "a QEMU compute host joins: up, hypervisor type QEMU" bash -c "
  for _ in \$(seq 1 60); do openstack compute service list -f value -c Host -c State | grep -qx '$run-host up' && break; sleep 1; done &&
  openstack hypervisor list -f value -c 'Hypervisor Hostname' -c 'Hypervisor Type' | grep -qx '$run-host QEMU'"
openstack aggregate create --zone "$run-zone" "$run-agg" >/dev/null && openstack aggregate add host "$run-agg" "$run-host" >/dev/null
kernel=$(openstack image create --disk-format aki --container-format aki --file "$work/guest/vmlinuz" "$run-kernel" -f value -c id)
ramdisk=$(openstack image create --disk-format ari --container-format ari --file "$work/guest/initrd.gz" "$run-ramdisk" -f value -c id)
qemu-img create -q -f qcow2 "$work/disk.qcow2" 64M
openstack image create --disk-format qcow2 --container-format bare --file "$work/disk.qcow2" --property kernel_id="$kernel" \
  --property ramdisk_id="$ramdisk" --property os_command_line="console=ttyS0 panic=-1" "$run-guest" >/dev/null
console_shows_marker() { # up to 3 minutes: a guest under TCG on a busy 2-core machine boots slowly
  for _ in $(seq 1 90); do openstack console log show "$1" 2>/dev/null | grep -q "$marker" && return 0; sleep 2; done
  echo "no $marker in the console of $1:"; openstack console log show "$1" | tail -5; return 1
}
wait_status() {
  for _ in $(seq 1 60); do [ "$(openstack server show "$1" -f value -c status)" = "$2" ] && return 0; sleep 1; done
  echo "$1 is $(openstack server show "$1" -f value -c status), not $2"; return 1
}
check "server create --availability-zone: ACTIVE on the QEMU host" bash -c "
  openstack server create --flavor m1.tiny --image $run-guest --availability-zone $run-zone --wait $run-vm >/dev/null &&
  [ \"\$(openstack server show $run-vm -f value -c OS-EXT-SRV-ATTR:host)\" = $run-host ] &&
  virsh -c qemu:///system domstate instance-\$(openstack server show $run-vm -f value -c id) | grep -qx running"
check "console log show: the guest's serial output, its marker among it" bash -c "$(declare -f console_shows_marker); marker=$marker; console_shows_marker $run-vm"
check "server stop: SHUTOFF, the domain shut off" bash -c "$(declare -f wait_status); openstack server stop $run-vm && wait_status $run-vm SHUTOFF &&
  virsh -c qemu:///system domstate instance-\$(openstack server show $run-vm -f value -c id) | grep -qx 'shut off'"
check "server start: ACTIVE, and the guest boots again" bash -c "$(declare -f wait_status console_shows_marker); marker=$marker
  openstack server start $run-vm && wait_status $run-vm ACTIVE && console_shows_marker $run-vm &&
  virsh -c qemu:///system domstate instance-\$(openstack server show $run-vm -f value -c id) | grep -qx running"
check "server delete --wait: the domain is gone" bash -c "id=\$(openstack server show $run-vm -f value -c id) &&
  openstack server delete --wait $run-vm && ! virsh -c qemu:///system dominfo instance-\$id >/dev/null 2>&1"

openstack aggregate remove host "$run-agg" "$run-host" >/dev/null 2>&1; openstack aggregate delete "$run-agg" >/dev/null 2>&1
kill "$compute"; compute=""
openstack compute service list -f value -c ID -c Host | awk -v host="$run-host" '$2 == host {print $1}' | xargs -r openstack compute service delete
openstack image delete "$run-guest" "$run-kernel" "$run-ramdisk" >/dev/null 2>&1
echo "nova-qemu-e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
