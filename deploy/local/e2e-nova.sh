#!/usr/bin/env bash
# End-to-end: the real `openstack` client against nova-api on a running local stack — flavors (and
# their access lists), keypairs, server groups, limits, and the stack's compute host in os-services and
# os-hypervisors so far. Usage: STRATUS_HOME=... deploy/local/e2e-nova.sh (after stack.sh up).
set -uo pipefail
source "$(dirname "$0")/lib.sh"
# shellcheck disable=SC1091
source "$STRATUS_HOME/openrc"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
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

# server groups and limits
check "server group create --policy anti-affinity" bash -c "openstack server group create --policy anti-affinity $run-group -f json >$work/group.json &&
  python3 -c 'import json, sys; g = json.load(open(\"$work/group.json\")); assert g[\"policies\"] in ([\"anti-affinity\"], \"anti-affinity\"), g'"
check "server group list and show" bash -c "openstack server group list -f value -c Name | grep -qx $run-group && openstack server group show $run-group"
check "another project does not see it" bash -c "! OS_USERNAME=$other OS_PASSWORD=$other-pw OS_PROJECT_NAME=$other openstack server group list -f value | grep -q $run-group"
check "limits show --absolute: Nova's default quotas, the group counted" bash -c "openstack limits show --absolute -f value >$work/limits &&
  grep -qx 'maxTotalKeypairs 100' $work/limits && grep -qx 'maxTotalInstances 10' $work/limits && grep -q '^totalServerGroupsUsed [1-9]' $work/limits"
check "server group delete" bash -c "openstack server group delete $run-group && ! openstack server group show $run-group"

openstack user delete "$other" >/dev/null; openstack project delete "$other" >/dev/null
echo "nova-e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
