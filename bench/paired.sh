#!/usr/bin/env bash
# Usage (from anywhere): [ROUNDS=4] [DURATION=10] [PHASES=put4k] [DAEMONS=off] [SIT=/tmp/pair1] bash bench/paired.sh
# The 4 KiB targets compare two runs; in bench/sitting.sh those run about eight minutes apart, and this VM's
# speed drifts over minutes (the same build took 3.0 to 7.0 ms of server CPU per 4 KiB PUT in different
# sittings, Swift 15.8 to 28.9 ms). Here both systems are up at once and measured in alternation, the order
# flipped each round (Stratus first in odd rounds, Swift first in even ones), so each round's ratio compares
# runs taken seconds apart. Both are warmed up as in a sitting first; each run writes a fresh container.
# The table's jit column is the seconds Stratus's JIT compilers ran during its run (see warm in sitting-lib.sh).
# Results: $SIT/rN-{stratus,swift}/results.tsv, the per-round table and medians in $SIT-paired.txt.
set -x
cd "$(dirname "$0")/.."
source bench/sitting-lib.sh
sitting_daemons "${DAEMONS:-off}"
SIT=${SIT:-/tmp/pair1}
ROUNDS=${ROUNDS:-4}
DURATION=${DURATION:-10}
PHASES=${PHASES:-put4k}
rm -rf "$SIT" "$SIT-stack" "$SIT-warmup.txt"; mkdir -p "$SIT"
touch_free_memory
stratus_up
swift_up
# shellcheck disable=SC2046
warm swift $(warm stratus)
for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) = 1 ]; then order="stratus swift"; else order="swift stratus"; fi
  for system in $order; do
    sync; sleep 5
    measure "$system" "$system" "$SIT/r$round-$system" "$DURATION" "$PHASES"
  done
done
deploy/local/stack.sh down
bash ../shared/bench/saio-down.sh > "$SIT-saio-down.log" 2>&1
set +x
metric() { awk -F'\t' -v m="$2" '$1==m{print $2}' "$1/results.tsv"; }
{
  echo "# paired rounds: $ROUNDS x $DURATION s per system, concurrency 64, phases: $PHASES; ratio = Stratus / Swift"
  for phase in put_4k get_4k; do
    [ -n "$(metric "$SIT/r1-stratus" "${phase}_ops")" ] || continue
    printf '%-6s %-8s %10s %10s %7s %9s %9s %7s %9s %9s %6s\n' round first "${phase}_st" "${phase}_sw" "x" "cpu_st" "cpu_sw" "cpu_r" "p99_st" "p99_sw" jit_st
    for round in $(seq 1 "$ROUNDS"); do
      st=$SIT/r$round-stratus; sw=$SIT/r$round-swift
      if [ $((round % 2)) = 1 ]; then first=stratus; else first=swift; fi
      awk -v r="$round" -v f="$first" -v so="$(metric "$st" "${phase}_ops")" -v wo="$(metric "$sw" "${phase}_ops")" \
          -v sc="$(metric "$st" "${phase}_server_cpu_per_op")" -v wc="$(metric "$sw" "${phase}_server_cpu_per_op")" \
          -v sp="$(metric "$st" "${phase}_p99")" -v wp="$(metric "$sw" "${phase}_p99")" -v j="$(metric "$st" jit_compile_cpu)" \
          'BEGIN{printf "%-6s %-8s %10s %10s %7.2f %9s %9s %7.3f %9s %9s %6s\n", r, f, so, wo, so/wo, sc, wc, sc/wc, sp, wp, j}'
    done | tee "$SIT/$phase.rows"
    sort -n -k5 "$SIT/$phase.rows" | awk '{a[NR]=$5} END{m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "median ops ratio %.2f (min %.2f, max %.2f)\n", m, a[1], a[NR]}'
    sort -n -k8 "$SIT/$phase.rows" | awk '{a[NR]=$8} END{m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "median cpu ratio %.3f (min %.3f, max %.3f)\n", m, a[1], a[NR]}'
  done
  cat "$SIT-warmup.txt"
} > "$SIT-paired.txt"
cat "$SIT-paired.txt"
