#!/usr/bin/env bash
# The test command: brings MariaDB and RabbitMQ up (installing them if missing), installs the real
# OpenStack clients the end-to-end tests drive, then runs every test, end-to-end suites included.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ensure_mariadb
ensure_rabbitmq
ensure_openstack_clients
# the tests' own schema starts empty each run
as_root mariadb -e "DROP DATABASE IF EXISTS keystone_test; CREATE DATABASE keystone_test CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;"

cd "$STRATUS_ROOT"
exec mvn -B -ntp -Pe2e verify "$@"
