#!/usr/bin/env bash
# Bench machine: prints BENCH_LINES numbered lines (bench/log-lines.ts's shape) as fast as it
# can, then the exit marker, like a reviewer that talks a lot and exits 0.
set -euo pipefail
awk -v n="${BENCH_LINES:-50000}" -v padding="${BENCH_LINE_PADDING:-100}" 'BEGIN {
  pad = sprintf("%" padding "s", ""); gsub(/ /, "x", pad)
  for (i = 0; i < n; i++) printf "bench-line %06d %s\n", i, pad
}'
echo '[flaude:exit:0]'
