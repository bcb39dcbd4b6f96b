#!/usr/bin/env bash
# The disk's sequential write bandwidth as the 64 MiB PUT target uses it (issue 3: "70 % of disk bandwidth ÷ 3
# replicas"): 12 writers, as 4 concurrent 64 MiB PUTs make on 3 replicas, each writing 64 MiB files with dd and
# fsyncing them, GIGABYTES in all; prints MB/s and the target that follows. Then one writer alone, one file of
# GIGABYTES/3, fsynced: the plain "sequential" figure, for comparison with the issue's ~600 MB/s.
# Usage: bash bench/disk-bandwidth.sh [DIR] [GIGABYTES=6]
# A short run mostly measures the host's write cache (2026-12-06: 1.6-1.7 GB/s over 1.6 GB, 1.07 GB/s over 6.4 GB).
set -euo pipefail
dir="${1:-/tmp}"
gigabytes="${2:-6}"
work=$(mktemp -d "$dir/disk-bandwidth.XXXXXX")
trap 'rm -rf "$work"' EXIT
head -c 67108864 /dev/urandom >"$work/source"
files=$((gigabytes * 16))
sync
t0=$(date +%s.%N)
for i in $(seq 1 "$files"); do
  dd if="$work/source" of="$work/o$i" bs=64k conv=fsync status=none &
  if ((i % 12 == 0)); then wait; fi
done
wait
t1=$(date +%s.%N)
rm -f "$work"/o*
sync
single_blocks=$((gigabytes * 1024 / 3 / 64 * 64))
t2=$(date +%s.%N)
# random bytes, as the objects are (zeros may be written faster by the virtual disk): the source file over and over
for _ in $(seq 1 $((single_blocks / 64))); do cat "$work/source"; done |
  dd of="$work/single" bs=1M iflag=fullblock conv=fsync status=none
t3=$(date +%s.%N)
python3 -c "
mbps = $files * 67.108864 / ($t1 - $t0)
print(f'disk_write_mbps\t{mbps:.0f}\tMB/s ($files fsynced 64 MiB files, 12 writers)')
print(f'put_64m_target_mbps\t{0.7 * mbps / 3:.0f}\tMB/s (70 % of a third)')
single = $single_blocks * 1.048576 / ($t3 - $t2)
print(f'disk_write_single_mbps\t{single:.0f}\tMB/s (one writer, one fsynced file of $single_blocks MiB)')
print(f'put_64m_target_single_mbps\t{0.7 * single / 3:.0f}\tMB/s (70 % of a third of that)')"
