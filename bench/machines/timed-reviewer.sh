#!/usr/bin/env bash
# Bench machine: a reviewer with a known run time. BENCH_PLAN is
# `bench-plan:<run ms>:<lines>:<tail lines>` (one value of its own: the action masks the
# values of its `env` input in the log, so a bare number would be masked wherever it occurs).
# Prints Claude Code's init frame, then <lines> numbered lines `bench-log <i> <unix ms when
# printed>` spread over the run, the last <tail lines> of them inside its final second, then
# the result frame and the exit marker at <run ms> after its start, and exits 0. The frames
# are files beside this script (init.jsonl, result.jsonl), written by the bench. Timing uses
# $EPOCHREALTIME and only forks for `sleep`, so the run time is what was asked, give or take
# a few ms.
set -euo pipefail
frames=$(dirname "$0")
IFS=: read -r _ run_ms lines tail_lines <<<"${BENCH_PLAN:-bench-plan:3000:40:10}"
body_lines=$((lines - tail_lines))
# The body's lines share the run but its last second, which is the tail's.
body_ms=$((run_ms > 1000 ? run_ms - 1000 : 0))

t=${EPOCHREALTIME/./}
start=$((t / 1000))

# Sleeps until `start + $1` ms; short waits are skipped, so a long log is not a fork per line.
sleep_until() {
  local now
  now=${EPOCHREALTIME/./}
  local wait=$((start + $1 - now / 1000))
  if ((wait > 20)); then sleep "$(printf '%d.%03d' $((wait / 1000)) $((wait % 1000)))"; fi
}

cat "$frames/init.jsonl"
for ((i = 0; i < lines; i++)); do
  if ((i < body_lines)); then
    sleep_until $((body_ms * i / (body_lines > 0 ? body_lines : 1)))
  else
    sleep_until $((body_ms + 900 * (i - body_lines) / tail_lines))
  fi
  t=${EPOCHREALTIME/./}
  printf 'bench-log %d %d\n' "$i" $((t / 1000))
done
sleep_until "$run_ms"
cat "$frames/result.jsonl"
echo '[flaude:exit:0]'
exit 0
