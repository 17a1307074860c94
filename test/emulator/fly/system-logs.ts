/**
 * Lines Fly itself writes into an app's logs around a machine's process. On Fly the VM's init
 * (and kernel) print to the same console as the app, so their lines carry provider `app`
 * just like the program's own output; the host's lines carry provider `runner`. Clients must
 * tell them apart by content. Wording follows what `fly logs` shows.
 */

export interface SystemLine {
  provider: 'app' | 'runner';
  message: string;
}

/** Fake but stable init commit, as Fly prints one. */
const INIT_COMMIT = '6c3309ba';

/** Before the process starts: image pull (first boot only), VM configuration, init start. */
export function bootLines(
  image: string,
  command: string,
  pull: boolean,
  pullSeconds: number,
): SystemLine[] {
  const pullLines: SystemLine[] = [
    { provider: 'runner', message: `Pulling container image ${image}` },
    {
      provider: 'runner',
      message: `Successfully prepared image ${image} (${pullSeconds.toFixed(3)}s)`,
    },
  ];
  return [
    ...(pull ? pullLines : []),
    { provider: 'runner', message: 'Configuring firecracker' },
    { provider: 'app', message: ` INFO Starting init (commit: ${INIT_COMMIT})...` },
    { provider: 'app', message: ` INFO Preparing to run: \`${command}\` as root` },
    { provider: 'app', message: ' INFO [fly api proxy] listening at /.fly/api' },
  ];
}

/** Once the process runs. */
export function startedLine(elapsedMs: number): SystemLine {
  return {
    provider: 'runner',
    message: `Machine started in ${Math.max(1, Math.round(elapsedMs))}ms`,
  };
}

/** The host giving up on a boot (the `failToStart` fault); the text is the emulator's own. */
export function launchFailedLine(): SystemLine {
  return {
    provider: 'runner',
    message: 'Error: failed to launch VM: the machine did not start (emulated failToStart fault)',
  };
}

/** A stop request reaching init. */
export function stopSignalLine(signal: string, pid: number): SystemLine {
  return {
    provider: 'app',
    message: ` INFO Sending signal ${signal} to main child process w/ PID ${pid}`,
  };
}

export interface ExitDescription {
  code: number | null;
  signal: string | null;
  oomKilled: boolean;
  pid: number;
  uptimeSeconds: number;
}

/** After the main process exited: init's report, clean-up and the VM's reboot. */
export function exitLines(exit: ExitDescription): SystemLine[] {
  const uptime = kernelClock(exit.uptimeSeconds);
  const lines: SystemLine[] = [];
  if (exit.oomKilled) {
    lines.push({
      provider: 'app',
      message: `[${uptime}] Out of memory: Killed process ${exit.pid} (node) total-vm:1839432kB, anon-rss:243712kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:2212kB oom_score_adj:0`,
    });
    lines.push({ provider: 'app', message: ' INFO Process appears to have been OOM killed!' });
  }
  if (exit.signal !== null) {
    lines.push({
      provider: 'app',
      message: ` INFO Main child exited with signal (with signal '${exit.signal}', core dumped? false)`,
    });
  } else {
    lines.push({
      provider: 'app',
      message: ` INFO Main child exited normally with code: ${exit.code ?? 0}`,
    });
  }
  lines.push({ provider: 'app', message: ' INFO Starting clean up.' });
  lines.push({
    provider: 'app',
    message: ` WARN could not unmount /rootfs: EINVAL: Invalid argument`,
  });
  lines.push({
    provider: 'app',
    message: `[${kernelClock(exit.uptimeSeconds + 0.25)}] reboot: Restarting system`,
  });
  return lines;
}

/** The restart policy bringing the machine back. */
export function restartLine(policy: string, attempt: number): SystemLine {
  return {
    provider: 'runner',
    message: `machine exited; restarting (policy: ${policy}, restart ${attempt})`,
  };
}

/** `[    1.234567]`-style kernel uptime. */
function kernelClock(seconds: number): string {
  return seconds.toFixed(6).padStart(12, ' ');
}
