#!/usr/bin/env bash
# Tokens issued per second by keystone-lite's `token` method (POST /v3/auth/tokens exchanging a
# token for a project-scoped one), with wrk against a running stack.
# Usage: source ~/.stratus/openrc; bench/token-issue.sh [connections] [duration]
set -euo pipefail
: "${OS_AUTH_URL:?source the openrc of the stack first}"
conns="${1:-16}"; duration="${2:-20s}"
token=$(openstack token issue -f value -c id)
project=$(openstack token issue -f value -c project_id)
lua=$(mktemp --suffix=.lua)
trap 'rm -f "$lua"' EXIT
cat >"$lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"auth":{"identity":{"methods":["token"],"token":{"id":"$token"}},"scope":{"project":{"id":"$project"}}}}'
done = function(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
LUA
wrk -t 2 -c "$conns" -d "$duration" --latency -s "$lua" "${OS_AUTH_URL%/}/auth/tokens?nocatalog"
