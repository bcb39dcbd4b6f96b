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
# service name, port, health path, JVM heap: one line each; later issues add theirs
SERVICES="keystone-lite 5000 /v3 96m"

jar_of() { echo "$STRATUS_ROOT/$1/target/quarkus-app/quarkus-run.jar"; }

build_if_needed() {
  local stale=no
  for svc in cli $(echo "$SERVICES" | awk '{print $1}'); do
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
  local name="$1" port="$2" health="$3" heap="$4"
  if running "$name"; then
    log "$name already running (pid $(cat "$RUN_DIR/$name.pid"))"
  else
    log "starting $name on port $port"
    STRATUS_HOME="$STRATUS_HOME" nohup java -Xmx"$heap" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k \
      -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=48m \
      -Dquarkus.http.port="$port" -jar "$(jar_of "$name")" >"$LOG_DIR/$name.log" 2>&1 &
    echo $! >"$RUN_DIR/$name.pid"
  fi
  if ! wait_http "http://$HOST:$port$health" 90; then
    log "$name did not answer on port $port; see $LOG_DIR/$name.log"
    tail -20 "$LOG_DIR/$name.log" >&2 || true
    return 1
  fi
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
  build_if_needed
  while read -r name port health heap; do
    [ -n "$name" ] && start_service "$name" "$port" "$health" "$heap"
  done <<<"$SERVICES"
  log "bootstrapping the admin and the catalog"
  STRATUS_ADMIN_PASSWORD="$(admin_password)" "$STRATUS_ROOT/bin/stratus" bootstrap \
    --bootstrap-public-url "http://$HOST:5000/v3/" >/dev/null
  local rc; rc=$(write_openrc)
  cat <<MSG

Stratus is up. To use the openstack CLI against it:

    source $rc
    openstack token issue
    openstack catalog list

Logs: $LOG_DIR   Status: deploy/local/stack.sh status   Stop: deploy/local/stack.sh down
MSG
}

down() {
  while read -r name port health heap; do
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
  while read -r name port health heap; do
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
