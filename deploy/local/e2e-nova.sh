#!/usr/bin/env bash
# End-to-end: the real `openstack` client against Nova on a running local stack — flavors (and their
# access lists), keypairs, servers booted through the scheduler onto libvirt hosts and moved through
# their actions, snapshots into Glance, the 4xx refusals, a build that fails everywhere, anti-affinity
# over two hosts, schedulers restarted mid-boot, quotas and limits, the compute hosts in os-services and
# os-hypervisors. Usage: STRATUS_HOME=... deploy/local/e2e-nova.sh (after stack.sh up).
set -uo pipefail
source "$(dirname "$0")/lib.sh"
# shellcheck disable=SC1091
source "$STRATUS_HOME/openrc"
work=$(mktemp -d)
second_compute=""
trap '[ -z "$second_compute" ] || kill "$second_compute" 2>/dev/null; rm -rf "$work"' EXIT
run="e2e$RANDOM$RANDOM"

# a second project with its own member user
other="$run-other"
openstack project create "$other" >/dev/null && openstack user create --password "$other-pw" "$other" >/dev/null \
  && openstack role add --project "$other" --user "$other" member >/dev/null
as_other() { OS_USERNAME="$other" OS_PASSWORD="$other-pw" OS_PROJECT_NAME="$other" "$@"; }

# flavors
check "flavor list: Nova's five defaults" bash -c "openstack flavor list -f value -c Name >$work/flavors &&
  for f in m1.tiny m1.small m1.medium m1.large m1.xlarge; do grep -qx \$f $work/flavors || exit 1; done"
