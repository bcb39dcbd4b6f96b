#!/usr/bin/env bash
# End-to-end: the real `swift` and `openstack` clients against a running local stack (keystone-lite,
# three storage nodes, the proxy). Usage: STRATUS_HOME=... deploy/local/e2e-swift.sh (after stack.sh up).
set -uo pipefail
source "$(dirname "$0")/lib.sh"
# shellcheck disable=SC1091
source "$STRATUS_HOME/openrc"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# bytes 33554430-33554433 straddle the first two 32 MiB segments
range_across_segments() (
  eval "$(swift auth)"
  got=$(curl -s -H "X-Auth-Token: $OS_AUTH_TOKEN" -H 'Range: bytes=33554430-33554433' "$OS_STORAGE_URL/$c/big-slo.bin" \
    | od -An -tx1 | tr -d ' \n')
  want=$(dd if="$work/big.bin" bs=1 skip=33554430 count=4 2>/dev/null | od -An -tx1 | tr -d ' \n')
  [ -n "$got" ] && [ "$got" = "$want" ]
)

c="e2e-$RANDOM$RANDOM"
head -c 1048576 /dev/urandom >"$work/one-mib.bin"
head -c 52428800 /dev/urandom >"$work/fifty-mib.bin"
echo "hello stratus" >"$work/hello.txt"

check "swift post creates a container" swift post "$c"
check "swift upload small" swift upload "$c" "$work/hello.txt" --object-name docs/hello.txt
check "swift upload 1 MiB" swift upload "$c" "$work/one-mib.bin" --object-name data/one-mib.bin
check "swift upload 50 MiB" swift upload "$c" "$work/fifty-mib.bin" --object-name data/fifty-mib.bin
head -c 209715200 /dev/urandom >"$work/big.bin"
check "swift upload 200 MiB as a DLO (--segment-size 32M)" swift upload "$c" "$work/big.bin" --object-name big-dlo.bin --segment-size 32M
check "swift upload 200 MiB as an SLO (--use-slo)" swift upload "$c" "$work/big.bin" --object-name big-slo.bin --segment-size 32M --use-slo
check "DLO download is byte-identical" bash -c "cd $work && swift download $c big-dlo.bin -o dlo.bin && cmp dlo.bin big.bin"
check "SLO download is byte-identical" bash -c "cd $work && swift download $c big-slo.bin -o slo.bin && cmp slo.bin big.bin"
check "SLO stat shows the whole size" bash -c "swift stat $c big-slo.bin | grep -q 'Content Length: 209715200'"
check "a Range read across two segments of a large object" range_across_segments
rm -f "$work/big.bin" "$work/dlo.bin" "$work/slo.bin"
check "swift list --prefix" bash -c "swift list $c --prefix data/ | tr '\n' ' ' | grep -qx 'data/fifty-mib.bin data/one-mib.bin '"
check "swift list --delimiter" bash -c "swift list $c --delimiter / | tr '\n' ' ' | grep -qx 'big-dlo.bin big-slo.bin data/ docs/ '"
check "swift stat account" bash -c "swift stat | grep -q 'Objects: [1-9]'"
check "swift stat container counts 5 objects" bash -c "swift stat $c | grep -q 'Objects: 5'"
check "swift copy" bash -c "swift copy $c docs/hello.txt -d /$c/docs/copy.txt && swift download $c docs/copy.txt -o - | grep -qx 'hello stratus'"
check "swift download verifies every byte" bash -c "cd $work && swift download $c data/fifty-mib.bin -o got.bin \
  && cmp got.bin fifty-mib.bin"
check "swift download small" bash -c "swift download $c docs/hello.txt -o - | grep -qx 'hello stratus'"
check "swift post -m sets metadata" swift post "$c" docs/hello.txt -m color:blue
check "swift stat shows the metadata" bash -c "swift stat $c docs/hello.txt | grep -qi 'Meta Color: blue'"
check "openstack container create" openstack container create "$c-osc"
check "openstack container list" bash -c "openstack container list -f value | grep -qx '$c-osc'"
check "openstack object create" bash -c "cd $work && openstack object create $c-osc hello.txt"
check "openstack object list" bash -c "openstack object list $c-osc -f value | grep -qx hello.txt"
check "openstack object show" bash -c "openstack object show $c-osc hello.txt -f value -c etag | grep -qx $(md5sum "$work/hello.txt" | cut -d' ' -f1)"
check "openstack object save" bash -c "cd $work && openstack object save --file saved.txt $c-osc hello.txt && cmp saved.txt hello.txt"
check "openstack object delete" openstack object delete "$c-osc" hello.txt
check "openstack container delete" openstack container delete "$c-osc"

# another project's user is refused the first project's account
other="e2e-other-$RANDOM$RANDOM"
openstack project create "$other" >/dev/null && openstack user create --password "$other-pw" "$other" >/dev/null \
  && openstack role add --project "$other" --user "$other" member >/dev/null
storage_url=$(swift auth | sed -n 's/^export OS_STORAGE_URL=//p')
as_other=(swift --os-username "$other" --os-password "$other-pw" --os-project-name "$other" --os-storage-url "$storage_url")
check "another project: 403 on the account" bash -c "${as_other[*]} stat 2>&1 | grep -q 403"
check "another project: 403 on a container" bash -c "${as_other[*]} list $c 2>&1 | grep -q 403"
check "another project: 403 on an object" bash -c "${as_other[*]} download $c docs/hello.txt -o - 2>&1 | grep -q 403"
openstack user delete "$other" >/dev/null; openstack project delete "$other" >/dev/null

check "swift delete removes objects, segments and the container" bash -c "swift delete $c && swift delete ${c}_segments"
check "the container is gone" bash -c "! swift stat $c"

echo "swift-e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
