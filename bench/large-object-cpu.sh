#!/usr/bin/env bash
# 64 MiB object PUTs and GETs through the local stack's proxy at concurrency 4, with each server process's CPU:
# where a large object's CPU goes (the sitting's 64 MiB phases move 512 MiB and report only the sum).
# Usage (local stack up): bash bench/large-object-cpu.sh [OBJECTS=8] [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
STRATUS_HOME="${STRATUS_HOME:-$HOME/.stratus}"
source "$STRATUS_HOME/openrc"
eval "$(swift auth)"
objects="${1:-8}"
rounds="${2:-3}"
work=$(mktemp -d /tmp/large-object-cpu.XXXXXX)
trap 'rm -rf "$work"' EXIT
head -c 67108864 /dev/urandom >"$work/body"
auth="X-Auth-Token: $OS_AUTH_TOKEN"
container="$OS_STORAGE_URL/large-object-cpu"
curl -sf -o /dev/null -X PUT -H "$auth" "$container"
for i in $(seq 1 "$objects"); do
  printf 'url = "%s/o%d"\nupload-file = "%s"\noutput = "/dev/null"\n' "$container" "$i" "$work/body" >>"$work/put.cfg"
  printf 'url = "%s/o%d"\noutput = "/dev/null"\n' "$container" "$i" >>"$work/get.cfg"
done
names="swift-proxy swift-storage-1 swift-storage-2 swift-storage-3"
pids=$(for name in $names; do cat "$STRATUS_HOME/run/$name.pid"; done)
# each server's utime + stime, then the whole machine's busy time (every process, kernel threads and interrupts)
jiffies() {
  for pid in $pids; do awk '{printf "%d ", $14 + $15}' "/proc/$pid/stat"; done
  awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat
}
measure() {
  local label=$1 config=$2 before after t0 t1 codes
  sync
  before=$(jiffies); t0=$(date +%s.%N)
  codes=$(curl -s --no-progress-meter -H "$auth" --parallel --parallel-max 4 -K "$config" -w '%{http_code}\n' | sort | uniq -c | tr -s ' \n' ' ')
  t1=$(date +%s.%N); after=$(jiffies)
  python3 - "$label" "$before" "$after" "$t0" "$t1" "$objects" "$(getconf CLK_TCK)" "$codes" <<'PY'
import sys
label, before, after, t0, t1, objects, tick, codes = sys.argv[1:]
*used, machine = [(a - b) / int(tick) for a, b in zip(map(int, after.split()), map(int, before.split()))]
gigabytes = int(objects) * 67108864 / 1e9
seconds = float(t1) - float(t0)
print(f"{label} {gigabytes * 1000 / seconds:6.0f} MB/s  CPU s per GB: proxy {used[0] / gigabytes:.2f}, nodes "
      + " ".join(f"{u / gigabytes:.2f}" for u in used[1:]) + f", servers {sum(used) / gigabytes:.2f},"
      + f" machine {machine / gigabytes:.2f}; busy cores {machine / seconds:.2f}  (statuses:{codes})")
PY
}
for round in $(seq 1 "$rounds"); do
  measure "round $round PUT" "$work/put.cfg"
  measure "round $round GET" "$work/get.cfg"
done
swift delete large-object-cpu >/dev/null
