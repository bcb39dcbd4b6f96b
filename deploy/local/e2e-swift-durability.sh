#!/usr/bin/env bash
# Swift's fault tests against a running local stack: expiry, bit rot, a delete a node missed, a node
# killed under load, a wiped disk, and a fourth node added while reads run. It kills nodes, damages
# files and changes the rings (a fourth node stays in them): run it on a throwaway stack, as
# run-tests.sh does. Usage: STRATUS_HOME=... deploy/local/e2e-swift-durability.sh (after stack.sh up).
set -uo pipefail
source "$(dirname "$0")/lib.sh"
# shellcheck disable=SC1091
source "$STRATUS_HOME/openrc"
work=$(mktemp -d)
passed=0
failed=0
SWIFT_DIR="$STRATUS_HOME/swift"
RINGS="$SWIFT_DIR/rings"
SWIFT_HASH_PATH_PREFIX=$(cat "$SWIFT_DIR/hash-path-prefix")
SWIFT_HASH_PATH_SUFFIX=$(cat "$SWIFT_DIR/hash-path-suffix")
export SWIFT_HASH_PATH_PREFIX SWIFT_HASH_PATH_SUFFIX
NODE4_PID=""
trap '[ -n "$NODE4_PID" ] && kill -9 "$NODE4_PID" 2>/dev/null; rm -rf "$work"' EXIT
NODES="6200 6210 6220"
figures="$work/figures"
: >"$figures"

stratus() { "$STRATUS_ROOT/bin/stratus" "$@"; }
# one pass of a node's job (replicator, db-replicator, auditor, expirer, updater), its figures on stdout
run_job() { curl -sf -X POST "http://127.0.0.1:$2/recon/run/$1"; }
replicate() { # replicate PORT...: object and database replication on each node named, in that order
  for port in "$@"; do run_job replicator "$port" >/dev/null; run_job db-replicator "$port" >/dev/null; done
}
node_pid() { cat "$STRATUS_HOME/run/swift-storage-$1.pid"; }
status_of() { curl -s -o /dev/null -w '%{http_code}' -H "X-Auth-Token: $token" "$@"; }
dispersion() { stratus swift dispersion report --ring-dir "$RINGS" --json; }
full_dispersion() { # 100% of object and container copies found
  dispersion | python3 -c 'import json,sys; f=json.load(sys.stdin); sys.exit(0 if f["object"]["pct_found"] == 100 and f["container"]["pct_found"] == 100 else 1)'
}
# the object files of a container on one node's disk: "path name etag" per line (python: xattrs)
object_files() { # object_files NODE_DIR CONTAINER
  python3 - "$1" "/${OS_STORAGE_URL##*/}/$2/" <<'PY'
import json, os, sys
import glob
root, prefix = sys.argv[1], sys.argv[2]
for dirpath, _, names in (w for objects in glob.glob(root + "/*/objects") for w in os.walk(objects)):
    for n in names:
        if n.endswith(".data"):
            p = os.path.join(dirpath, n)
            meta = json.loads(os.getxattr(p, "user.swift.metadata"))
            if meta["name"].startswith(prefix):
                print(p, meta["name"][len(prefix):], meta["ETag"])
PY
}

eval "$(swift auth)"
token=$OS_AUTH_TOKEN
url=$OS_STORAGE_URL
c="dur-$RANDOM"

# ---- expiry
swift post "$c-exp" >/dev/null
curl -s -o /dev/null -X PUT -H "X-Auth-Token: $token" -H "X-Delete-After: 2" --data-binary "short-lived" "$url/$c-exp/short"
check "an object with X-Delete-After is readable before its time" test "$(status_of "$url/$c-exp/short")" = 200
sleep 3
check "after its time it is gone" test "$(status_of "$url/$c-exp/short")" = 404
for port in $NODES; do run_job expirer "$port" >/dev/null; done
check "the expirer takes it out of the listing" bash -c "[ -z \"\$(swift list $c-exp)\" ]"