check "flavor show m1.small (2048 MiB, 20 GiB, 1 vCPU)" bash -c "openstack flavor show m1.small -f json | python3 -c '
import json, sys
f = json.load(sys.stdin)
assert (f[\"ram\"], f[\"disk\"], f[\"vcpus\"]) == (2048, 20, 1), f'"
check "flavor create --property (admin)" openstack flavor create --ram 256 --disk 1 --vcpus 2 --property hw:cpu_policy=shared "$run-small"
check "... flavor show gives its sizes and property" bash -c "openstack flavor show $run-small -f json | python3 -c '
import json, sys
f = json.load(sys.stdin)
assert (f[\"ram\"], f[\"vcpus\"], f[\"disk\"]) == (256, 2, 1), f
assert \"shared\" in str(f[\"properties\"]), f'"
check "flavor create --private: hidden from flavor list, shown by --all" bash -c "
  openstack flavor create --ram 64 --disk 0 --vcpus 1 --private --id $run-private $run-private &&
  ! openstack flavor list -f value -c Name | grep -q $run-private && openstack flavor list --all -f value -c Name | grep -q $run-private"
check "a member cannot create a flavor (403)" bash -c "! OS_USERNAME=$other OS_PASSWORD=$other-pw OS_PROJECT_NAME=$other \
  openstack flavor create --ram 64 --disk 0 --vcpus 1 $run-theirs 2>$work/err && grep -q 'os-flavor-manage:create' $work/err"
check "... nor see a private flavor" bash -c "! OS_USERNAME=$other OS_PASSWORD=$other-pw OS_PROJECT_NAME=$other openstack flavor show $run-private"
check "a duplicate flavor name is refused (409)" bash -c "! openstack flavor create --ram 64 --disk 0 --vcpus 1 $run-small 2>$work/err && grep -q 'already exists' $work/err"
other_id=$(openstack project show -f value -c id "$other")
check "flavor set --project shares the private flavor: the project sees it" bash -c "openstack flavor set --project $other_id $run-private &&
  openstack flavor show $run-private -f value -c access_project_ids | grep -q $other_id &&
  OS_USERNAME=$other OS_PASSWORD=$other-pw OS_PROJECT_NAME=$other openstack flavor show $run-private"
check "flavor unset --project: it no longer does" bash -c "openstack flavor unset --project $other_id $run-private &&
  ! OS_USERNAME=$other OS_PASSWORD=$other-pw OS_PROJECT_NAME=$other openstack flavor show $run-private"
check "flavor delete" openstack flavor delete "$run-small" "$run-private"
check "... gone" bash -c "! openstack flavor show $run-small"

# keypairs
check "keypair create (generated): the private key matches the stored public key" bash -c "
  openstack keypair create $run-made >$work/made.pem && chmod 600 $work/made.pem &&
  [ \"\$(ssh-keygen -y -f $work/made.pem | cut -d' ' -f2)\" = \"\$(openstack keypair show --public-key $run-made | cut -d' ' -f2)\" ]"
ssh-keygen -q -t ed25519 -N '' -C "$run" -f "$work/k" >/dev/null
check "keypair create --public-key: the fingerprint is ssh-keygen's MD5" bash -c "
  openstack keypair create --public-key $work/k.pub $run-imported >/dev/null &&
  [ \"MD5:\$(openstack keypair show $run-imported -f value -c fingerprint)\" = \"\$(ssh-keygen -l -E md5 -f $work/k.pub | cut -d' ' -f2)\" ]"
check "keypair list" bash -c "[ \$(openstack keypair list -f value -c Name | grep -c $run-) -eq 2 ]"
check "another user does not see them" bash -c "! OS_USERNAME=$other OS_PASSWORD=$other-pw OS_PROJECT_NAME=$other openstack keypair list -f value | grep -q $run-"
echo 'ssh-rsa not-a-key' >"$work/bad.pub"
check "a malformed public key is refused (400), nothing kept" bash -c "
  ! openstack keypair create --public-key $work/bad.pub $run-bad 2>$work/err && grep -q 'failed to generate fingerprint' $work/err &&
  ! openstack keypair show $run-bad"
admin_user=$(openstack token issue -f value -c user_id)
check "keypair create --user (2.10, admin): the other user's own keypair, listed for them" bash -c "
  openstack --os-compute-api-version 2.10 keypair create --user $other --public-key $work/k.pub $run-theirs >/dev/null &&
  openstack --os-compute-api-version 2.10 keypair list --user $other -f value -c Name -c Type | grep -qx '$run-theirs ssh' &&
  OS_USERNAME=$other OS_PASSWORD=$other-pw OS_PROJECT_NAME=$other openstack keypair show $run-theirs >/dev/null &&
  ! openstack keypair show $run-theirs 2>/dev/null"
# (the admin's keypair delete --user is not checked: this openstacksdk drops the user_id, and deletes the admin's own)
check "... a member cannot list another user's (403); they delete their own" bash -c "
  ! OS_USERNAME=$other OS_PASSWORD=$other-pw OS_PROJECT_NAME=$other openstack --os-compute-api-version 2.10 keypair list --user $admin_user 2>$work/err &&
  grep -q 'os-keypairs:index' $work/err &&
  OS_USERNAME=$other OS_PASSWORD=$other-pw OS_PROJECT_NAME=$other openstack keypair delete $run-theirs &&
  ! OS_USERNAME=$other OS_PASSWORD=$other-pw OS_PROJECT_NAME=$other openstack keypair show $run-theirs 2>/dev/null"
check "keypair delete" openstack keypair delete "$run-made" "$run-imported"
check "... gone" bash -c "! openstack keypair list -f value | grep -q $run-"

# the stack's compute host, as its reports describe it
check "compute service list: the stack's nova-compute is up" bash -c "
  for _ in \$(seq 1 30); do openstack compute service list -f value -c Binary -c State | grep -qx 'nova-compute up' && exit 0; sleep 1; done; exit 1"
compute_host=$(openstack compute service list -f value -c Host --service nova-compute | head -1)
check "hypervisor list: its hypervisor, up" bash -c "openstack hypervisor list -f value -c 'Hypervisor Hostname' -c State | grep -qx '$compute_host up'"
check "hypervisor stats show: it is counted, with its vCPUs" bash -c "openstack hypervisor stats show -f json | python3 -c '
import json, sys
s = json.load(sys.stdin)
assert s[\"count\"] >= 1 and s[\"vcpus\"] >= 1 and s[\"memory_mb\"] >= 1, s'"
check "compute service set --disable --disable-reason, then --enable" bash -c "
  openstack compute service set --disable --disable-reason e2e-maintenance $compute_host nova-compute &&
  openstack compute service list --long -f value -c Status -c 'Disabled Reason' | grep -q 'disabled e2e-maintenance' &&
  openstack compute service set --enable $compute_host nova-compute &&
  [ \"\$(openstack compute service list -f value -c Status --host $compute_host)\" = enabled ]"
check "compute service set --down (2.11): forced down, down in the list; --up: up again" bash -c "
  openstack compute service set --down $compute_host nova-compute &&
  openstack compute service list --long -f value -c Host -c State -c 'Forced Down' | grep -qx '$compute_host down True' &&
  openstack compute service set --up $compute_host nova-compute &&
  openstack compute service list --long -f value -c Host -c State -c 'Forced Down' | grep -qx '$compute_host up False'"
check "aggregate create --zone, add host, set --property: hypervisor show lists it" bash -c "
  openstack aggregate create --zone $run-zone $run-agg >/dev/null && openstack aggregate add host $run-agg $compute_host >/dev/null &&
  openstack aggregate set --property ssd=true $run-agg && openstack aggregate show $run-agg -f json | python3 -c '
import json, sys
a = json.load(sys.stdin)
assert a[\"availability_zone\"] == \"$run-zone\" and \"$compute_host\" in a[\"hosts\"] and \"ssd\" in str(a[\"properties\"]), a' &&
  openstack hypervisor show $compute_host -f value -c aggregates | grep -q $run-agg"
check "aggregate remove host, delete" bash -c "openstack aggregate remove host $run-agg $compute_host >/dev/null &&
  openstack aggregate delete $run-agg && ! openstack aggregate show $run-agg"
check "a member cannot list compute services (403)" bash -c "! OS_USERNAME=$other OS_PASSWORD=$other-pw OS_PROJECT_NAME=$other openstack compute service list"


# servers: an image, a key, a boot through the scheduler onto the stack's libvirt host (room in the
# admin project's quota for this suite's servers, whatever an earlier run left)
openstack quota set --instances 50 --cores 100 --ram 204800 admin >/dev/null
qemu-img create -q -f qcow2 "$work/tiny.qcow2" 64M
openstack image create --disk-format qcow2 --container-format bare --file "$work/tiny.qcow2" "$run-img" >/dev/null
openstack keypair create "$run-key" >"$work/key.pem"
status_of() { openstack server show "$1" -f value -c status; }
wait_status() { # wait_status SERVER STATUS: up to 60 s
  for _ in $(seq 1 120); do [ "$(status_of "$1")" = "$2" ] && return 0; sleep 0.5; done
  echo "$1 is $(status_of "$1"), not $2"; return 1
}
check "server create --flavor m1.tiny --image --key-name --wait: ACTIVE" bash -c "
  openstack server create --flavor m1.tiny --image $run-img --key-name $run-key --property role=e2e --wait $run-vm -f value -c status | grep -qx ACTIVE"
check "server list and show: ACTIVE on a host, running, launched, its key, image and metadata" bash -c "
  openstack server list -f value -c Name -c Status | grep -qx '$run-vm ACTIVE' && openstack server show $run-vm -f json | python3 -c '
import json, sys
s = json.load(sys.stdin)
assert s[\"OS-EXT-STS:vm_state\"] == \"active\" and s[\"OS-EXT-STS:power_state\"] in (1, \"Running\"), s
assert s[\"OS-EXT-SRV-ATTR:host\"] and s[\"OS-SRV-USG:launched_at\"] and s[\"key_name\"] == \"$run-key\", s
assert \"$run-img\" in str(s[\"image\"]) and \"m1.tiny\" in str(s[\"flavor\"]) and \"e2e\" in str(s[\"properties\"]), s'"
for step in "stop SHUTOFF" "start ACTIVE" "pause PAUSED" "unpause ACTIVE" "suspend SUSPENDED" "resume ACTIVE" "reboot ACTIVE" "reboot --hard ACTIVE"; do
  action=${step% *}; want=${step##* }
  check "server $action: $want" bash -c "openstack server $action $run-vm && sleep 0.5 && $(declare -f status_of wait_status); wait_status $run-vm $want"
done
check "server start of an ACTIVE server: 409, nothing changes" bash -c "
  ! openstack server start $run-vm 2>$work/err && grep -q 'HTTP 409' $work/err && grep -q 'vm_state active' $work/err && [ \"\$(openstack server show $run-vm -f value -c status)\" = ACTIVE ]"
check "server event list: the create and each action recorded" bash -c "openstack server event list $run-vm -f value -c Action >$work/events &&
  for a in create stop start pause unpause suspend resume reboot; do grep -qx \$a $work/events || exit 1; done"
check "server event show: the create's work on the host, Success" bash -c "
  rid=\$(openstack server event list $run-vm -f value -c 'Request ID' -c Action | awk '\$2 == \"create\" {print \$1}') &&
  openstack server event show $run-vm \$rid -f json | python3 -c '
import json, sys
e = json.load(sys.stdin)[\"events\"]
assert [x[\"event\"] for x in e] == [\"compute__do_build_and_run_instance\"] and e[0][\"result\"] == \"Success\", e'"
check "console log show" openstack console log show "$run-vm"
check "server dump create (2.17): the NMI given, the action recorded without error" bash -c "
  openstack --os-compute-api-version 2.17 server dump create $run-vm &&
  for _ in \$(seq 1 20); do openstack server event list --long $run-vm -f value -c Action -c Message | grep -qx 'trigger_crash_dump None' && exit 0;
  sleep 0.5; done; exit 1"
check "server set --description (2.19), shown by server show; hidden from 2.1" bash -c "
  openstack --os-compute-api-version 2.19 server set --description 'the e2e server' $run-vm &&
  [ \"\$(openstack --os-compute-api-version 2.19 server show $run-vm -f value -c description)\" = 'the e2e server' ] &&
  [ \"\$(openstack --os-compute-api-version 2.1 server show $run-vm -f json | python3 -c 'import json,sys; print(\"description\" in json.load(sys.stdin))')\" = False ]"
check "server show (2.16, admin): host_status UP; (2.9) locked after server lock" bash -c "
  [ \"\$(openstack --os-compute-api-version 2.16 server show $run-vm -f value -c host_status)\" = UP ] &&
  openstack server lock $run-vm && [ \"\$(openstack --os-compute-api-version 2.9 server show $run-vm -f value -c locked)\" = True ] &&
  openstack server unlock $run-vm"
check "server set --property / unset" bash -c "openstack server set --property tier=web $run-vm && openstack server unset --property role $run-vm &&
  openstack server show $run-vm -f value -c properties | grep -q tier && ! openstack server show $run-vm -f value -c properties | grep -q role"
check "server image create --wait: a new image, active in Glance, with the disk's bytes" bash -c "
  openstack server image create --name $run-snap --wait $run-vm >/dev/null && openstack image show $run-snap -f json | python3 -c '
import json, sys
i = json.load(sys.stdin)
assert i[\"status\"] == \"active\" and i[\"disk_format\"] == \"qcow2\" and i[\"size\"] > 0, i' &&
  openstack image save --file $work/snap.qcow2 $run-snap && qemu-img info $work/snap.qcow2 | grep -q 'file format: qcow2' &&
  [ \"\$(openstack server show $run-vm -f value -c status)\" = ACTIVE ]"

check "server rebuild --image --wait: ACTIVE again, from the new image" bash -c "
  openstack server rebuild --image $run-snap --wait $run-vm >/dev/null && openstack server show $run-vm -f json | python3 -c '
import json, sys
s = json.load(sys.stdin)
assert s[\"status\"] == \"ACTIVE\" and \"$run-snap\" in str(s[\"image\"]), s'"
check "rebuild of a stopped server: SHUTOFF again" bash -c "$(declare -f status_of wait_status); openstack server stop $run-vm &&
  wait_status $run-vm SHUTOFF && openstack server rebuild --image $run-img $run-vm >/dev/null && sleep 1 && wait_status $run-vm SHUTOFF &&
  openstack server show $run-vm -f value -c image | grep -q $run-img && openstack server start $run-vm && wait_status $run-vm ACTIVE"

# resize, in place on the server's host: VERIFY_RESIZE, then reverted (old flavor back) or confirmed (new one kept);
# on a server of its own, deleted after, so the hosts' room the later checks count on is as it was
check "server resize --flavor m1.small --wait: VERIFY_RESIZE, on m1.small" bash -c "$(declare -f status_of wait_status)
  openstack server create --flavor m1.tiny --image $run-img --wait $run-rz >/dev/null &&
  openstack server resize --flavor m1.small --wait $run-rz >/dev/null && wait_status $run-rz VERIFY_RESIZE &&
  openstack server show $run-rz -f value -c flavor | grep -q m1.small"
check "server resize revert: ACTIVE on m1.tiny again" bash -c "$(declare -f status_of wait_status)
  openstack server resize revert $run-rz && wait_status $run-rz ACTIVE && openstack server show $run-rz -f value -c flavor | grep -q m1.tiny"
check "server resize again, then resize confirm: ACTIVE, m1.small kept" bash -c "$(declare -f status_of wait_status)
  openstack server resize --flavor m1.small --wait $run-rz >/dev/null && wait_status $run-rz VERIFY_RESIZE &&
  openstack server resize confirm $run-rz && wait_status $run-rz ACTIVE && openstack server show $run-rz -f value -c flavor | grep -q m1.small"
check "resize to the flavor it has: 400; to a smaller disk (m1.tiny): 400; confirm of an ACTIVE server: 409" bash -c "
  ! openstack server resize --flavor m1.small $run-rz 2>$work/err && grep -q 'must change flavor' $work/err &&
  ! openstack server resize --flavor m1.tiny $run-rz 2>$work/err && grep -q 'resize disk down' $work/err &&
  ! openstack server resize confirm $run-rz 2>$work/err && grep -q 'HTTP 409' $work/err &&
  [ \"\$(openstack server show $run-rz -f value -c status)\" = ACTIVE ]"
check "server event list: the resizes recorded" bash -c "openstack server event list $run-rz -f value -c Action >$work/events &&
  for a in resize confirmResize revertResize; do grep -qx \$a $work/events || exit 1; done"
openstack server delete --wait "$run-rz" >/dev/null 2>&1 || true

# refusals: a 4xx, and no server left behind
count_servers() { openstack server list --all-projects -f value -c ID | wc -l; }
before=$(count_servers)
check "an unknown flavor: 400" bash -c "! openstack server create --flavor no-such-flavor-$run --image $run-img $run-x 2>$work/err && grep -qi 'flavor' $work/err"
check "an unknown image: 400" bash -c "! openstack server create --flavor m1.tiny --image 00000000-0000-0000-0000-00000000e2e0 $run-x 2>$work/err &&
  grep -qi 'image' $work/err"
openstack image create --disk-format qcow2 --container-format bare --min-disk 30 --file "$work/tiny.qcow2" "$run-bigdisk" >/dev/null
check "a flavor too small for the image (min_disk 30 GiB, m1.tiny 1 GiB): 400" bash -c "
  ! openstack server create --flavor m1.tiny --image $run-bigdisk $run-x 2>$work/err && grep -q 'HTTP 400' $work/err && grep -qi 'disk' $work/err"
img_id=$(openstack image show -f value -c id "$run-img")
openstack image set --private "$run-img"
other_token=$(OS_USERNAME="$other" OS_PASSWORD="$other-pw" OS_PROJECT_NAME="$other" openstack token issue -f value -c id)
# the client looks images up itself and gives up first: ask Nova directly, as the other project
check "an image private to another project: Nova answers 400, not found" bash -c "
  curl -s -o $work/body -w '%{http_code}' -X POST http://127.0.0.1:8774/v2.1/servers -H 'X-Auth-Token: $other_token' \
    -H 'Content-Type: application/json' -d '{\"server\": {\"name\": \"$run-x\", \"imageRef\": \"$img_id\", \"flavorRef\": \"1\"}}' >$work/code &&
  [ \"\$(cat $work/code)\" = 400 ] && grep -q 'could not be found' $work/body"
openstack quota set --instances 1 "$other" >/dev/null
openstack image create --public --disk-format qcow2 --container-format bare --file "$work/tiny.qcow2" "$run-pub" >/dev/null
check "over quota (instances 1, asking for 2): 403" bash -c "
  ! OS_USERNAME=$other OS_PASSWORD=$other-pw OS_PROJECT_NAME=$other openstack server create --flavor m1.tiny --image $run-pub --min 2 --max 2 $run-x 2>$work/err &&
  grep -q 'HTTP 403' $work/err && grep -q 'Quota exceeded for instances' $work/err"
check "quota show: the project's instances quota" bash -c "openstack quota show $other -f json | python3 -c '
import json, sys
q = json.load(sys.stdin)
assert q[\"instances\"] == 1, q'"
check "... and no server was left behind by any refusal" bash -c "[ \$(openstack server list --all-projects -f value -c ID | wc -l) -eq $before ]"
head -c 1048576 /dev/urandom >"$work/garbage.img"
openstack image create --disk-format qcow2 --container-format bare --file "$work/garbage.img" "$run-garbage" >/dev/null
check "a build that fails on every host ends ERROR with a fault (never stuck in BUILD)" bash -c "
  ! openstack server create --flavor m1.tiny --image $run-garbage --wait $run-broken >/dev/null 2>&1; openstack server show $run-broken -f json | python3 -c '
import json, sys
s = json.load(sys.stdin)
assert s[\"status\"] == \"ERROR\" and \"retries\" in s[\"fault\"][\"message\"], s'"
check "limits show --absolute: the servers counted" bash -c "openstack limits show --absolute -f value | grep -q '^totalInstancesUsed [1-9]'"

# a second compute host (its own libvirt test hypervisor), for anti-affinity
STRATUS_HOME="$STRATUS_HOME" java -Xmx96m -XX:+UseSerialGC -Dquarkus.http.port=8793 -Dnova.compute.host="$run-host2" \
  -Dnova.compute.libvirt-uri=test:///default -Dnova.compute.instances-dir="$work/instances2" -Dnova.compute.report-interval=2s \
  -jar "$STRATUS_ROOT/nova-compute/target/quarkus-app/quarkus-run.jar" >"$work/compute2.log" 2>&1 &
second_compute=$!
check "a second compute host joins: up in compute service list" bash -c "
  for _ in \$(seq 1 60); do openstack compute service list -f value -c Host -c State | grep -qx '$run-host2 up' && exit 0; sleep 1; done; exit 1"
openstack server group create --policy anti-affinity "$run-apart" >/dev/null
group_id=$(openstack server group show -f value -c id "$run-apart")
check "server group anti-affinity: two servers land on different hosts" bash -c "
  openstack server create --flavor m1.tiny --image $run-img --hint group=$group_id --min 2 --max 2 --wait $run-apart >/dev/null &&
  [ \$(openstack server list --name '^$run-apart-' --long -f value -c Status -c Host | sort -u | grep -c ACTIVE) -eq 2 ] &&
  [ \$(openstack server list --name '^$run-apart-' --long -f value -c Host | sort -u | wc -l) -eq 2 ] &&
  [ \$(openstack server group show $run-apart -f json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)[\"members\"]))') -eq 2 ]"
check "... a third has no host left: ERROR, No valid host" bash -c "
  ! openstack server create --flavor m1.tiny --image $run-img --hint group=$group_id --wait $run-apart3 >/dev/null 2>&1;
  openstack server show $run-apart3 -f value -c fault | grep -q 'No valid host'"
openstack server group create --policy soft-affinity "$run-near" >/dev/null
openstack server group create --policy soft-anti-affinity "$run-far" >/dev/null
check "server group soft-affinity (2.15): two servers on one host" bash -c "
  openstack server create --flavor m1.tiny --image $run-img --hint group=\$(openstack server group show -f value -c id $run-near) --min 2 --max 2 --wait $run-near >/dev/null &&
  [ \$(openstack server list --name '^$run-near-' --long -f value -c Status | grep -c ACTIVE) -eq 2 ] &&
  [ \$(openstack server list --name '^$run-near-' --long -f value -c Host | sort -u | wc -l) -eq 1 ]"
check "server group soft-anti-affinity (2.15): two servers on two hosts" bash -c "
  openstack server create --flavor m1.tiny --image $run-img --hint group=\$(openstack server group show -f value -c id $run-far) --min 2 --max 2 --wait $run-far >/dev/null &&
  [ \$(openstack server list --name '^$run-far-' --long -f value -c Status | grep -c ACTIVE) -eq 2 ] &&
  [ \$(openstack server list --name '^$run-far-' --long -f value -c Host | sort -u | wc -l) -eq 2 ]"
openstack server delete --wait "$run-near-1" "$run-near-2" "$run-far-1" "$run-far-2" >/dev/null 2>&1
openstack server group delete "$run-near" "$run-far" >/dev/null 2>&1
openstack image create --disk-format qcow2 --container-format bare --property architecture=s390x --file "$work/tiny.qcow2" "$run-s390x" >/dev/null
check "an image for an architecture no host has (s390x): ERROR, No valid host" bash -c "
  ! openstack server create --flavor m1.tiny --image $run-s390x --wait $run-s390x >/dev/null 2>&1;
  openstack server show $run-s390x -f value -c fault | grep -q 'No valid host'"

# requests survive restarts: boots cast while no scheduler runs wait in RabbitMQ and finish once one is back
deploy_dir="$(dirname "$0")"
for n in 1 2; do kill "$(cat "$STRATUS_HOME/run/nova-scheduler-$n.pid")"; done
for n in 1 2; do while kill -0 "$(cat "$STRATUS_HOME/run/nova-scheduler-$n.pid")" 2>/dev/null; do sleep 0.2; done; done
openstack server create --flavor m1.tiny --image "$run-img" --min 3 --max 3 "$run-queued" >/dev/null
check "with the schedulers down, the boots wait in BUILD" bash -c "sleep 2; [ \$(openstack server list --name '^$run-queued-' -f value -c Status | grep -c BUILD) -eq 3 ]"
"$deploy_dir/stack.sh" up >/dev/null 2>&1
check "... and go ACTIVE once the schedulers are back" bash -c "$(declare -f status_of wait_status)
  for s in $run-queued-1 $run-queued-2 $run-queued-3; do wait_status \$s ACTIVE || exit 1; done"
# ... and while nova-api and the compute host are down: builds cast to a stopped host, and what the host
# then reports to a stopped nova-api, wait in their queues
# (the second host disabled meanwhile: a disabled host gets no new server)
openstack compute service set --disable --disable-reason e2e "$run-host2" nova-compute
kill "$(cat "$STRATUS_HOME/run/nova-compute.pid")"
while kill -0 "$(cat "$STRATUS_HOME/run/nova-compute.pid")" 2>/dev/null; do sleep 0.2; done
openstack server create --flavor m1.tiny --image "$run-img" --min 3 --max 3 "$run-restarts" >/dev/null
check "with the compute host stopped (the other disabled), the boots are placed on it and wait in BUILD" bash -c "sleep 3
  [ \$(openstack server list --name '^$run-restarts-' --long -f value -c Status -c Host | grep -c \"^BUILD $compute_host \") -eq 3 ]"
kill "$(cat "$STRATUS_HOME/run/nova-api.pid")"
while kill -0 "$(cat "$STRATUS_HOME/run/nova-api.pid")" 2>/dev/null; do sleep 0.2; done
"$deploy_dir/stack.sh" up >/dev/null 2>&1
check "... and go ACTIVE once nova-api and the host are back" bash -c "$(declare -f status_of wait_status)
  for s in $run-restarts-1 $run-restarts-2 $run-restarts-3; do wait_status \$s ACTIVE || exit 1; done"
openstack compute service set --enable "$run-host2" nova-compute
openstack server delete "$run-restarts-1" "$run-restarts-2" "$run-restarts-3" >/dev/null
kill "$(cat "$STRATUS_HOME/run/nova-compute.pid")"
while kill -0 "$(cat "$STRATUS_HOME/run/nova-compute.pid")" 2>/dev/null; do sleep 0.2; done
rabbitmqctl stop_app >/dev/null && rabbitmqctl start_app >/dev/null && rabbitmqctl await_startup >/dev/null
openstack server delete "$run-queued-1" "$run-queued-2" "$run-queued-3"
"$deploy_dir/stack.sh" up >/dev/null 2>&1
check "RabbitMQ restarted, deletes cast meanwhile still happen" bash -c "
  for _ in \$(seq 1 120); do [ -z \"\$(openstack server list --name '^$run-queued-' -f value -c ID)\" ] && exit 0; sleep 0.5; done; exit 1"
check "server delete --wait: each server of this suite gone" bash -c "
  for s in $run-vm $run-broken $run-apart-1 $run-apart-2 $run-apart3 $run-s390x; do openstack server delete --wait \$s || exit 1; done &&
  openstack server list --all-projects --name '^$run-' -f value -c Name >$work/left && [ ! -s $work/left ]"
kill "$second_compute"; second_compute=""
check "compute service delete: the second host, its servers gone, leaves the service list" bash -c "
  id=\$(openstack compute service list -f value -c ID -c Host | awk '\$2 == \"$run-host2\" {print \$1}') && [ -n \"\$id\" ] &&
  openstack compute service delete \$id && ! openstack compute service list -f value -c Host | grep -qx $run-host2"

# server groups and limits
check "server group create --policy anti-affinity" bash -c "openstack server group create --policy anti-affinity $run-group -f json >$work/group.json &&
  python3 -c 'import json, sys; g = json.load(open(\"$work/group.json\")); assert g[\"policies\"] in ([\"anti-affinity\"], \"anti-affinity\"), g'"
check "server group list and show" bash -c "openstack server group list -f value -c Name | grep -qx $run-group && openstack server group show $run-group"
check "another project does not see it" bash -c "! OS_USERNAME=$other OS_PASSWORD=$other-pw OS_PROJECT_NAME=$other openstack server group list -f value | grep -q $run-group"
check "limits show --absolute: the quotas (instances raised for this suite), the group counted" bash -c "openstack limits show --absolute -f value >$work/limits &&
  grep -qx 'maxTotalKeypairs 100' $work/limits && grep -qx 'maxTotalInstances 50' $work/limits && grep -q '^totalServerGroupsUsed [1-9]' $work/limits"
check "server group delete" bash -c "openstack server group delete $run-group && ! openstack server group show $run-group"

openstack image delete "$run-img" "$run-snap" "$run-bigdisk" "$run-pub" "$run-garbage" "$run-s390x" >/dev/null 2>&1
openstack server group delete "$run-apart" >/dev/null 2>&1
openstack user delete "$other" >/dev/null; openstack project delete "$other" >/dev/null
echo "nova-e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
