#!/usr/bin/env bash
# End-to-end: the real `openstack` client (and curl for the import calls it lacks) against glance-api
# on a running local stack — the same suite with the Swift store (the stack's default), the S3 store
# (against deploy/local/s3-endpoint.sh) and the file store.
# Usage: STRATUS_HOME=... [STRATUS_S3_ENDPOINT=...] deploy/local/e2e-glance.sh (after stack.sh up and s3-endpoint.sh up).
set -uo pipefail
source "$(dirname "$0")/lib.sh"
# shellcheck disable=SC1091
source "$STRATUS_HOME/openrc"
work=$(mktemp -d)
web_pid=""
trap 'rm -rf "$work"; [ -n "$web_pid" ] && kill "$web_pid" 2>/dev/null' EXIT
GLANCE=http://127.0.0.1:9292
run="e2e$RANDOM$RANDOM"

# a second project with its own member user
other="$run-other"
openstack project create "$other" >/dev/null && openstack user create --password "$other-pw" "$other" >/dev/null \
  && openstack role add --project "$other" --user "$other" member >/dev/null
as_other() { OS_USERNAME="$other" OS_PASSWORD="$other-pw" OS_PROJECT_NAME="$other" "$@"; }
other_id=$(openstack project show -f value -c id "$other")
admin_token=$(openstack token issue -f value -c id)
other_token=$(as_other openstack token issue -f value -c id)

# field NAME IMAGE [openstack prefix...]: one field of `image show`
field() { local name="$1" image="$2"; shift 2; "${@:-openstack}" image show -f json "$image" | python3 -c "import json,sys; v=json.load(sys.stdin); print(v.get('$name', v.get('properties', {}).get('$name')))"; }
id_of() { openstack image show -f value -c id "$1"; }
wait_status() { # wait_status IMAGE STATUS
  for _ in $(seq 1 120); do [ "$(field status "$1")" = "$2" ] && return 0; sleep 0.5; done
  echo "image $1 is $(field status "$1"), not $2"; return 1
}
# an image record without data (`openstack image create` without --file would upload its stdin)
empty_image() { # empty_image NAME DISK_FORMAT -> id
  curl -s -X POST -H "X-Auth-Token: $admin_token" -H 'Content-Type: application/json' \
    -d "{\"name\": \"$1\", \"disk_format\": \"$2\", \"container_format\": \"bare\"}" "$GLANCE/v2/images" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'
}
export -f field id_of wait_status

