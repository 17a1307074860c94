/**
 * `startEmulators` as the hooks of an int test file: the emulators started fresh for every
 * test (so requests, faults, machines and model calls never leak from one test into the
 * next), a FlyClient on them, and the invariants every such test keeps, asserted after each
 * test: no machine left, no request Fly's OpenAPI file refuses, no answer outside its schema.
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { FlyClient, type FlyClientOptions } from '../../src/fly/api/client.ts';
import type { MachineConfig } from '../../src/fly/api/machine-config.ts';
import type { RunResult } from '../../src/fly/run/exit.ts';
import { runAndDestroy } from '../../src/fly/run/runner.ts';
import type { FlyEmulator } from '../emulator/fly/index.ts';
import {
  startEmulators,
  type Emulators,
  type EmulatorsOptions,
  type ReviewerEmulators,
} from './emulators.ts';

export interface UseEmulatorsOptions extends EmulatorsOptions {
  /** Prefix of the scratch directory and of `machineName()`, e.g. `runner-e2e`. */
  readonly name: string;
  /** App that exists from the start (unless `fly.apps` says otherwise); names reviewers' image. */
  readonly app?: string;
  /** The model credential `reviewConfig()` gives machines. Default `api-key`. */
  readonly credential?: 'api-key' | 'oauth-token';
  /** Options for each test's `client`, asked for anew before each test (e.g. a fresh logger). */
  readonly client?: () => Partial<FlyClientOptions>;
}

/** What a test sees; `fly` and `client` are the current test's. */
export interface EmulatorSetup {
  readonly fly: FlyEmulator;
  readonly client: FlyClient;
  /** Another client on this test's emulator (`options` win), closed after the test. */
  readonly newClient: (options?: Partial<FlyClientOptions>) => FlyClient;
  /** A reviewer machine's config for the fixture's pull request, `extra` on top. */
  readonly reviewConfig: (prompt: string, extra?: Partial<MachineConfig>) => MachineConfig;
  /** A machine name unique in this test file: `<name>-1`, `<name>-2`, ... */
  readonly machineName: () => string;
  /** What every run needs: a client (default `client`) and a fresh `machineName()`. */
  readonly runOptions: (client?: FlyClient) => { client: FlyClient; name: string };
  /**
   * runAndDestroy of a slow review of `app` (the setup's) with a 1 s deadline and
   * `raiseOnFailure` off: the path that stops a machine still running, then destroys it.
   */
  readonly runPastDeadline: () => Promise<RunResult>;
  /**
   * No invalid request, no answer outside Fly's schema, and no machine left. A DELETE Fly
   * accepted leaves the machine `destroying` for a moment
   * (docs/fly-api.md#machine-states), so those get a few seconds to finish.
   */
  readonly expectClean: () => Promise<void>;
}

/**
 * What every test on the Fly emulator leaves: no machine (one still destroying gets a few
 * seconds to finish: a DELETE Fly accepted leaves it `destroying` for a moment), no request
 * Fly's OpenAPI file refuses, no answer outside its schema.
 */
export async function expectFlyClean(fly: FlyEmulator): Promise<void> {
  for (const m of fly.liveMachines()) {
    if (m.state === 'destroying') await fly.waitForMachineState(m.id, 'destroyed', 10_000);
  }
  expect(fly.liveMachines()).toEqual([]);
  expect(fly.validationFailures).toEqual([]);
  expect(fly.responseSchemaViolations).toEqual([]);
}

const API_KEY = 'sk-ant-api03-emulated-key-for-tests';
const OAUTH_TOKEN = 'sk-ant-oat01-emulated-oauth-token';

/**
 * Registers the hooks of an int test file on the emulators (call it once, at the top level)
 * and returns the handle its tests use.
 */
export function useEmulators(options: UseEmulatorsOptions): EmulatorSetup {
  let emulators: Emulators | undefined;
  let clients: FlyClient[] = [];
  let machineCount = 0;

  const current = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not available here`);
    return value;
  };
  const currentFly = (): FlyEmulator =>
    current(emulators, 'the Fly emulator (only inside a test)').fly;
  const currentClient = (): FlyClient => current(clients[0], 'the client (only inside a test)');

  const newClient = (extra: Partial<FlyClientOptions> = {}): FlyClient => {
    const f = currentFly();
    const client = new FlyClient({ token: f.token, apiUrl: f.url, logsUrl: f.logsUrl, ...extra });
    clients.push(client);
    return client;
  };

  const reviewConfig = (prompt: string, extra: Partial<MachineConfig> = {}): MachineConfig => {
    const reviewers = emulators as Partial<ReviewerEmulators> | undefined;
    const fixture = current(reviewers?.repo, 'the fixture repository (reviewer setups only)');
    return {
      image: `registry.fly.io/${options.app ?? options.name}:test`,
      prompt,
      repos: [
        {
          url: `https://github.com/${fixture.fullName}.git`,
          ref: `refs/pull/${fixture.prNumber}/head`,
          sha: fixture.headSha,
          baseRef: fixture.baseRef,
        },
      ],
      ...(options.credential === 'oauth-token'
        ? { claudeCodeOAuthToken: OAUTH_TOKEN }
        : { anthropicApiKey: API_KEY }),
      guest: 'shared-cpu-1x',
      memoryMb: 1024,
      maxTurns: 5,
      timeoutSeconds: 90,
      ...extra,
    };
  };

  const machineName = (): string => {
    machineCount += 1;
    return `${options.name}-${machineCount}`;
  };
  const runOptions = (client = currentClient()): { client: FlyClient; name: string } => ({
    client,
    name: machineName(),
  });

  const expectClean = (): Promise<void> => expectFlyClean(currentFly());

  beforeEach(async () => {
    const { name, scripts, model } = options;
    const fly = { ...(options.app === undefined ? {} : { apps: [options.app] }), ...options.fly };
    emulators = scripts
      ? await startEmulators({ name, scripts, fly })
      : await startEmulators({ name, ...(model === undefined ? {} : { model }), fly });
    newClient(options.client?.());
  });

  afterEach(async () => {
    if (emulators === undefined) return;
    try {
      await expectClean();
    } finally {
      const closing = clients;
      clients = [];
      await Promise.all(closing.map((c) => c.close()));
      await emulators.stop();
      emulators = undefined;
    }
  });

  return {
    get fly() {
      return currentFly();
    },
    get client() {
      return currentClient();
    },
    newClient,
    reviewConfig,
    machineName,
    runOptions,
    runPastDeadline: () =>
      runAndDestroy(current(options.app, 'the app'), reviewConfig('Review it. [scenario:slow]'), {
        ...runOptions(),
        waitTimeoutSeconds: 1,
        raiseOnFailure: false,
      }),
    expectClean,
  };
}
