// The setup the library's emulator integration tests share: a Fly emulator started fresh for
// every test (so requests, faults and machines never leak from one test into the next), a
// FlyClient on it, and the invariants every such test keeps, asserted after each test.
// Reviewer machines run container/entrypoint.sh with the real Claude Code CLI against the
// Anthropic emulator and clone a local fixture repository through git's insteadOf rewrite;
// script machines run small shell scripts the test file supplies.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { FlyClient, type FlyClientOptions } from '../../src/fly/api/client.ts';
import type { MachineConfig } from '../../src/fly/api/machine-config.ts';
import type { ExitCodeSource, RunResult } from '../../src/fly/run/exit.ts';
import { runAndDestroy } from '../../src/fly/run/runner.ts';
import { startAnthropicEmulator, type AnthropicEmulator } from '../emulator/anthropic/index.ts';
import {
  startFlyEmulator,
  type FlyEmulator,
  type FlyEmulatorOptions,
} from '../emulator/fly/index.ts';
import { createFixtureRepo, type FixtureRepo } from '../harness/fixture-repo.ts';

/** Machines that run shell scripts instead of the reviewer entrypoint. */
export interface MachineScripts {
  /** File name to script text; written once per test file. */
  readonly files: Readonly<Record<string, string>>;
  /** Which of `files` a machine of `image` runs. */
  readonly forImage: (image: string) => string;
}

export interface EmulatorSetupOptions {
  /** Prefix of the scratch directory and of `machineName()`, e.g. `runner-e2e`. */
  readonly name: string;
  /** App that exists from the start; `reviewConfig()` names its image after it. */
  readonly app?: string;
  /** Script machines; without them every machine is a reviewer (Anthropic emulator + fixture). */
  readonly scripts?: MachineScripts;
  /** The model credential `reviewConfig()` gives machines. Default `api-key`. */
  readonly credential?: 'api-key' | 'oauth-token';
  /** Further emulator options (log lag, rate limits, timings, token, apps); they win. */
  readonly fly?: FlyEmulatorOptions;
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
   * No invalid request, no answer outside Fly's schema, and (unless turned off) no machine
   * left. A DELETE Fly accepted leaves the machine `destroying` for a moment
   * (docs/fly-api.md#machine-states), so those get a few seconds to finish.
   */
  readonly expectClean: () => Promise<void>;
}

/** What a run reports when its machine exited 0 and was destroyed. */
export function succeeded(source: ExitCodeSource): Partial<RunResult> {
  return { exitCode: 0, exitCodeSource: source, failureReason: undefined, destroyed: true };
}

/** What a run reports when its deadline of `seconds` passed and its machine was destroyed. */
export function timedOut(seconds: number): Partial<RunResult> {
  return { failureReason: `timed out after ${seconds} s`, exitCode: null, destroyed: true };
}

const API_KEY = 'sk-ant-api03-emulated-key-for-tests';
const OAUTH_TOKEN = 'sk-ant-oat01-emulated-oauth-token';

/**
 * Registers the hooks of an emulator integration test file (call it once, at the top level)
 * and returns the handle its tests use.
 */
export function useFlyEmulator(options: EmulatorSetupOptions): EmulatorSetup {
  let dir: string | undefined;
  let repo: FixtureRepo | undefined;
  let anthropic: AnthropicEmulator | undefined;
  let fly: FlyEmulator | undefined;
  let clients: FlyClient[] = [];
  let machineCount = 0;

  const current = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not available here`);
    return value;
  };
  const currentFly = (): FlyEmulator => current(fly, 'the Fly emulator (only inside a test)');
  const currentClient = (): FlyClient => current(clients[0], 'the client (only inside a test)');

  const newClient = (extra: Partial<FlyClientOptions> = {}): FlyClient => {
    const f = currentFly();
    const client = new FlyClient({ token: f.token, apiUrl: f.url, logsUrl: f.logsUrl, ...extra });
    clients.push(client);
    return client;
  };

  const reviewConfig = (prompt: string, extra: Partial<MachineConfig> = {}): MachineConfig => {
    const fixture = current(repo, 'the fixture repository (reviewer setups only)');
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

  const expectClean = async (): Promise<void> => {
    const f = currentFly();
    // Zero machines left after every test: one still destroying gets a moment to finish.
    for (const m of f.liveMachines()) {
      if (m.state === 'destroying') await f.waitForMachineState(m.id, 'destroyed', 10_000);
    }
    expect(f.liveMachines()).toEqual([]);
    expect(f.validationFailures).toEqual([]);
    expect(f.responseSchemaViolations).toEqual([]);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `flaude-${options.name}-`));
    if (options.scripts) {
      for (const [file, text] of Object.entries(options.scripts.files)) {
        writeFileSync(join(dir, file), text);
      }
    } else {
      repo = createFixtureRepo(dir);
      anthropic = await startAnthropicEmulator();
    }
  });

  afterAll(async () => {
    await anthropic?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    const scriptsDir = current(dir, 'the scratch directory');
    const { scripts } = options;
    const machines: FlyEmulatorOptions = scripts
      ? { entrypointForImage: (image) => join(scriptsDir, scripts.forImage(image)) }
      : {
          anthropicUrl: current(anthropic, 'the Anthropic emulator').url,
          gitRewrites: {
            'https://github.com/': `file://${current(repo, 'the fixture').githubRoot}`,
          },
        };
    fly = await startFlyEmulator({
      ...(options.app === undefined ? {} : { apps: [options.app] }),
      ...machines,
      ...options.fly,
    });
    newClient(options.client?.());
  });

  afterEach(async () => {
    if (fly === undefined) return;
    try {
      await expectClean();
    } finally {
      const closing = clients;
      clients = [];
      await Promise.all(closing.map((c) => c.close()));
      await fly.stop();
      fly = undefined;
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