# the store's contents: object names in the service account's glance container, or the file store's files
swift_objects() { swift --os-username glance --os-password "$(cat "$STRATUS_HOME/glance-password")" --os-project-name service list glance 2>/dev/null; }
# the S3 store's bucket is a container of the test S3 endpoint's Swift account; parts wait in <bucket>+segments
s3_objects() { swift -V 1 -A "$S3_ENDPOINT/auth/v1.0" -U glance:s3 -K s3-secret list "glance$1" 2>/dev/null; }
store_has() { # store_has STORE IMAGE_ID: the image's object, segments, parts or file
  if [ "$1" = swift ]; then
    swift_objects | grep -q "^$2"
  elif [ "$1" = s3 ]; then
    s3_objects | grep -q "^$2" || s3_objects +segments | grep -q "^$2"
  else
    ls -a "$STRATUS_HOME/glance/images" 2>/dev/null | grep -q "$2"
  fi
}
export -f store_has swift_objects s3_objects
export S3_ENDPOINT=${STRATUS_S3_ENDPOINT:-http://127.0.0.1:18300}

# a real qcow2 (8 MiB of random data inside a 64 MiB virtual disk) and a 1 GiB raw disk
head -c 8388608 /dev/urandom >"$work/inner.raw"
qemu-img convert -f raw -O qcow2 "$work/inner.raw" "$work/disk.qcow2" && qemu-img resize -q "$work/disk.qcow2" 64M
head -c 1073741824 /dev/urandom >"$work/big.raw"
head -c 6291456 /dev/urandom >"$work/small.raw"
if [ "$(stat -c %s "$work/big.raw")" != 1073741824 ]; then
  echo "glance-e2e: could not write the 1 GiB test image under $work (disk full?)"; exit 1
fi
(cd "$work" && exec python3 -m http.server --bind 127.0.0.1 18765 >/dev/null 2>&1) &
web_pid=$!

suite() {
  local s="$1" q="$run-$1-qcow2" big="$run-$1-big"
  check "$s: image create --file (qcow2 made by qemu-img)" openstack image create --disk-format qcow2 --container-format bare \
    --file "$work/disk.qcow2" --property "e2e=$run" --tag "$run-tag" "$q"
  check "$s: qcow2 is active, checksum and sha512 computed, virtual size read from its header" bash -c "
    [ \"\$(field status $q)\" = active ] &&
    [ \"\$(field checksum $q)\" = \"$(md5sum <"$work/disk.qcow2" | cut -d' ' -f1)\" ] &&
    [ \"\$(field os_hash_value $q)\" = \"$(sha512sum <"$work/disk.qcow2" | cut -d' ' -f1)\" ] &&
    [ \"\$(field virtual_size $q)\" = 67108864 ]"
  check "$s: image create --file (1 GiB raw)" openstack image create --disk-format raw --container-format bare \
    --file "$work/big.raw" --property "e2e=$run" "$big"
  if [ "$s" = swift ]; then
    check "swift: the 1 GiB image went in as 16 segments under a manifest" bash -c "[ \$(swift_objects | grep -c \"^\$(id_of $big)-\") -eq 16 ]"
  elif [ "$s" = s3 ]; then
    check "s3: the 1 GiB image went in as a multipart upload of 128 parts of 8 MiB" bash -c "[ \$(s3_objects +segments | grep -c \"^\$(id_of $big)/\") -eq 128 ]"
  fi
  check "$s: image save of 1 GiB is byte-identical" bash -c "openstack image save --file $work/big.out $big && cmp $work/big.raw $work/big.out"
  rm -f "$work/big.out"
  check "$s: image save of the qcow2 is byte-identical" bash -c "openstack image save --file $work/q.out $q && cmp $work/disk.qcow2 $work/q.out"
  check "$s: image show" bash -c "openstack image show $q | grep -q qcow2"
  check "$s: image list --name" bash -c "[ \"\$(openstack image list --name $q -f value -c Name)\" = $q ]"
  check "$s: image list --property (custom property filter)" bash -c "[ \$(openstack image list --property e2e=$run -f value -c ID | wc -l) -eq 2 ]"
  check "$s: image list --tag" bash -c "[ \"\$(openstack image list --tag $run-tag -f value -c Name)\" = $q ]"
  check "$s: image list --sort name:asc --limit 1 pages" bash -c "[ \$(openstack image list --property e2e=$run --sort name:asc --limit 1 -f value -c Name | head -1) = $big ]"
  check "$s: image list --private is empty (images are shared by default)" bash -c "! openstack image list --private -f value | grep -q $run"
  check "$s: image set --property" bash -c "openstack image set --property os_distro=cirros $q && [ \"\$(field os_distro $q)\" = cirros ]"
  local qid; qid=$(id_of "$q")
  check "$s: another project cannot see the image" bash -c "! OS_USERNAME=$other OS_PASSWORD=$other-pw OS_PROJECT_NAME=$other openstack image show $qid"
  check "$s: another project cannot download it (404)" bash -c "[ \$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Auth-Token: $other_token' $GLANCE/v2/images/$qid/file) = 404 ]"
  check "$s: image add project" openstack image add project "$q" "$other_id"
  check "$s: a pending member does not list the image" bash -c "! OS_USERNAME=$other OS_PASSWORD=$other-pw OS_PROJECT_NAME=$other openstack image list -f value | grep -q $qid"
  check "$s: a pending member cannot download it (403)" bash -c "[ \$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Auth-Token: $other_token' $GLANCE/v2/images/$qid/file) = 403 ]"
  check "$s: image set --accept by the member" as_other openstack image set --accept "$qid"
  check "$s: the member lists and downloads it (bytes identical)" bash -c "
    OS_USERNAME=$other OS_PASSWORD=$other-pw OS_PROJECT_NAME=$other openstack image list -f value | grep -q $qid &&
    OS_USERNAME=$other OS_PASSWORD=$other-pw OS_PROJECT_NAME=$other openstack image save --file $work/m.out $qid && cmp $work/disk.qcow2 $work/m.out"
  check "$s: the member cannot change the owner's image (403)" bash -c "! OS_USERNAME=$other OS_PASSWORD=$other-pw OS_PROJECT_NAME=$other openstack image set --name stolen $qid"
  check "$s: a non-admin cannot publish a public image" bash -c "
    ! OS_USERNAME=$other OS_PASSWORD=$other-pw OS_PROJECT_NAME=$other openstack image create --public --disk-format raw --container-format bare $run-public 2>$work/pub.err &&
    grep -qi 'forbidden\|not authorized\|403' $work/pub.err"
  check "$s: image set --deactivate" bash -c "openstack image set --deactivate $q && [ \"\$(field status $q)\" = deactivated ]"
  check "$s: a deactivated image cannot be downloaded by the member (403)" bash -c "[ \$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Auth-Token: $other_token' $GLANCE/v2/images/$qid/file) = 403 ]"
  check "$s: image set --activate" bash -c "openstack image set --activate $q && [ \"\$(field status $q)\" = active ]"
  check "$s: a protected image cannot be deleted" bash -c "openstack image set --protected $q && ! openstack image delete $q && openstack image set --unprotected $q"

  # an upload cut off half way: the image is queued again, nothing is left in the store, and a retry works
  local cut; cut=$(empty_image "$run-$s-cut" raw)
  python3 - "$cut" "$admin_token" <<'PY'
import os, socket, sys, time
s = socket.create_connection(("127.0.0.1", 9292))
s.sendall(("PUT /v2/images/%s/file HTTP/1.1\r\nHost: 127.0.0.1:9292\r\nX-Auth-Token: %s\r\n"
           "Content-Type: application/octet-stream\r\nContent-Length: 8388608\r\n\r\n" % (sys.argv[1], sys.argv[2])).encode())
s.sendall(os.urandom(3 * 1024 * 1024))
time.sleep(0.5)
s.close()
PY
  sleep 2
  check "$s: an upload cut half way leaves the image queued" bash -c "[ \"\$(field status $cut)\" = queued ]"
  check "$s: ... and no bytes in the store" bash -c "! store_has $s $cut"
  check "$s: ... and a retried upload works (chunked, size unknown)" bash -c "
    [ \$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'X-Auth-Token: $admin_token' -H 'Content-Type: application/octet-stream' \
         -H 'Transfer-Encoding: chunked' \
         --data-binary @$work/small.raw $GLANCE/v2/images/$cut/file) = 204 ] &&
    [ \"\$(field checksum $cut)\" = \"$(md5sum <"$work/small.raw" | cut -d' ' -f1)\" ]"
  check "$s: a second upload to an active image is refused (409)" bash -c "[ \$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'X-Auth-Token: $admin_token' \
    -H 'Content-Type: application/octet-stream' --data-binary @$work/small.raw $GLANCE/v2/images/$cut/file) = 409 ]"

  if [ "$s" = swift ]; then
    # the store failing (two of three storage nodes gone: no quorum): 500 as Glance answers, not 503, which
    # keystoneauth retries by re-sending a file it has half read; the image queued again, nothing in the store
    local failing; failing=$(empty_image "$run-$s-failing" raw)
    for node in swift-storage-2 swift-storage-3; do kill "$(cat "$STRATUS_HOME/run/$node.pid")"; done
    check "swift: a store failure is a 500, not a retried 503" bash -c "[ \$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'X-Auth-Token: $admin_token' \
      -H 'Content-Type: application/octet-stream' -T $work/big.raw $GLANCE/v2/images/$failing/file) = 500 ]"
    check "swift: ... the image is queued again, nothing kept" bash -c "[ \"\$(field status $failing)\" = queued ] && ! store_has swift $failing"
    check "swift: ... and image create --file fails and leaves no image" bash -c "
      ! openstack image create --disk-format raw --container-format bare --file $work/big.raw $run-$s-refused &&
      ! openstack image list -f value -c Name | grep -q $run-$s-refused"
    "$(dirname "$0")/stack.sh" up >/dev/null
  fi

  # the interoperable import: glance-direct (stage, then import) and web-download
  local direct web
  direct=$(empty_image "$run-$s-direct" qcow2)
  check "$s: import methods are advertised" bash -c "curl -s -H 'X-Auth-Token: $admin_token' $GLANCE/v2/info/import | grep -q glance-direct"
  check "$s: glance-direct: stage" bash -c "[ \$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'X-Auth-Token: $admin_token' \
    -H 'Content-Type: application/octet-stream' --data-binary @$work/disk.qcow2 $GLANCE/v2/images/$direct/stage) = 204 ] &&
    [ \"\$(field status $direct)\" = uploading ]"
  check "$s: glance-direct: import (202, then active, bytes identical)" bash -c "
    [ \$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'X-Auth-Token: $admin_token' -H 'Content-Type: application/json' \
         -d '{\"method\": {\"name\": \"glance-direct\"}}' $GLANCE/v2/images/$direct/import) = 202 ] &&
    wait_status $direct active &&
    openstack image save --file $work/d.out $direct && cmp $work/disk.qcow2 $work/d.out"
  web=$(empty_image "$run-$s-web" qcow2)
  check "$s: web-download: import (202, then active, bytes identical)" bash -c "
    [ \$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'X-Auth-Token: $admin_token' -H 'Content-Type: application/json' \
         -d '{\"method\": {\"name\": \"web-download\", \"uri\": \"http://127.0.0.1:18765/disk.qcow2\"}}' $GLANCE/v2/images/$web/import) = 202 ] &&
    wait_status $web active &&
    openstack image save --file $work/w.out $web && cmp $work/disk.qcow2 $work/w.out"
  check "$s: image create --import (the CLI stages, then imports with glance-direct)" bash -c "
    openstack image create --import --disk-format qcow2 --container-format bare --file $work/disk.qcow2 $run-$s-cli-import &&
    wait_status $run-$s-cli-import active && openstack image save --file $work/i.out $run-$s-cli-import && cmp $work/disk.qcow2 $work/i.out"
  local port_id; port_id=$(empty_image "$run-$s-port" raw)
  check "$s: web-download refuses ports outside the allowed ones, e.g. the registry's (400)" bash -c "[ \$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'X-Auth-Token: $admin_token' \
    -H 'Content-Type: application/json' -d '{\"method\": {\"name\": \"web-download\", \"uri\": \"http://127.0.0.1:9191/images\"}}' \
    $GLANCE/v2/images/$port_id/import) = 400 ]"
  check "$s: web-download refuses other schemes (400)" bash -c "[ \$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'X-Auth-Token: $admin_token' \
    -H 'Content-Type: application/json' -d '{\"method\": {\"name\": \"web-download\", \"uri\": \"file:///etc/passwd\"}}' \
    $GLANCE/v2/images/$(empty_image "$run-$s-bad" raw)/import) = 400 ]"

  local ids; ids=$(openstack image list -f value -c ID -c Name | awk -v p="$run-$s-" 'index($2, p) == 1 {print $1}')
  check "$s: image delete" bash -c "openstack image delete $(echo "$ids" | tr '\n' ' ')"
  check "$s: deleted images are gone" bash -c "! openstack image list -f value | grep -q $run-$s-"
  check "$s: ... and so are their bytes" bash -c "for id in $(echo "$ids" | tr '\n' ' '); do ! store_has $s \$id || exit 1; done"
}

# the Swift store with small limits, so the 1 GiB image and chunked uploads go in segments under a manifest
restart_glance() {
  kill "$(cat "$STRATUS_HOME/run/glance-api.pid")" 2>/dev/null
  for _ in $(seq 1 40); do kill -0 "$(cat "$STRATUS_HOME/run/glance-api.pid")" 2>/dev/null || break; sleep 0.25; done
  env "$@" "$(dirname "$0")/stack.sh" up >/dev/null
  admin_token=$(openstack token issue -f value -c id)
}
# (and web-download allowed to reach the test's own web server on port 18765)
restart_glance GLANCE_STORE=swift GLANCE_SWIFT_STORE_LARGE_OBJECT_SIZE=104857600 GLANCE_SWIFT_STORE_LARGE_OBJECT_CHUNK_SIZE=67108864 \
  GLANCE_WEB_DOWNLOAD_ALLOWED_PORTS=80,443,18765
suite swift
# the same suite with the S3 store (Swift's s3api, started by the test command; at most 1,000 parts per upload)
restart_glance GLANCE_STORE=s3 GLANCE_S3_ENDPOINT="$S3_ENDPOINT" GLANCE_S3_ACCESS_KEY=glance:s3 GLANCE_S3_SECRET_KEY=s3-secret \
  GLANCE_S3_STORE_MAX_PARTS=1000 GLANCE_WEB_DOWNLOAD_ALLOWED_PORTS=80,443,18765
suite s3
# the same suite with the file store (images stay in the registry)
restart_glance GLANCE_STORE=file GLANCE_WEB_DOWNLOAD_ALLOWED_PORTS=80,443,18765
suite file

# bad input: a clear 4xx, never a 500
bad_id=$(empty_image "$run-bad-input" raw)
bad_input() { # bad_input EXPECTED_STATUS curl-arguments...
  local expected="$1"; shift
  test "$(curl -s -o /dev/null -w '%{http_code}' -H "X-Auth-Token: $admin_token" "$@")" = "$expected"
}
check "bad input: limit=abc (400)" bad_input 400 "$GLANCE/v2/images?limit=abc"
check "bad input: unknown sort key (400)" bad_input 400 "$GLANCE/v2/images?sort=secret:asc"
check "bad input: created_at=gte:yesterday (400)" bad_input 400 "$GLANCE/v2/images?created_at=gte:yesterday"
check "bad input: unknown marker (400)" bad_input 400 "$GLANCE/v2/images?marker=nope"
check "bad input: malformed JSON (400)" bad_input 400 -X POST -H 'Content-Type: application/json' -d '{bad' "$GLANCE/v2/images"
check "bad input: a read-only attribute (403)" bad_input 403 -X POST -H 'Content-Type: application/json' -d '{"status": "active"}' "$GLANCE/v2/images"
check "bad input: an unknown disk format (400)" bad_input 400 -X POST -H 'Content-Type: application/json' -d '{"disk_format": "exe"}' "$GLANCE/v2/images"
check "bad input: a non-string custom property (400)" bad_input 400 -X POST -H 'Content-Type: application/json' -d '{"foo": 1}' "$GLANCE/v2/images"
check "bad input: a patch that is not a list (400)" bad_input 400 -X PATCH -H 'Content-Type: application/openstack-images-v2.1-json-patch' \
  -d '{"op": "replace"}' "$GLANCE/v2/images/$bad_id"
check "bad input: a patch as plain JSON (415)" bad_input 415 -X PATCH -H 'Content-Type: application/json' -d '[]' "$GLANCE/v2/images/$bad_id"
check "bad input: an import without a method (400)" bad_input 400 -X POST -H 'Content-Type: application/json' "$GLANCE/v2/images/$bad_id/import"
check "bad input: an upload that is not octet-stream (415)" bad_input 415 -X PUT -H 'Content-Type: text/plain' -d x "$GLANCE/v2/images/$bad_id/file"
check "bad input: ... changed nothing (still queued, no data: 204)" bash -c "[ \"\$(field status $bad_id)\" = queued ] &&
  [ \$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Auth-Token: $admin_token' $GLANCE/v2/images/$bad_id/file) = 204 ]"
openstack image delete "$bad_id"

# quotas, as the other project (it owns no image): 2 images, 10,000,000 bytes
restart_glance GLANCE_STORE=file GLANCE_IMAGE_COUNT_TOTAL=2 GLANCE_IMAGE_SIZE_TOTAL=10000000
other_token=$(as_other openstack token issue -f value -c id)
quota_image() { # quota_image NAME -> "id status"
  curl -s -w ' %{http_code}' -X POST -H "X-Auth-Token: $other_token" -H 'Content-Type: application/json' \
    -d "{\"name\": \"$1\", \"disk_format\": \"raw\", \"container_format\": \"bare\"}" "$GLANCE/v2/images" \
    | python3 -c 'import json, sys; body, code = sys.stdin.read().rsplit(" ", 1); print((json.loads(body)["id"] if code == "201" else "-") + " " + code)'
}
quota_upload() { # quota_upload ID [curl options] -> HTTP status
  local id="$1"; shift
  curl -s -o /dev/null -w '%{http_code}' -X PUT -H "X-Auth-Token: $other_token" -H 'Content-Type: application/octet-stream' "$@" \
    --data-binary @"$work/small.raw" "$GLANCE/v2/images/$id/file"
}
read -r qa qa_code <<<"$(quota_image "$run-quota-a")"
read -r qb qb_code <<<"$(quota_image "$run-quota-b")"
read -r _ qc_code <<<"$(quota_image "$run-quota-c")"
check "quota: two images may be created, the third is refused (413)" test "$qa_code $qb_code $qc_code" = "201 201 413"
check "quota: 6 MiB fits in 10,000,000 bytes" test "$(quota_upload "$qa")" = 204
check "quota: 6 MiB more does not (413 before reading)" test "$(quota_upload "$qb")" = 413
check "quota: ... nor chunked (413 once over), the image queued and no bytes kept" bash -c "
  [ \$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'X-Auth-Token: $other_token' -H 'Content-Type: application/octet-stream' \
       -H 'Transfer-Encoding: chunked' --data-binary @$work/small.raw $GLANCE/v2/images/$qb/file) = 413 ] &&
  [ \"\$(field status $qb)\" = queued ] && ! store_has file $qb"
check "quota: deleting frees the room" bash -c "
  [ \$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -H 'X-Auth-Token: $other_token' $GLANCE/v2/images/$qa) = 204 ] &&
  [ \$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'X-Auth-Token: $other_token' -H 'Content-Type: application/octet-stream' \
       --data-binary @$work/small.raw $GLANCE/v2/images/$qb/file) = 204 ]"
curl -s -o /dev/null -X DELETE -H "X-Auth-Token: $other_token" "$GLANCE/v2/images/$qb"
restart_glance GLANCE_STORE=swift

openstack user delete "$other" >/dev/null; openstack project delete "$other" >/dev/null
echo "glance-e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
