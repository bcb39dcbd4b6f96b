#!/usr/bin/env bash
# Usage (from anywhere): [DAEMONS=on|off] [SIT=/tmp/sit2] bash bench/sitting.sh — needs the swift-* packages for
# ../shared/bench/saio-up.sh; results in $SIT, the comparison (and the disk's bandwidth) in $SIT-compare.txt.
# DAEMONS=on (default): both systems run their background daemons during the load (Stratus: replicators, auditors,
# updater, expirer; Swift: object replicator, auditor, updaters — saio-up's SAIO_DAEMONS=1, no db replicators).
# DAEMONS=off: servers only on both sides. Sittings before 2026-12-05 ran Stratus with its jobs and Swift without.
# one sitting: Stratus then Swift 2.30.1, same machine, same client, same bench; nothing deleted
# during the sitting (CLEANUP=0), free memory touched once first, dirty pages written back before each measured run,
# and both systems warmed up the same way first, for as long as Stratus's JIT compilers needed (warm in bench/sitting-lib.sh).
# bench/paired.sh measures the 4 KiB phases of both systems in alternation instead, both stacks up at once.
set -x
cd "$(dirname "$0")/.."
source bench/sitting-lib.sh
sitting_daemons "${DAEMONS:-on}"
SIT=${SIT:-/tmp/sit2}
# both systems start empty: a stack of its own for Stratus, a wiped SAIO for Swift
rm -rf "$SIT" "$SIT-stack" "$SIT-warmup.txt"; mkdir -p "$SIT"
touch_free_memory
stratus_up
runs=$(warm stratus)
sync; sleep 10
measure stratus stratus "$SIT/stratus" 10 "check put4k populate get4k head list put1m get1m put64m get64m"
deploy/local/stack.sh down
swift_up
warm swift $runs
sync; sleep 10
measure swift swift-2.30.1 "$SIT/swift" 10 "check put4k populate get4k head list put1m get1m put64m get64m"
bash ../shared/bench/saio-down.sh > "$SIT-saio-down.log" 2>&1
# the disk's bandwidth in this sitting, for the 64 MiB PUT target (70 % of it over 3 replicas); last, so that its
# 6 GB of writes and deletes cannot disturb either system's run
bash bench/disk-bandwidth.sh /tmp 6 > "$SIT-disk.txt" 2>&1
bash ../shared/bench/bench-compare.sh "$SIT/stratus/results.tsv" "$SIT/swift/results.tsv" > "$SIT-compare.txt" 2>&1
grep -h '^jit_compile_cpu' "$SIT/stratus/results.tsv" >> "$SIT-compare.txt"
cat "$SIT-warmup.txt" "$SIT-disk.txt" >> "$SIT-compare.txt"
echo done
