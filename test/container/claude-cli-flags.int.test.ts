/**
 * The flags container/entrypoint.sh passes, checked against the real Claude Code CLI of the
 * pinned version (node_modules/.bin/claude, the devDependency the Dockerfile's version is
 * held to). The entrypoint runs with every FLAUDE_* setting and a stub `claude` that records
 * its argv; each flag it passed must be one the real CLI's `--help` lists. `--max-turns` is
 * the exception: this version still takes it but no longer lists it, so the real CLI is asked
 * to parse it instead. Everything here is offline: option parsing fails before any request.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ENTRYPOINT = fileURLToPath(new URL('../../container/entrypoint.sh', import.meta.url));
const CLAUDE = fileURLToPath(new URL('../../node_modules/.bin/claude', import.meta.url));

const STUB = `#!/bin/bash
printf '%s\\0' "$@" >"$STUB_ARGV"
`;

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'flaude-cli-flags-'));
  mkdirSync(join(root, 'bin'));
  writeFileSync(join(root, 'bin', 'claude'), STUB, { mode: 0o755 });
  mkdirSync(join(root, 'home'));
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** The argv the entrypoint gives `claude` with every setting of its contract set. */
function entrypointArgv(): string[] {
  const argvFile = join(root, 'argv');
  const run = spawnSync('bash', [ENTRYPOINT], {
    encoding: 'utf8',
    env: {
      PATH: `${join(root, 'bin')}:/usr/local/bin:/usr/bin:/bin`,
      HOME: join(root, 'home'),
      FLAUDE_PROMPT: 'Review this change.',
      ANTHROPIC_API_KEY: 'sk-ant-test-key',
      FLAUDE_WORKSPACE: join(root, 'workspace'),
      FLAUDE_USER: 'flaude-test-no-such-user',
      FLAUDE_OUTPUT_FORMAT: 'stream-json',
      FLAUDE_MODEL: 'opus',
      FLAUDE_MAX_TURNS: '30',
      FLAUDE_MAX_BUDGET_USD: '2.50',
      FLAUDE_ALLOWED_TOOLS: 'Read',
      FLAUDE_DISALLOWED_TOOLS: 'WebFetch',
      FLAUDE_APPEND_SYSTEM_PROMPT: 'Answer in English.',
      FLAUDE_JSON_SCHEMA: '{"type":"object"}',
      FLAUDE_TIMEOUT_SECONDS: '60',
      STUB_ARGV: argvFile,
    },
  });
  expect(run.stdout.trim().split('\n').at(-1), run.stdout).toBe('[flaude:exit:0]');
  return readFileSync(argvFile, 'utf8').replace(/\0$/, '').split('\0');
}

/** The real CLI, offline: a fresh home, no credentials, no updater or telemetry traffic. */
function realClaude(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync(CLAUDE, args, {
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: join(root, 'home'),
      CLAUDE_CONFIG_DIR: join(root, 'home', '.claude'),
      DISABLE_AUTOUPDATER: '1',
      DISABLE_TELEMETRY: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    },
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the flags the entrypoint passes to Claude Code', () => {
  it('are all options of the pinned CLI', () => {
    const argv = entrypointArgv();
    const options = argv.slice(0, argv.indexOf('--'));
    const flags = options.filter((arg) => arg.startsWith('-'));
    expect(flags).toEqual([
      '-p',
      '--output-format',
      '--verbose',
      '--dangerously-skip-permissions',
      '--setting-sources',
      '--strict-mcp-config',
      '--model',
      '--max-turns',
      '--max-budget-usd',
      '--append-system-prompt',
      '--json-schema',
      '--allowedTools',
      '--disallowedTools',
    ]);

    const help = realClaude('--help');
    expect(help.status, help.output).toBe(0);
    const listed = new Set(
      [...help.output.matchAll(/(?:^|[\s,])(--?[A-Za-z][\w-]*)/gm)].map((m) => m[1]),
    );
    expect(listed.size).toBeGreaterThan(40);
    for (const flag of flags.filter((f) => f !== '--max-turns')) {
      expect(listed.has(flag), `${flag} is listed by claude --help`).toBe(true);
    }
    expect(listed.has('--max-turns'), 'this version no longer lists --max-turns').toBe(false);
  });

  // `claude --help` prints the help whatever other flags it is given, unknown ones included,
  // so it cannot tell. A bad value can: the CLI checks a declared option's value while
  // parsing, before it looks for credentials, and says so naming the option.
  it('include --max-turns, which the CLI still declares and checks', () => {
    const turns = realClaude('-p', '--max-turns', 'many', '--', 'x');
    expect(turns.status).not.toBe(0);
    expect(turns.output).toContain("option '--max-turns <turns>' argument 'many' is invalid");
    expect(turns.output).not.toContain('unknown option');

    const unknown = realClaude('-p', '--no-such-flaude-flag', 'many', '--', 'x');
    expect(unknown.status).not.toBe(0);
    expect(unknown.output).toContain("unknown option '--no-such-flaude-flag'");
  });
});
