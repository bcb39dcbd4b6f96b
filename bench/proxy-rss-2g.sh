#!/usr/bin/env bash
# The proxy's memory while it takes a 2 GiB upload (issue 3: under 512 MiB, nothing buffers a whole object).
# Usage (local stack up): bash bench/proxy-rss-2g.sh
# The body is chunked (no Content-Length) straight from /dev/urandom, so neither side can size a buffer from it;
# the proxy's VmRSS is sampled every 0.5 s; the object is read back and its MD5 compared with the upload's.
set -euo pipefail
cd "$(dirname "$0")/.."
STRATUS_HOME="${STRATUS_HOME:-$HOME/.stratus}"
source "$STRATUS_HOME/openrc"
eval "$(swift auth)"
proxy_pid=$(cat "$STRATUS_HOME/run/swift-proxy.pid")
rss() { awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$proxy_pid/status"; }
work=$(mktemp -d /tmp/proxy-rss.XXXXXX)
trap 'rm -rf "$work"; kill "$sampler" 2>/dev/null || true' EXIT
curl -sf -X PUT -H "X-Auth-Token: $OS_AUTH_TOKEN" "$OS_STORAGE_URL/rss-2g" -o /dev/null
before=$(rss)
(while sleep 0.5; do rss; done) >"$work/samples" &
sampler=$!
t0=$(date +%s.%N)
sent=$(head -c 2147483648 /dev/urandom | tee >(md5sum | cut -d' ' -f1 >"$work/sent-md5") \
  | curl -sf -X PUT -H "X-Auth-Token: $OS_AUTH_TOKEN" -H 'Transfer-Encoding: chunked' -T - \
    -D - -o /dev/null "$OS_STORAGE_URL/rss-2g/2g" | tr -d '\r' | awk 'tolower($1) == "etag:" {print $2}')
t1=$(date +%s.%N)
kill "$sampler"
sleep 1
got=$(curl -sf -H "X-Auth-Token: $OS_AUTH_TOKEN" "$OS_STORAGE_URL/rss-2g/2g" | md5sum | cut -d' ' -f1)
peak=$(sort -n "$work/samples" | tail -1)
echo "proxy RSS before: $before MiB, peak during the upload: $peak MiB ($(wc -l <"$work/samples") samples)"
echo "upload: $(python3 -c "print(round(2048 / ($t1 - $t0), 1))") MB/s; ETag $sent; MD5 sent $(cat "$work/sent-md5"); MD5 read back $got"
[ "$sent" = "$(cat "$work/sent-md5")" ] && [ "$got" = "$sent" ] && echo "bytes intact" || { echo "MISMATCH"; exit 1; }
curl -sf -X DELETE -H "X-Auth-Token: $OS_AUTH_TOKEN" "$OS_STORAGE_URL/rss-2g/2g" -o /dev/null
