/**
 * Runs the Fly emulator as a process (for the demo and for tests that need it out of process):
 *
 *   node_modules/.bin/node test/emulator/fly/cli.ts --port 0 [--logs-port 0]
 *     [--anthropic-url URL] [--git-rewrite https://github.com/=file:///path/]...
 *     [--token T] [--app NAME]... [--entrypoint PATH] [--log-lag-ms N] [--latency-ms N] [--no-rate-limits]
 *
 * Prints one JSON line `{"url", "logsUrl", "token"}` on stdout once listening; stops its
 * machines and exits on SIGTERM/SIGINT.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startFlyEmulator } from './index.ts';
import type { FlyEmulatorOptions } from './types.ts';

/** Turns the command line into emulator options. */
export function parseCliOptions(args: string[]): FlyEmulatorOptions {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      port: { type: 'string', default: '0' },
      'logs-port': { type: 'string', default: '0' },
      'anthropic-url': { type: 'string' },
      'git-rewrite': { type: 'string', multiple: true, default: [] },
      token: { type: 'string' },
      app: { type: 'string', multiple: true, default: [] },
      entrypoint: { type: 'string' },
      'log-lag-ms': { type: 'string' },
      'latency-ms': { type: 'string' },
      'no-rate-limits': { type: 'boolean', default: false },
    },
  });
  const options: FlyEmulatorOptions = {
    port: integer('--port', values.port),
    logsPort: integer('--logs-port', values['logs-port']),
    apps: values.app,
    gitRewrites: Object.fromEntries(values['git-rewrite'].map(splitRewrite)),
  };
  if (values['anthropic-url'] !== undefined) options.anthropicUrl = values['anthropic-url'];
  if (values.token !== undefined) options.token = values.token;
  if (values.entrypoint !== undefined) options.entrypoint = values.entrypoint;
  if (values['log-lag-ms'] !== undefined)
    options.logLagMs = integer('--log-lag-ms', values['log-lag-ms']);
  if (values['latency-ms'] !== undefined)
    options.latencyMs = integer('--latency-ms', values['latency-ms']);
  if (values['no-rate-limits']) options.rateLimits = false;
  return options;
}

/** `https://github.com/=file:///tmp/repos/` -> [from, to] (split at the first `=`). */
function splitRewrite(spec: string): [string, string] {
  const at = spec.indexOf('=');
  if (at <= 0 || at === spec.length - 1) {
    throw new Error(`--git-rewrite wants FROM=TO, got ${JSON.stringify(spec)}`);
  }
  return [spec.slice(0, at), spec.slice(at + 1)];
}

function integer(flag: string, text: string): number {
  if (!/^\d+$/.test(text))
    throw new Error(`${flag} wants a non-negative integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

async function main(): Promise<void> {
  const emulator = await startFlyEmulator(parseCliOptions(process.argv.slice(2)));
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    void emulator.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(`fly emulator: stop failed: ${String(e)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.stdout.write(
    `${JSON.stringify({ url: emulator.url, logsUrl: emulator.logsUrl, token: emulator.token })}\n`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(`fly emulator: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
