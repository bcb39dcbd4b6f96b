# Shared by stack.sh and run-tests.sh: bring MariaDB and RabbitMQ up on a Debian machine, and the
# project's database user and schemas. Sourced, not run.

STRATUS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STRATUS_HOME="${STRATUS_HOME:-$HOME/.stratus}"
STRATUS_DB_USER="${STRATUS_DB_USER:-stratus}"
STRATUS_DB_PASSWORD="${STRATUS_DB_PASSWORD:-stratus}"
# every schema a Stratus service owns, and the ones its tests use
STRATUS_SCHEMAS="keystone keystone_test glance glance_test nova nova_test nova_scheduler nova_scheduler_test"

log() { printf '[stratus] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_mariadb() {
  command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || apt_install mariadb-server
  if ! mariadb-admin ping >/dev/null 2>&1; then
    log "starting MariaDB"
    as_root mkdir -p /run/mysqld
    as_root chown mysql:mysql /run/mysqld
    as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
    local waited=0
    until mariadb-admin ping >/dev/null 2>&1; do
      sleep 0.5; waited=$((waited + 1))
      [ $waited -gt 120 ] && { log "MariaDB did not answer within 60 s"; return 1; }
    done
  fi
  local sql="CREATE USER IF NOT EXISTS '${STRATUS_DB_USER}'@'localhost' IDENTIFIED BY '${STRATUS_DB_PASSWORD}';
CREATE USER IF NOT EXISTS '${STRATUS_DB_USER}'@'127.0.0.1' IDENTIFIED BY '${STRATUS_DB_PASSWORD}';"
  for schema in $STRATUS_SCHEMAS; do
    sql="$sql
CREATE DATABASE IF NOT EXISTS \`$schema\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
GRANT ALL PRIVILEGES ON \`$schema\`.* TO '${STRATUS_DB_USER}'@'localhost';
GRANT ALL PRIVILEGES ON \`$schema\`.* TO '${STRATUS_DB_USER}'@'127.0.0.1';"
  done
  # root reaches MariaDB through the local socket only (no TCP login on a fresh Debian)
  as_root mariadb -e "$sql"
}

ensure_rabbitmq() {
  command -v rabbitmq-server >/dev/null 2>&1 || apt_install rabbitmq-server
  if ! as_root rabbitmqctl -q status >/dev/null 2>&1; then
    log "starting RabbitMQ"
    as_root rabbitmq-server -detached >/dev/null 2>&1 || true
  fi
  local waited=0
  until as_root rabbitmqctl -q await_startup --timeout 5 >/dev/null 2>&1; do
    sleep 1; waited=$((waited + 1))
    [ $waited -gt 90 ] && { log "RabbitMQ did not answer within ~3 min"; return 1; }
  done
  return 0
}

ensure_openstack_clients() {
  # and what the Nova tests use: qemu-img, ssh-keygen, libvirt's library (its test:///default hypervisor runs in process)
  apt_install python3-openstackclient python3-openstacksdk python3-swiftclient qemu-utils openssh-client libvirt0
}

# wait_http URL SECONDS: until the URL answers at all (any HTTP status)
wait_http() {
  local url="$1" limit="${2:-60}" waited=0
  until curl -s -o /dev/null "$url"; do
    sleep 0.5; waited=$((waited + 1))
    [ $waited -gt $((limit * 2)) ] && return 1
  done
  return 0
}

# the e2e suites' check: check "what" command... runs it, counts it in $passed or $failed, shows a
# failure's output and a slow check's time (the suite sets $work, a scratch folder)
passed=0; failed=0
check() {
  local what="$1" started=$SECONDS; shift
  if "$@" >"$work/out" 2>&1; then
    [ $((SECONDS - started)) -lt 10 ] || echo "($what: $((SECONDS - started)) s)"
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); echo "FAILED: $what"; sed 's/^/    /' "$work/out" | head -20
  fi
}
