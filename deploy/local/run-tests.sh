#!/usr/bin/env bash
# The test command: brings MariaDB and RabbitMQ up (installing them if missing), installs the real
# OpenStack clients the end-to-end tests drive, then runs every test, end-to-end suites included.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# the end-to-end suites hold a 1 GiB image several times over (three Swift replicas, the S3 endpoint,
# client copies); a full disk shows up as failed or stalled uploads far from its cause, so say it here
free_gib=$(( $(df -Pk "${TMPDIR:-/tmp}" | awk 'NR == 2 {print $4}') / 1048576 ))
if [ "$free_gib" -lt 8 ]; then
  log "only $free_gib GiB free under ${TMPDIR:-/tmp}: the tests need 8 GiB (free some, or point TMPDIR elsewhere)"
  exit 1
fi
ensure_mariadb
ensure_rabbitmq
ensure_openstack_clients
# the tests' own schema starts empty each run
for schema in keystone_test glance_test nova_test nova_scheduler_test; do
  as_root mariadb -e "DROP DATABASE IF EXISTS $schema; CREATE DATABASE $schema CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;"
done

# an S3 endpoint (OpenStack Swift's s3api) for the Glance S3 store's tests
export STRATUS_S3_ENDPOINT=http://127.0.0.1:18300
S3_DIR=$(mktemp -d "${TMPDIR:-/tmp}/stratus-s3.XXXXXX")
export S3_DIR
trap 'deploy/local/s3-endpoint.sh down; rm -rf "$S3_DIR"' EXIT
cd "$STRATUS_ROOT"
deploy/local/s3-endpoint.sh up
mvn -B -ntp -Pe2e verify "$@"

# the whole stack, as an operator starts it, driven by the real swift and openstack clients
for port in 5000 6200 6210 6220 8080 8774 8790 8791 8792 8793 8795 9191 9292; do
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    log "port $port is taken (a running stack?): stop it (deploy/local/stack.sh down) to run the stack end-to-end tests"
    exit 1
  fi
done
export STRATUS_HOME
STRATUS_HOME=$(mktemp -d "${TMPDIR:-/tmp}/stratus-e2e.XXXXXX")
# the auditor's figure is measured on demand at a pace a CI run can wait for; its background passes stay out of the other suites' way
export SWIFT_AUDIT_FILES_PER_SECOND=200 SWIFT_AUDIT_BYTES_PER_SECOND=20000000 SWIFT_AUDIT_INTERVAL=1h
trap 'deploy/local/stack.sh down >/dev/null 2>&1; rm -rf "$STRATUS_HOME"; deploy/local/s3-endpoint.sh down; rm -rf "$S3_DIR"' EXIT
deploy/local/stack.sh up >/dev/null
# bounded, so a stalled client fails the run with its suite's name instead of running into CI's limit
e2e() { # e2e MINUTES COMMAND...
  local status=0
  timeout --foreground "${1}m" "${@:2}" || status=$?
  [ "$status" -ne 124 ] || log "$2 did not finish within $1 minutes"
  return "$status"
}
e2e 15 deploy/local/e2e-swift.sh
e2e 40 deploy/local/e2e-glance.sh
e2e 10 deploy/local/e2e-nova.sh
# boots in flight while a scheduler and a compute process are killed and RabbitMQ restarts: none is lost
e2e 10 env NOVA_BOOT_DISTURB=1 bench/nova-boot.sh 200 10 4
# a real guest under QEMU (libvirtd started here, installed if missing)
e2e 10 deploy/local/e2e-nova-qemu.sh
# last: it kills storage nodes, damages their disks and adds a fourth node to the rings
e2e 15 deploy/local/e2e-swift-durability.sh
