#!/usr/bin/env bash
# The all-in-one local stack: `stack.sh up|down|status`.
# up: installs and starts MariaDB and RabbitMQ if needed, builds, starts every Stratus service in the
# background (logs in $STRATUS_HOME/logs), bootstraps the admin and writes $STRATUS_HOME/openrc.
# Running it again is harmless: what runs stays running, and the bootstrap only repairs.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

RUN_DIR="$STRATUS_HOME/run"
LOG_DIR="$STRATUS_HOME/logs"
HOST="${STRATUS_HOST:-127.0.0.1}"
SWIFT_DIR="$STRATUS_HOME/swift"
# every storage node: the rings (for its replicators) and the auditor's pace (Swift's defaults unless set)
STORAGE_OPTS="-Dswift.storage.ring-dir=$SWIFT_DIR/rings -Dswift.storage.audit-files-per-second=${SWIFT_AUDIT_FILES_PER_SECOND:-20}
 -Dswift.storage.audit-bytes-per-second=${SWIFT_AUDIT_BYTES_PER_SECOND:-10000000} -Dswift.storage.audit-interval=${SWIFT_AUDIT_INTERVAL:-30s}
 -Dswift.storage.background-jobs=${SWIFT_BACKGROUND_JOBS:-true}"
STORAGE_OPTS=$(echo $STORAGE_OPTS)
# instance, module, port, health path, JVM heap, extra JVM options: one line each; later issues add theirs
SERVICES="keystone-lite keystone-lite 5000 /v3 96m
swift-storage-1 swift-storage 6200 /q/health/live 64m -Dswift.storage.devices=$SWIFT_DIR/node1 $STORAGE_OPTS
swift-storage-2 swift-storage 6210 /q/health/live 64m -Dswift.storage.devices=$SWIFT_DIR/node2 $STORAGE_OPTS
swift-storage-3 swift-storage 6220 /q/health/live 64m -Dswift.storage.devices=$SWIFT_DIR/node3 $STORAGE_OPTS
swift-proxy swift-proxy 8080 /info 128m -Dswift.proxy.ring-dir=$SWIFT_DIR/rings
glance-registry glance-registry 9191 /q/health/live 96m
glance-api glance-api 9292 /q/health/live 128m -Dglance.store=${GLANCE_STORE:-swift}
nova-api nova-api 8774 /q/health/live 96m
nova-scheduler-1 nova-scheduler 8791 /q/health/live 96m
nova-scheduler-2 nova-scheduler 8792 /q/health/live 96m
nova-compute nova-compute 8790 /q/health/live 96m -Dnova.compute.libvirt-uri=${NOVA_COMPUTE_LIBVIRT_URI:-test:///default} -Dnova.compute.instances-dir=$STRATUS_HOME/nova/instances"

jar_of() { echo "$STRATUS_ROOT/$1/target/quarkus-app/quarkus-run.jar"; }

build_if_needed() {
  local stale=no
  for svc in cli $(echo "$SERVICES" | awk '{print $2}' | sort -u); do
    local jar; jar=$(jar_of "$svc")
    if [ ! -f "$jar" ] || [ -n "$(find "$STRATUS_ROOT" -path '*/target' -prune -o \( -name '*.java' -o -name 'pom.xml' -o -name '*.properties' -o -name '*.sql' \) -newer "$jar" -print -quit)" ]; then
      stale=yes
    fi
  done
  if [ "$stale" = yes ]; then
    log "building (mvn package, tests skipped: run deploy/local/run-tests.sh for those)"
    (cd "$STRATUS_ROOT" && mvn -B -q -ntp -DskipTests package)
  fi
}

running() {
  local pidfile="$RUN_DIR/$1.pid"
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

start_service() {
  local name="$1" module="$2" port="$3" health="$4" heap="$5"
  shift 5
  if running "$name"; then
    log "$name already running (pid $(cat "$RUN_DIR/$name.pid"))"
  else
    log "starting $name on port $port"
    # the JVM's full tiered JIT: C2 costs CPU for its first minute under load, then gives Swift's nodes and
    # proxy ~30% less CPU per request than C1 alone (measured: PUT 4 KiB 4.4 -> 3.1 ms/op) for ~200 MiB more
    # peak RSS across them; STRATUS_JIT_FLAGS=-XX:TieredStopAtLevel=1 keeps C1 only (smaller, quicker to warm)
    # shellcheck disable=SC2068
    STRATUS_HOME="$STRATUS_HOME" SWIFT_HASH_PATH_PREFIX="$(hash_secret prefix)" SWIFT_HASH_PATH_SUFFIX="$(hash_secret suffix)" \
      nohup java -Xmx"$heap" -XX:+UseSerialGC ${STRATUS_JIT_FLAGS-} -Xss512k \
      -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=48m \
      -Dquarkus.http.port="$port" "$@" -jar "$(jar_of "$module")" >"$LOG_DIR/$name.log" 2>&1 &
    echo $! >"$RUN_DIR/$name.pid"
  fi
  if ! wait_http "http://$HOST:$port$health" 90; then
    log "$name did not answer on port $port; see $LOG_DIR/$name.log"
    tail -20 "$LOG_DIR/$name.log" >&2 || true
    return 1
  fi
}

# the cluster's hash path secrets (swift.conf): made once, the same for every node and the proxy
hash_secret() {
  local file="$SWIFT_DIR/hash-path-$1"
  if [ ! -s "$file" ]; then
    mkdir -p "$SWIFT_DIR"
    (umask 077; head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$file")
  fi
  cat "$file"
}

# three storage nodes, one device each, in three zones; rings built on first start
build_rings() {
  local rings="$SWIFT_DIR/rings"
  for n in 1 2 3; do mkdir -p "$SWIFT_DIR/node$n/d$n"; done
  [ -f "$rings/object.ring.gz" ] && return 0
  log "building the account, container and object rings"
  mkdir -p "$rings"
  for kind in account container object; do
    "$STRATUS_ROOT/bin/stratus" ring create "$rings/$kind.builder" 10 3 1 >/dev/null
    "$STRATUS_ROOT/bin/stratus" ring add "$rings/$kind.builder" r1z1-127.0.0.1:6200/d1 100 r1z2-127.0.0.1:6210/d2 100 \
      r1z3-127.0.0.1:6220/d3 100 >/dev/null
    "$STRATUS_ROOT/bin/stratus" ring rebalance "$rings/$kind.builder" >/dev/null
  done
}

# glance-api's own user (the service project), for the registry and its Swift store
glance_password() {
  local file="$STRATUS_HOME/glance-password"
  if [ ! -s "$file" ]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$file")
  fi
  cat "$file"
}

admin_password() {
  local file="$STRATUS_HOME/admin-password"
  if [ ! -s "$file" ]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$file")
  fi
  cat "$file"
}

write_openrc() {
  local rc="$STRATUS_HOME/openrc"
  (umask 077; cat >"$rc" <<RC
# Stratus local stack: source this file, then use the openstack CLI.
export OS_AUTH_URL=http://$HOST:5000/v3
export OS_IDENTITY_API_VERSION=3
export OS_USERNAME=admin
export OS_PASSWORD=$(admin_password)
export OS_PROJECT_NAME=admin
export OS_USER_DOMAIN_NAME=Default
export OS_PROJECT_DOMAIN_NAME=Default
export OS_REGION_NAME=RegionOne
export OS_INTERFACE=public
RC
  )
  echo "$rc"
}

up() {
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  ensure_mariadb
  ensure_rabbitmq
  # the compute host's libvirt library and qemu-img; its hypervisor is libvirt's in-process test driver
  # unless NOVA_COMPUTE_LIBVIRT_URI names a real one (qemu:///system where libvirtd runs)
  apt_install libvirt0 qemu-utils
  build_if_needed
  build_rings
  GLANCE_SERVICE_PASSWORD="$(glance_password)"
  export GLANCE_SERVICE_PASSWORD
  while read -r name module port health heap extra; do
    # shellcheck disable=SC2086
    [ -n "$name" ] && start_service "$name" "$module" "$port" "$health" "$heap" $extra
  done <<<"$SERVICES"
  log "bootstrapping the admin and the catalog"
  STRATUS_ADMIN_PASSWORD="$(admin_password)" "$STRATUS_ROOT/bin/stratus" bootstrap \
    --bootstrap-public-url "http://$HOST:5000/v3/" \
    --endpoint 'object-store=http://'"$HOST"':8080/v1/AUTH_$(project_id)s' \
    --endpoint "image=http://$HOST:9292" --endpoint "compute=http://$HOST:8774/v2.1" --service-user "glance=$(glance_password)" >/dev/null
  local rc; rc=$(write_openrc)
  cat <<MSG

Stratus is up. To use the openstack CLI against it:

    source $rc
    openstack token issue
    openstack catalog list
    swift stat
    openstack image list
    openstack flavor list

Logs: $LOG_DIR   Status: deploy/local/stack.sh status   Stop: deploy/local/stack.sh down
MSG
}

down() {
  while read -r name module port health heap extra; do
    [ -z "$name" ] && continue
    if running "$name"; then
      log "stopping $name"
      kill "$(cat "$RUN_DIR/$name.pid")" 2>/dev/null || true
      for _ in $(seq 1 40); do running "$name" || break; sleep 0.25; done
      running "$name" && kill -9 "$(cat "$RUN_DIR/$name.pid")" 2>/dev/null || true
    fi
    rm -f "$RUN_DIR/$name.pid"
  done <<<"$SERVICES"
}

status() {
  printf '%-16s %-6s %-8s %s\n' SERVICE PORT PID ANSWERS
  while read -r name module port health heap extra; do
    [ -z "$name" ] && continue
    local pid="-" answers=no
    running "$name" && pid=$(cat "$RUN_DIR/$name.pid")
    curl -s -o /dev/null "http://$HOST:$port$health" && answers=yes
    printf '%-16s %-6s %-8s %s\n' "$name" "$port" "$pid" "$answers"
  done <<<"$SERVICES"
  printf '%-16s %-6s %-8s %s\n' mariadb 3306 - "$(mariadb-admin ping >/dev/null 2>&1 && echo yes || echo no)"
  printf '%-16s %-6s %-8s %s\n' rabbitmq 5672 - "$(as_root rabbitmqctl -q status >/dev/null 2>&1 && echo yes || echo no)"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
