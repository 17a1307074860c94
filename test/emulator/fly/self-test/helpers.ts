// Shared setup of the Fly emulator tests: tiny entrypoint scripts, a started emulator with
// short control-plane delays, and a fetch wrapper that speaks to it like a client would.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetch, type Headers } from 'undici';
import { startFlyEmulator, type FlyEmulator, type FlyEmulatorOptions } from '../index.ts';

/** Entrypoint scripts by name; `image: "test/<name>"` picks one. */
export const SCRIPTS: Record<string, string> = {
  // Prints to stdout and stderr, then fails with 3, like a reviewer that found problems.
  exit3: [
    'echo "[flaude] starting in $FLAUDE_WORKSPACE"',
    'echo "oops on stderr" >&2',
    'echo "[flaude:exit:3]"',
    'exit 3',
  ].join('\n'),
  exit0: ['echo "[flaude] fine"', 'echo "[flaude:exit:0]"', 'exit 0'].join('\n'),
  // Runs until stopped; exits 0 on SIGINT/SIGTERM.
  sleeper: [
    'trap \'echo "[flaude:exit:0]"; exit 0\' INT TERM',
    'echo "[flaude] sleeping"',
    'while true; do sleep 0.05; done',
  ].join('\n'),
  // Ignores the stop signal, so only SIGKILL ends it.
  stubborn: [
    'trap "" INT TERM',
    'echo "[flaude] stubborn"',
    'while true; do sleep 0.05; done',
  ].join('\n'),
  // Prints its environment, one VAR=value per line.
  env: ['env | sort', 'exit 0'].join('\n'),
  // Prints many lines (for log paging).
  many: ['for i in $(seq 1 250); do echo "line $i"; done', 'echo "[flaude:exit:0]"'].join('\n'),
  // Prints a line, waits to be killed.
  waiter: [
    'echo "[flaude] ready"',
    'echo "[flaude] about to work"',
    'sleep 30',
    'echo "[flaude:exit:0]"',
  ].join('\n'),
};

export interface TestBed {
  emulator: FlyEmulator;
  scriptsDir: string;
  api: (
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => Promise<ApiResult>;
  logs: (
    app: string,
    query?: Record<string, string>,
    headers?: Record<string, string>,
  ) => Promise<ApiResult>;
  /** Creates a machine running `test/<script>`; returns the Machine JSON. */
  create: (
    app: string,
    script: string,
    extra?: Record<string, unknown>,
  ) => Promise<Record<string, unknown>>;
  close: () => Promise<void>;
}

export interface ApiResult {
  status: number;
  body: unknown;
  headers: Headers;
}

/** Short delays and no rate limits unless a test asks for them. */
export async function startTestBed(options: FlyEmulatorOptions = {}): Promise<TestBed> {
  const scriptsDir = mkdtempSync(join(tmpdir(), 'fly-emulator-scripts-'));
  for (const [name, text] of Object.entries(SCRIPTS))
    writeFileSync(join(scriptsDir, `${name}.sh`), `${text}\n`);
  const emulator = await startFlyEmulator({
    apps: ['app1'],
    logLagMs: 0,
    rateLimits: false,
    timings: {
      launchMs: 5,
      bootMs: 5,
      stopMs: 5,
      autoDestroyMs: 10,
      destroyMs: 5,
      defaultKillTimeoutMs: 1000,
    },
    entrypointForImage: (image) =>
      join(scriptsDir, `${image.replace(/^test\//, '').replace(/:.*$/, '')}.sh`),
    ...options,
  });
  const auth = { authorization: `Bearer ${emulator.token}` };
  const call = async (
    url: string,
    method: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => {
    const res = await fetch(url, {
      method,
      headers: {
        ...auth,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Not JSON: keep the text.
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  const bed: TestBed = {
    emulator,
    scriptsDir,
    api: (method, path, body, headers) => call(`${emulator.url}${path}`, method, body, headers),
    logs: (app, query = {}, headers) =>
      call(
        `${emulator.logsUrl}/api/v1/apps/${app}/logs?${new URLSearchParams({ next_token: '', ...query })}`,
        'GET',
        undefined,
        headers,
      ),
    create: async (app, script, extra = {}) => {
      const { config, ...rest } = extra as { config?: Record<string, unknown> };
      const res = await bed.api('POST', `/v1/apps/${app}/machines`, {
        ...rest,
        config: { image: `test/${script}:1`, restart: { policy: 'no' }, ...config },
      });
      if (res.status !== 200)
        throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as Record<string, unknown>;
    },
    close: async () => {
      await emulator.stop();
      rmSync(scriptsDir, { recursive: true, force: true });
    },
  };
  return bed;
}

/** `request.exit_event` of the newest exit event. */
export function exitEventOf(machine: { events?: unknown }): Record<string, unknown> | undefined {
  const events = (machine.events ?? []) as Array<{
    type?: string;
    request?: { exit_event?: Record<string, unknown> };
  }>;
  return events.find((e) => e.type === 'exit')?.request?.exit_event;
}

/** Polls until `check` returns a value (for conditions the API cannot wait for). */
export async function eventually<T>(
  check: () => T | undefined,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves once the machine printed a line containing `text` (so its traps are set up). */
export function lineSeen(bed: TestBed, id: string, text: string): Promise<string> {
  return eventually(
    () => bed.emulator.logEntries({ instance: id }).find((e) => e.message.includes(text))?.message,
    `"${text}" from ${id}`,
  );
}
