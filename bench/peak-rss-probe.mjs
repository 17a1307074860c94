// Preloaded into the action's process by the bench (NODE_OPTIONS=--import=<this file>): when
// the process exits, writes its peak resident set size to $BENCH_PEAK_RSS_FILE, and when it
// started: `timeOriginMs` (performance.timeOrigin, the process's start in Unix ms) and
// `preloadMs` (performance.now() when this file ran: Node's own start, before the bundle).
//
// maxRSS is getrusage(RUSAGE_SELF).ru_maxrss, the kernel's high-water mark of the process's
// RSS in KiB: the figure `/usr/bin/time -v` prints as "Maximum resident set size". Read in
// the 'exit' handler it covers the whole run (only the teardown after it is left out), which
// sampling /proc/<pid>/status from outside cannot promise. VmHWM from /proc/self/status is
// written beside it as a cross-check. Plain JavaScript on purpose: a .ts preload would make
// Node load its type stripper into the process being measured.
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const preloadMs = performance.now();
const file = process.env.BENCH_PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => {
    let vmHwmKiB = null;
    try {
      const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
      if (match) vmHwmKiB = Number(match[1]);
    } catch {
      // Not Linux: maxRSS alone.
    }
    writeFileSync(
      file,
      JSON.stringify({
        maxRssKiB: process.resourceUsage().maxRSS,
        vmHwmKiB,
        timeOriginMs: performance.timeOrigin,
        preloadMs,
      }),
    );
  });
}
