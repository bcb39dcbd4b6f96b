#!/usr/bin/env bash
# 1 GiB image upload and download through glance-api against the same store used directly, with
# glance-api's peak RSS. Usage (local stack up): bash bench/glance-bench.sh swift|file [ROUNDS]
# The stack's glance-api is restarted with GLANCE_STORE set to the store under test.
# swift: direct = curl PUT/GET of an object in the glance service account's container, through the same proxy.
# file:  direct = dd with conv=fsync into the file store's folder (what FileStore does), dd back out.
set -euo pipefail
cd "$(dirname "$0")/.."
store="${1:?swift or file}"
rounds="${2:-3}"
STRATUS_HOME="${STRATUS_HOME:-$HOME/.stratus}"
source "$STRATUS_HOME/openrc"
kill "$(cat "$STRATUS_HOME/run/glance-api.pid")" 2>/dev/null || true
sleep 2
GLANCE_STORE="$store" deploy/local/stack.sh up >/dev/null 2>&1
glance_pid=$(cat "$STRATUS_HOME/run/glance-api.pid")
work=$(mktemp -d /tmp/glance-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
head -c 1073741824 /dev/urandom >"$work/image.raw"
size=1073741824
token=$(openstack token issue -f value -c id)
glance_token=$(OS_USERNAME=glance OS_PASSWORD="$(cat "$STRATUS_HOME/glance-password")" OS_PROJECT_NAME=service openstack token issue -f value -c id)
service_url=$(OS_USERNAME=glance OS_PASSWORD="$(cat "$STRATUS_HOME/glance-password")" OS_PROJECT_NAME=service swift auth \
  | sed -n 's/^export OS_STORAGE_URL=//p')

busy_jiffies() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
# "MB/s cores": the phase's throughput and how many of the machine's cores were busy meanwhile (all processes)
timed() {
  local t0 t1 b0 b1
  b0=$(busy_jiffies); t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); b1=$(busy_jiffies)
  python3 -c "e = $t1 - $t0; print(f'{$size / 1048576 / e:.1f} {($b1 - $b0) / $(getconf CLK_TCK) / e:.2f}')"
}
new_image() {
  curl -s -X POST -H "X-Auth-Token: $token" -H 'Content-Type: application/json' \
    -d '{"name": "bench", "disk_format": "raw", "container_format": "bare"}' http://127.0.0.1:9292/v2/images \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'
}
glance_put() { curl -sf -X PUT -H "X-Auth-Token: $token" -H 'Content-Type: application/octet-stream' -T "$work/image.raw" \
  "http://127.0.0.1:9292/v2/images/$1/file"; }
glance_get() { curl -sf -H "X-Auth-Token: $token" -o /dev/null "http://127.0.0.1:9292/v2/images/$1/file"; }
direct_put() {
  if [ "$store" = swift ]; then
    curl -sf -X PUT -H "X-Auth-Token: $glance_token" -T "$work/image.raw" "$service_url/glance/bench-direct"
  else
    dd if="$work/image.raw" of="$STRATUS_HOME/glance/images/bench-direct" bs=64k conv=fsync status=none
  fi
}
direct_get() {
  if [ "$store" = swift ]; then
    curl -sf -H "X-Auth-Token: $glance_token" -o /dev/null "$service_url/glance/bench-direct"
  else
    dd if="$STRATUS_HOME/glance/images/bench-direct" of=/dev/null bs=64k status=none
  fi
}

warm=$(new_image); glance_put "$warm"; glance_get "$warm"; direct_put; direct_get   # JIT and caches warm on both paths
printf 'round\tdirect_put\tglance_put\tdirect_get\tglance_get\t(MB/s and busy cores of %s)\n' "$(nproc)"
for r in $(seq 1 "$rounds"); do
  id=$(new_image)
  sync; sleep 2; dp=$(timed direct_put)
  sync; sleep 2; gp=$(timed glance_put "$id")
  sync; sleep 2; dg=$(timed direct_get)
  sync; sleep 2; gg=$(timed glance_get "$id")
  printf '%s\t%s\t%s\t%s\t%s\n' "$r" "$dp" "$gp" "$dg" "$gg"
  curl -s -o /dev/null -X DELETE -H "X-Auth-Token: $token" "http://127.0.0.1:9292/v2/images/$id"
done
curl -s -o /dev/null -X DELETE -H "X-Auth-Token: $token" "http://127.0.0.1:9292/v2/images/$warm"
echo "glance-api peak RSS: $(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$glance_pid/status") MiB (heap -Xmx128m)"
