#!/usr/bin/env bash
# Usage (from anywhere): [DAEMONS=on|off] [SIT=/tmp/sit2] bash bench/sitting.sh — needs the swift-* packages for
# ../shared/bench/saio-up.sh; results in $SIT, the comparison (and the disk's bandwidth) in $SIT-compare.txt.
# DAEMONS=on (default): both systems run their background daemons during the load (Stratus: replicators, auditors,
# updater, expirer; Swift: object replicator, auditor, updaters — saio-up's SAIO_DAEMONS=1, no db replicators).
# DAEMONS=off: servers only on both sides. Sittings before 2026-12-05 ran Stratus with its jobs and Swift without.
# one sitting: Stratus then Swift 2.30.1, same machine, same client, same bench; nothing deleted
# during the sitting (CLEANUP=0), free memory touched once first, dirty pages written back before each measured run, and both systems
# warmed up the same way first (every phase of the measured run, 30 s each of the timed ones, then 30 s more of 4 KiB PUT: the JVMs
# compile their hot paths with C2, which takes one to two minutes of load here; Swift fills its caches).
# The warm-up runs every phase the measured run has, large bodies and the correctness checks included: when it ran
# only the 4 KiB phases, the measured run's own checks (a 64 MiB PUT and GET) sent the JVMs into recompiling their
# request paths during its first phase, the 4 KiB PUTs (2026-12-06: 3.9 s of compiler-thread CPU in those 20 s
# against 0.8 s without the checks; 7.5 ms of server CPU per PUT against 5.9). Swift goes through the same warm-up.
set -x
cd "$(dirname "$0")/.."
DAEMONS=${DAEMONS:-on}
WARM_PHASES="check put4k get4k head list put1m get1m put64m get64m"
SIT=${SIT:-/tmp/sit2}
case "$DAEMONS" in
  on) export SWIFT_BACKGROUND_JOBS=true SAIO_DAEMONS=1 ;;
  off) export SWIFT_BACKGROUND_JOBS=false SAIO_DAEMONS=0 ;;
  *) echo "DAEMONS must be on or off" >&2; exit 2 ;;
esac
# both systems start empty: a stack of its own for Stratus, a wiped SAIO for Swift
export STRATUS_HOME=$SIT-stack
rm -rf "$SIT" "$STRATUS_HOME"
# This VM pays ~2 ms per MiB the first time a guest page is used (measured: 4 GiB touched in 12.8 s,
# again in 5.6 s); page cache growth during a run then costs whichever system happens to be running.
# Touch all free memory once so both systems start from backed pages.
python3 -c '
import mmap
size = (int(open("/proc/meminfo").read().split("MemAvailable:")[1].split()[0]) * 1024 - (2 << 30)) & ~4095
m = mmap.mmap(-1, size)
for off in range(0, size, 4096):
    m[off] = 1
m.close()
'
deploy/local/stack.sh up
source "$STRATUS_HOME/openrc"; eval "$(swift auth)"
STORAGE_URL=$OS_STORAGE_URL TOKEN=$OS_AUTH_TOKEN CONCURRENCY=64 DURATION=30 PHASES="$WARM_PHASES" CLEANUP=0 LABEL=warmup OUT_DIR=$SIT/warm \
  SERVER_MATCH='swift-storage/target|swift-proxy/target' bash ../shared/bench/bench.sh > $SIT-warm.log 2>&1
STORAGE_URL=$OS_STORAGE_URL TOKEN=$OS_AUTH_TOKEN CONCURRENCY=64 DURATION=30 PHASES="put4k" CLEANUP=0 LABEL=warmup-put OUT_DIR=$SIT/warm-put \
  SERVER_MATCH='swift-storage/target|swift-proxy/target' bash ../shared/bench/bench.sh > $SIT-warm-put.log 2>&1
sync; sleep 10
STORAGE_URL=$OS_STORAGE_URL TOKEN=$OS_AUTH_TOKEN CONCURRENCY=64 DURATION=10 CLEANUP=0 LABEL=stratus OUT_DIR=$SIT/stratus \
  SERVER_MATCH='swift-storage/target|swift-proxy/target' bash ../shared/bench/bench.sh > $SIT-stratus.log 2>&1
deploy/local/stack.sh down
SAIO_RESET=1 SAIO_PROXY_PORT=18080 SAIO_PORT_BASE=16200 bash ../shared/bench/saio-up.sh > $SIT-saio-up.log 2>&1
AUTH_URL=http://127.0.0.1:18080/auth/v1.0 CONCURRENCY=64 DURATION=30 PHASES="$WARM_PHASES" CLEANUP=0 LABEL=warmup \
  OUT_DIR=$SIT/swift-warm SERVER_MATCH='swift-.*-server /tmp/saio/etc/' bash ../shared/bench/bench.sh > $SIT-swift-warm.log 2>&1
AUTH_URL=http://127.0.0.1:18080/auth/v1.0 CONCURRENCY=64 DURATION=30 PHASES="put4k" CLEANUP=0 LABEL=warmup-put \
  OUT_DIR=$SIT/swift-warm-put SERVER_MATCH='swift-.*-server /tmp/saio/etc/' bash ../shared/bench/bench.sh > $SIT-swift-warm-put.log 2>&1
sync; sleep 10
AUTH_URL=http://127.0.0.1:18080/auth/v1.0 CONCURRENCY=64 DURATION=10 CLEANUP=0 LABEL=swift-2.30.1 OUT_DIR=$SIT/swift \
  SERVER_MATCH='swift-.*-server /tmp/saio/etc/' bash ../shared/bench/bench.sh > $SIT-swift.log 2>&1
bash ../shared/bench/saio-down.sh > $SIT-saio-down.log 2>&1
# the disk's bandwidth in this sitting, for the 64 MiB PUT target (70 % of it over 3 replicas); last, so that its
# 6 GB of writes and deletes cannot disturb either system's run
bash bench/disk-bandwidth.sh /tmp 6 > $SIT-disk.txt 2>&1
bash ../shared/bench/bench-compare.sh $SIT/stratus/results.tsv $SIT/swift/results.tsv > $SIT-compare.txt 2>&1
cat $SIT-disk.txt >> $SIT-compare.txt
echo done
