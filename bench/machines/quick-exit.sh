#!/usr/bin/env bash
# Bench machine: a few lines, a short pause, the exit marker, exit 0. Cheap enough to run
# many times, so the stage measures the exit -> result path and not Claude Code.
echo '[flaude] bench machine started'
for i in 1 2 3 4 5; do echo "bench-line $i"; done
sleep 0.2
echo '[flaude:exit:0]'
exit 0
