// What the Fly emulator's own tests share: tiny entrypoint scripts, the emulator started with
// short control-plane delays (`selfTestSetup`, for startEmulators), and calls that speak to it
// over HTTP like a client would (`withHttp`).
import { fetch, type Headers } from 'undici';
import {
  type Emulators,
  type EmulatorsOptions,
  type MachineScripts,
} from '../../../harness/emulators.ts';
import type { FlyEmulatorOptions } from '../index.ts';

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

/** The emulator under test and calls to it over HTTP. */
export interface TestBed extends Emulators {
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
}

export interface ApiResult {
  status: number;
  body: unknown;
  headers: Headers;
}

/**
 * startEmulators options for these tests: app `app1`, short delays, no rate limits and
 * `image: "test/<name>"` running SCRIPTS[name], unless `fly` says otherwise.
 */
export function selfTestSetup(
  fly: FlyEmulatorOptions = {},
): EmulatorsOptions & { scripts: MachineScripts } {
  return {
    name: 'fly-emulator-self-test',
    scripts: {
      files: Object.fromEntries(
        Object.entries(SCRIPTS).map(([name, text]) => [`${name}.sh`, `${text}\n`]),
      ),
      forImage: (image) => `${image.replace(/^test\//, '').replace(/:.*$/, '')}.sh`,
    },
    fly: {
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
      ...fly,
    },
  };
}

/** Adds HTTP calls to the started emulator, authenticated with its token. */
export function withHttp(emulators: Emulators): TestBed {
  const { fly } = emulators;
  const auth = { authorization: `Bearer ${fly.token}` };
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
    ...emulators,
    api: (method, path, body, headers) => call(`${fly.url}${path}`, method, body, headers),
    logs: (app, query = {}, headers) =>
      call(
        `${fly.logsUrl}/api/v1/apps/${app}/logs?${new URLSearchParams({ next_token: '', ...query }).toString()}`,
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
    () => bed.fly.logEntries({ instance: id }).find((e) => e.message.includes(text))?.message,
    `"${text}" from ${id}`,
  );
}
