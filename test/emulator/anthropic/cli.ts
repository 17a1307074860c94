// Runs the Anthropic emulator as a process: prints `{"url": ...}` on one stdout line once it
// listens, logs unknown requests to stderr, stops on SIGTERM/SIGINT.
// Usage: node_modules/.bin/node test/emulator/anthropic/cli.ts [--port N]
//   [--default-scenario NAME] [--slow-chunk-ms N] [--slow-chunks N] [--long-lines N]
//   [--findings FILE]  (a JSON object: findings id -> document, for `[findings:ID]`)

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startAnthropicEmulator } from './server.ts';
import { SCENARIO_NAMES, type ScenarioName, type ScenarioOptions } from './types.ts';

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new Error(`--${name} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

function scenarioName(value: string | undefined): ScenarioName | undefined {
  if (value === undefined) return undefined;
  if (!(SCENARIO_NAMES as readonly string[]).includes(value)) {
    throw new Error(
      `--default-scenario must be one of ${SCENARIO_NAMES.join(', ')}, got "${value}"`,
    );
  }
  return value as ScenarioName;
}

function findingsFile(path: string | undefined): Record<string, unknown> | undefined {
  if (path === undefined) return undefined;
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`--findings ${path} must hold a JSON object of findings documents by id`);
  }
  return parsed as Record<string, unknown>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      'default-scenario': { type: 'string' },
      'slow-chunk-ms': { type: 'string' },
      'slow-chunks': { type: 'string' },
      'long-lines': { type: 'string' },
      findings: { type: 'string' },
    },
    strict: true,
  });
  const scenarios: ScenarioOptions = {};
  const defaultScenario = scenarioName(values['default-scenario']);
  const slowChunkDelayMs = integer('slow-chunk-ms', values['slow-chunk-ms']);
  const slowChunkCount = integer('slow-chunks', values['slow-chunks']);
  const longLineCount = integer('long-lines', values['long-lines']);
  if (defaultScenario !== undefined) scenarios.defaultScenario = defaultScenario;
  if (slowChunkDelayMs !== undefined) scenarios.slowChunkDelayMs = slowChunkDelayMs;
  if (slowChunkCount !== undefined) scenarios.slowChunkCount = slowChunkCount;
  if (longLineCount !== undefined) scenarios.longLineCount = longLineCount;

  const findings = findingsFile(values.findings);
  const emulator = await startAnthropicEmulator({
    port: integer('port', values.port) ?? 0,
    scenarios,
    ...(findings ? { findings } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`);

  const stop = (): void => {
    void emulator.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`anthropic emulator: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
