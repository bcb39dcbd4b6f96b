#!/usr/bin/env bash
# One thread's MD5 and SHA-512 speed, OpenSSL (BodyDigest) against the JDK, under the services' JIT settings.
# Usage: bash bench/digest-speed.sh [BYTES]   (after mvn install; runs on an idle machine)
set -euo pipefail
cd "$(dirname "$0")/.."
jna=$(ls swift-proxy/target/quarkus-app/lib/main/net.java.dev.jna.jna-*.jar | head -1)
exec java -cp "swift-ring/target/classes:$jna" bench/DigestSpeed.java "$@"
