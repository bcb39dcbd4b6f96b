#!/usr/bin/env bash
# A small S3 endpoint on loopback for the S3 store's tests: OpenStack Swift (Debian's packages) with its
# in-tree s3api middleware, one node, one replica, tempauth. Access key `glance:s3`, secret `s3-secret`.
#   deploy/local/s3-endpoint.sh up|down      (S3_DIR, default /tmp/stratus-s3; S3_PORT, default 18300)
# Swift 2.30 reads /etc/swift/swift.conf whatever its config says, so the servers run in a private
# mount namespace with S3_DIR/etc over /etc/swift: the host's /etc is never read or written.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

S3_DIR=${S3_DIR:-/tmp/stratus-s3}
S3_PORT=${S3_PORT:-18300}
OBJECT_PORT=$((S3_PORT + 1)) CONTAINER_PORT=$((S3_PORT + 2)) ACCOUNT_PORT=$((S3_PORT + 3)) MEMCACHED_PORT=$((S3_PORT + 4))
E="$S3_DIR/etc"

down() {
  local pids=()
  for pid_file in "$S3_DIR"/run/*.pid; do
    [ -e "$pid_file" ] && pids+=("$(cat "$pid_file")")
  done
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null
  for _ in $(seq 1 40); do # gone before the caller removes S3_DIR
    kill -0 "${pids[@]}" 2>/dev/null || break
    sleep 0.25
  done
  rm -f "$S3_DIR"/run/*.pid
  return 0
}

die() { log "$*"; exit 1; }
answers() { curl -fs -o /dev/null -m 2 "http://127.0.0.1:$S3_PORT/healthcheck"; }

up() {
  apt_install swift swift-proxy swift-account swift-container swift-object memcached
  answers && return 0
  down
  local user=root
  id swift >/dev/null 2>&1 && user=swift
  mkdir -p "$E" "$S3_DIR/run" "$S3_DIR/log" "$S3_DIR/srv/s3dev"
  chmod 755 "$S3_DIR"
  chown "$user": "$S3_DIR/srv" "$S3_DIR/srv/s3dev"
  [ -s "$E/swift.conf" ] || cat >"$E/swift.conf" <<EOF
[swift-hash]
swift_hash_path_prefix = $(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
swift_hash_path_suffix = $(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')

[storage-policy:0]
name = Policy-0
default = yes
EOF
  cat >"$E/proxy-server.conf" <<EOF
[DEFAULT]
bind_ip = 127.0.0.1
bind_port = $S3_PORT
workers = 1
user = $user
swift_dir = $E
log_udp_host = 127.0.0.1
log_udp_port = 9

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:s3api]
use = egg:swift#s3api

[filter:tempauth]
use = egg:swift#tempauth
user_glance_s3 = s3-secret .admin

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$MEMCACHED_PORT

[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
EOF
  local kind port
  for kind in object container account; do
    case $kind in object) port=$OBJECT_PORT ;; container) port=$CONTAINER_PORT ;; account) port=$ACCOUNT_PORT ;; esac
    cat >"$E/$kind-server.conf" <<EOF
[DEFAULT]
devices = $S3_DIR/srv
mount_check = false
bind_ip = 127.0.0.1
bind_port = $port
workers = 1
user = $user
swift_dir = $E
log_udp_host = 127.0.0.1
log_udp_port = 9

[pipeline:main]
pipeline = $kind-server

[app:$kind-server]
use = egg:swift#$kind
EOF
    if [ ! -s "$E/$kind.ring.gz" ]; then
      swift-ring-builder "$E/$kind.builder" create 6 1 1 >/dev/null
      swift-ring-builder "$E/$kind.builder" add "r1z1-127.0.0.1:$port/s3dev" 100 >/dev/null
      swift-ring-builder "$E/$kind.builder" rebalance >/dev/null || true
    fi
  done
  mkdir -p /etc/swift
  {
    echo "set -e"
    echo "mount --bind $E /etc/swift"
    echo "setsid memcached -u memcache -l 127.0.0.1 -p $MEMCACHED_PORT -U 0 -m 64 >$S3_DIR/log/memcached.out 2>&1 </dev/null & echo \$! >$S3_DIR/run/memcached.pid"
    for kind in account container object proxy; do
      echo "setsid swift-$kind-server $E/$kind-server.conf >$S3_DIR/log/$kind.out 2>&1 </dev/null & echo \$! >$S3_DIR/run/$kind.pid"
    done
  } >"$S3_DIR/run/start.sh"
  as_root unshare --mount --propagation private -- sh "$S3_DIR/run/start.sh"
  for _ in $(seq 1 240); do answers && break; sleep 0.25; done
  answers || { tail -n 20 "$S3_DIR"/log/*.out >&2; die "the S3 endpoint on port $S3_PORT did not answer"; }
  log "S3 endpoint: http://127.0.0.1:$S3_PORT (access key glance:s3, secret s3-secret)"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