# ---- bit rot: 100 objects damaged on node 1's disk
mkdir -p "$work/rot"
for i in $(seq 1 100); do head -c $((1024 + RANDOM)) /dev/urandom >"$work/rot/o$i"; done
for i in 1 2; do head -c 3000000 /dev/urandom >"$work/rot/big$i"; done
(cd "$work/rot" && swift upload "$c-rot" . >/dev/null)
object_files "$SWIFT_DIR/node1" "$c-rot" >"$work/rot-files"
check "node 1 holds a replica of each of the 102 objects" test "$(wc -l <"$work/rot-files")" = 102
python3 - "$work/rot-files" <<'PY'
import os, sys
for line in open(sys.argv[1]):
    path = line.split()[0]
    with open(path, "r+b") as f:
        f.seek(os.path.getsize(path) // 2)
        f.write(b"bit rot!")
PY
wrong=0
cut=0
for name in $(cd "$work/rot" && ls); do
  if curl -sf -H "X-Auth-Token: $token" -o "$work/got" "$url/$c-rot/$name"; then
    cmp -s "$work/got" "$work/rot/$name" || wrong=$((wrong + 1))
  else
    cut=$((cut + 1))
  fi
done
check "no GET answers damaged bytes (small objects from another replica, large reads cut: $cut)" test "$wrong" = 0
check "every small object is read whole from a good replica" test "$cut" -le 2
audit=$(run_job auditor 6200)
echo "bit rot: auditor pass on node 1: $audit" >>"$figures"
check "the auditor quarantines what the reads did not" bash -c "[ \"\$(ls $SWIFT_DIR/node1/d1/quarantined/objects | wc -l)\" -ge 102 ]"
replicate 6210 6220 6200
object_files "$SWIFT_DIR/node1" "$c-rot" >"$work/rot-after"
check "after a replication pass node 1 again holds all 102" test "$(wc -l <"$work/rot-after")" = 102
check "and each one's bytes match its ETag" python3 - "$work/rot-after" <<'PY'
import hashlib, sys
bad = [l for l in open(sys.argv[1]) if hashlib.md5(open(l.split()[0], "rb").read()).hexdigest() != l.split()[2]]
print(bad); sys.exit(1 if bad else 0)
PY

# ---- a delete node 3 missed does not come back when it rejoins
mkdir -p "$work/ts"
for i in $(seq 1 20); do echo "tombstoned $i" >"$work/ts/t$i"; done
(cd "$work/ts" && swift upload "$c-ts" . >/dev/null)
kill -9 "$(node_pid 3)"
sleep 1
(cd "$work/ts" && swift delete "$c-ts" $(ls) >/dev/null)
"$STRATUS_ROOT/deploy/local/stack.sh" up >/dev/null 2>&1
replicate 6220 6200 6210
back=0
for name in $(cd "$work/ts" && ls); do
  [ "$(status_of -H 'X-Newest: true' "$url/$c-ts/$name")" = 404 ] || back=$((back + 1))
done
check "none of the 20 deleted objects is back after node 3 rejoined" test "$back" = 0
check "node 3 holds their tombstones" test "$(find "$SWIFT_DIR/node3/d3/objects" -name '*.ts' -newer "$work/ts/t20" | wc -l)" -ge 20

# ---- node loss under load
stratus swift dispersion populate --ring-dir "$RINGS" --coverage 2 >/dev/null
swift post "$c-load" >/dev/null
load() { # PUTs, and a DELETE of every third; what was acknowledged goes to files
  local i=0
  : >"$work/acked-puts"; : >"$work/acked-deletes"
  while [ ! -f "$work/stop-load" ]; do
    i=$((i + 1))
    [ "$(status_of -X PUT --data-binary "payload $i" "$url/$c-load/o$i")" = 201 ] && echo "o$i" >>"$work/acked-puts"
    if [ $((i % 3)) = 0 ] && [ "$(status_of -X DELETE "$url/$c-load/o$((i - 1))")" = 204 ]; then
      echo "o$((i - 1))" >>"$work/acked-deletes"
    fi
  done
}
load &
load_pid=$!
sleep 5
kill -9 "$(node_pid 2)"
killed_at=$SECONDS
sleep 10
touch "$work/stop-load"
wait "$load_pid"
lost=0
while read -r name; do
  grep -qx "$name" "$work/acked-deletes" && continue
  [ "$(curl -s -H "X-Auth-Token: $token" "$url/$c-load/$name")" = "payload ${name#o}" ] || lost=$((lost + 1))
done <"$work/acked-puts"
back=0
while read -r name; do
  [ "$(status_of "$url/$c-load/$name")" = 404 ] || back=$((back + 1))
done <"$work/acked-deletes"
check "every acknowledged PUT is readable ($(wc -l <"$work/acked-puts") PUTs while node 2 died)" test "$lost" = 0
check "every acknowledged DELETE stays deleted ($(wc -l <"$work/acked-deletes"))" test "$back" = 0
"$STRATUS_ROOT/deploy/local/stack.sh" up >/dev/null 2>&1
restarted_at=$SECONDS
# the nodes' own background passes (every 30 s) do the healing
until full_dispersion || [ $((SECONDS - restarted_at)) -gt 180 ]; do sleep 5; done
healed=$((SECONDS - restarted_at))
echo "node loss: node 2 down $((restarted_at - killed_at)) s; full dispersion $healed s after its restart: $(dispersion)" >>"$figures"
check "dispersion reads 100% within 180 s of node 2's restart (took $healed s)" full_dispersion
live=$(sort -u "$work/acked-puts" | grep -vxcF -f "$work/acked-deletes")
until [ "$(object_files "$SWIFT_DIR/node2" "$c-load" | wc -l)" -ge "$live" ] || [ $((SECONDS - restarted_at)) -gt 180 ]; do sleep 2; done
refilled=$((SECONDS - restarted_at))
echo "node loss: node 2 held all $live objects written while it was down $refilled s after its restart" >>"$figures"
check "node 2 holds every object written while it was down within 180 s (took $refilled s)" \
  test "$(object_files "$SWIFT_DIR/node2" "$c-load" | wc -l)" -ge "$live"
for port in $NODES; do run_job updater "$port" >/dev/null; done
replicate $NODES
check "the listing holds every live object" test "$(swift list "$c-load" | wc -l)" = "$live"

# ---- the auditor's pace: a pass over node 3 stays within its configured limits
for i in 1 2 3; do head -c 20971520 /dev/urandom >"$work/big$i"; done
(cd "$work" && swift upload "$c-audit" big1 big2 big3 >/dev/null)
audit=$(run_job auditor 6220)
limits=$(curl -s http://127.0.0.1:6220/recon | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["auditor_limits"]))')
echo "auditor: pass on node 3 $audit; limits $limits" >>"$figures"
check "the auditor reads no faster than its limits" python3 -c "
import json; a = json.loads('$audit'); l = json.loads('$limits')
print(a, l); assert a['quarantined'] == 0 and a['files'] > 0
assert a['filesPerSecond'] <= l['files_per_second'] * 1.05 and a['bytesPerSecond'] <= l['bytes_per_second'] * 1.05"
rm -f "$work"/big?

# ---- a lost disk: node 2's device emptied
count_data() { find "$1"/*/objects -name '*.data' | wc -l; }
rm -rf "${SWIFT_DIR:?}/node2/d2/"*
started=$(date +%s.%N)
pass=$(run_job replicator 6200)
ended=$(date +%s.%N)
replicate 6220 6200
echo "lost disk: node 1 refilled node 2 in $(awk "BEGIN {print $ended - $started}") s: $pass" >>"$figures"
check "replication restores every object file on node 2" test "$(count_data "$SWIFT_DIR/node2")" = "$(count_data "$SWIFT_DIR/node1")"
check "and every container and account database" test "$(find "$SWIFT_DIR/node2" -name '*.db' | wc -l)" = "$(find "$SWIFT_DIR/node1" -name '*.db' | wc -l)"
check "dispersion reads 100% again" full_dispersion

# ---- growth: a fourth node joins while reads run
mkdir -p "$SWIFT_DIR/node4/d4"
STRATUS_HOME="$STRATUS_HOME" nohup java -Xmx64m -XX:+UseSerialGC -Dquarkus.http.port=6230 -Dswift.storage.devices="$SWIFT_DIR/node4" \
  -Dswift.storage.ring-dir="$RINGS" -jar "$STRATUS_ROOT/swift-storage/target/quarkus-app/quarkus-run.jar" \
  >"$STRATUS_HOME/logs/swift-storage-4.log" 2>&1 &
NODE4_PID=$!
disown "$NODE4_PID" # killed by the exit trap, without the shell reporting it
wait_http http://127.0.0.1:6230/q/health/live 90
reads() {
  : >"$work/read-failures"
  local n=0
  while [ ! -f "$work/stop-reads" ]; do
    for name in $(cd "$work/rot" && ls); do
      n=$((n + 1))
      curl -sf -H "X-Auth-Token: $token" -o "$work/read" "$url/$c-rot/$name" && cmp -s "$work/read" "$work/rot/$name" \
        || echo "$name" >>"$work/read-failures"
    done
  done
  echo "$n" >"$work/reads"
}
rm -f "$work/stop-reads"
reads &
reads_pid=$!
for kind in account container object; do
  stratus ring set-min-part-hours "$RINGS/$kind.builder" 0 >/dev/null
  stratus ring add "$RINGS/$kind.builder" r1z4-127.0.0.1:6230/d4 100 >/dev/null
  stratus ring rebalance "$RINGS/$kind.builder" >"$work/rebalance-$kind"
done
echo "growth: $(cat "$work/rebalance-object")" >>"$figures"
sleep 6 # every server re-reads a changed ring within 5 s
started=$(date +%s.%N)
for round in 1 2; do replicate 6200 6210 6220 6230; done
ended=$(date +%s.%N)
touch "$work/stop-reads"
wait "$reads_pid"
echo "growth: two replication rounds on four nodes took $(awk "BEGIN {print $ended - $started}") s; $(cat "$work/reads") reads ran" >>"$figures"
check "no read failed while the ring changed ($(cat "$work/reads") reads)" test ! -s "$work/read-failures"
check "node 4 holds data now" test "$(count_data "$SWIFT_DIR/node4")" -gt 0
check "dispersion reads 100% on the new ring" full_dispersion
check "every object folder sits on exactly three nodes, none left on a former primary" python3 - "$SWIFT_DIR" <<'PY'
import collections, os, sys
copies = collections.Counter()
for node in ("node1", "node2", "node3", "node4"):
    for dirpath, _, names in os.walk(os.path.join(sys.argv[1], node)):
        if "/objects/" in dirpath + "/" and "/quarantined/" not in dirpath and any(n.endswith((".data", ".ts")) for n in names):
            copies[os.path.basename(dirpath)] += 1
wrong = {h: n for h, n in copies.items() if n != 3}
print(len(copies), "objects;", len(wrong), "with another count than 3:", list(wrong.items())[:5])
sys.exit(1 if wrong or not copies else 0)
PY

echo "swift-durability figures:"
sed 's/^/  /' "$figures"
echo "swift-durability-e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
