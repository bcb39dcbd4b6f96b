#!/usr/bin/env bash
# Tokens validated per second by common's TokenValidator (in process, no HTTP), cached and uncached.
# Usage: bench/token-validation.sh [threads] [seconds per phase]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -pl common -DskipTests test-compile
mvn -B -q -ntp -pl common dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
exec java -cp "common/target/test-classes:common/target/classes:$(cat common/target/bench.classpath)" \
  io.stratus.common.bench.TokenValidationBench "${1:-2}" "${2:-10}"
