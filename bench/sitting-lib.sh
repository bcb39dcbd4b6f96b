# Shared steps of bench/sitting.sh and bench/paired.sh; source it from the repository's top folder with SIT set.
# Stratus runs from its own stack ($SIT-stack), Swift 2.30.1 from a wiped SAIO on ports 18080 and 16200+.
WARM_PHASES="check put4k get4k head list put1m get1m put64m get64m"
STRATUS_MATCH='swift-storage/target|swift-proxy/target'
SWIFT_MATCH='swift-.*-server /tmp/saio/etc/'
SWIFT_AUTH_URL=http://127.0.0.1:18080/auth/v1.0

sitting_daemons() {
  case "$1" in
    on) export SWIFT_BACKGROUND_JOBS=true SAIO_DAEMONS=1 ;;
    off) export SWIFT_BACKGROUND_JOBS=false SAIO_DAEMONS=0 ;;
    *) echo "DAEMONS must be on or off" >&2; exit 2 ;;
  esac
}

# This VM pays ~2 ms per MiB the first time a guest page is used (measured: 4 GiB touched in 12.8 s,
# again in 5.6 s); page cache growth during a run then costs whichever system happens to be running.
# Touch all free memory once so both systems start from backed pages.
touch_free_memory() {
  python3 -c '
import mmap
size = (int(open("/proc/meminfo").read().split("MemAvailable:")[1].split()[0]) * 1024 - (2 << 30)) & ~4095
m = mmap.mmap(-1, size)
for off in range(0, size, 4096):
    m[off] = 1
m.close()
'
}

stratus_up() {
  export STRATUS_HOME=$SIT-stack
  deploy/local/stack.sh up
  # shellcheck disable=SC1091
  source "$STRATUS_HOME/openrc"; eval "$(swift auth)"
}

swift_up() {
  SAIO_RESET=1 SAIO_PROXY_PORT=18080 SAIO_PORT_BASE=16200 bash ../shared/bench/saio-up.sh > "$SIT-saio-up.log" 2>&1
}

# bench_stratus LABEL OUT_DIR DURATION PHASES: one bench.sh run against the Stratus stack (stratus_up first)
bench_stratus() {
  STORAGE_URL=$OS_STORAGE_URL TOKEN=$OS_AUTH_TOKEN CONCURRENCY=64 DURATION=$3 PHASES="$4" CLEANUP=0 LABEL=$1 OUT_DIR=$2 \
    SERVER_MATCH="$STRATUS_MATCH" bash ../shared/bench/bench.sh > "$2.log" 2>&1
}

# bench_swift LABEL OUT_DIR DURATION PHASES: the same against the SAIO
bench_swift() {
  AUTH_URL=$SWIFT_AUTH_URL CONCURRENCY=64 DURATION=$3 PHASES="$4" CLEANUP=0 LABEL=$1 OUT_DIR=$2 \
    SERVER_MATCH="$SWIFT_MATCH" bash ../shared/bench/bench.sh > "$2.log" 2>&1
}

# jit_seconds SYSTEM: CPU seconds so far of the JIT compiler threads of that system's servers (0 for Swift,
# which has none). Compiling is part of a JVM's server CPU: a run that catches the compilers at work shows
# their cost in its CPU per operation.
jit_seconds() {
  local match=$STRATUS_MATCH; [ "$1" = swift ] && match=$SWIFT_MATCH
  python3 - "$match" <<'PY'
import os, re, sys
ticks = 0
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        if not re.search(sys.argv[1], open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")):
            continue
        for tid in os.listdir(f"/proc/{pid}/task"):
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
            if re.match(r"C\d CompilerThre", stat[stat.index("(") + 1:]):
                fields = stat[stat.rindex(")") + 2:].split()
                ticks += int(fields[11]) + int(fields[12])
    except OSError:
        pass
print(f"{ticks / os.sysconf('SC_CLK_TCK'):.2f}")
PY
}

# measure SYSTEM LABEL OUT_DIR DURATION PHASES: bench_SYSTEM, then the compilers' CPU during it added to its
# results.tsv as jit_compile_cpu (seconds)
measure() {
  local before; before=$(jit_seconds "$1")
  "bench_$1" "$2" "$3" "$4" "$5"
  printf 'jit_compile_cpu\t%s\ts\n' "$(awk -v a="$before" -v b="$(jit_seconds "$1")" 'BEGIN{printf "%.2f", b - a}')" >> "$3/results.tsv"
}

# settle SYSTEM NAME [CHUNKS]: 30 s runs of 4 KiB PUT, CHUNKS of them when given, else until the servers' JIT
# compilers used under 1.5 s in one (at most 10); prints the number of runs
settle() {
  local n=0 before used
  while :; do
    n=$((n + 1)); before=$(jit_seconds "$1")
    "bench_$1" warmup-put "$SIT/$1-$2-$n" 30 put4k
    used=$(awk -v a="$before" -v b="$(jit_seconds "$1")" 'BEGIN{print b - a}')
    echo "settle $1 $2 run $n: JIT compilers used $used s" >> "$SIT-warmup.txt"
    if [ -n "${3:-}" ]; then [ "$n" -ge "$3" ] && break; else awk -v u="$used" 'BEGIN{exit !(u < 1.5)}' && break; fi
    [ "$n" -ge 10 ] && break
  done
  echo "$n"
}

# warm SYSTEM [RUNS_1 RUNS_2]: both systems get the same warm-up before they are measured. Every phase of a
# measured run first, 30 s each of the timed ones (large bodies and correctness checks included: when the
# warm-up ran only the 4 KiB phases, the measured run's own checks sent the JVMs into recompiling their request
# paths during its first phase). Then 4 KiB PUTs until the JIT compilers are done, then the checks once more
# (their 64 MiB bodies take branches the PUT path's compiled code never saw: it is deoptimised and compiled
# again) and PUTs until the compilers are quiet again. On this 2-core VM four JVMs compile the same code
# at once: the first 80 s of PUT load spent about 40 % of the server CPU in the compilers (2026-12-07:
# 6.5 ms of server CPU per PUT in the first 20 s, 2.2 ms from the fifth 20 s on), and the 30 s of PUTs
# this warm-up used to end with left the sittings' measured runs between 3.0 and 7.0 ms. With RUNS_1 and
# RUNS_2 (the counts an earlier warm SYSTEM echoed) the PUT runs are that many instead, so that Swift gets
# exactly the warm-up Stratus needed.
warm() {
  local first second
  "bench_$1" warmup "$SIT/$1-warm" 30 "$WARM_PHASES"
  first=$(settle "$1" settle "${2:-}")
  "bench_$1" warmup-check "$SIT/$1-warm-check" 10 check
  second=$(settle "$1" resettle "${3:-}")
  echo "$first $second"
}
