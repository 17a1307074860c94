// What the image tests share: the Fly token they push with, scratch container directories
// and a command runner that answers from a script instead of starting programs.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { CommandResult, CommandRunner, CommandSpec } from '../../../src/fly/image/index.ts';

/** Two macaroons, as `fly tokens create` prints them. */
export const TOKEN = 'fm2_unit-test-token-aaaaaaaa,fm2_second-macaroon-bbbbbbbb';

/**
 * Registers the removal of this file's scratch directories after its last test (call once,
 * at the top level) and returns a maker of container directories: a Dockerfile and an
 * entrypoint, `files` on top.
 */
export function useContainerDirs(): (files?: Record<string, string>) => Promise<string> {
  const tempDirs: string[] = [];
  afterAll(async () => {
    await Promise.all(tempDirs.map((d) => rm(d, { recursive: true, force: true })));
  });
  return async (files = {}) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'flaude-image-test-'));
    tempDirs.push(dir);
    const all = {
      Dockerfile: 'FROM scratch\nCOPY entrypoint.sh /\n',
      'entrypoint.sh': '#!/bin/sh\n',
      ...files,
    };
    for (const [rel, content] of Object.entries(all)) {
      await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
      await writeFile(path.join(dir, rel), content, { mode: 0o644 });
    }
    return dir;
  };
}

/** A CommandRunner that records what it is asked and answers from a script. */
export function fakeRunner(
  answer: (spec: CommandSpec) => Partial<CommandResult> | Promise<Partial<CommandResult>>,
): { calls: CommandSpec[]; run: CommandRunner } {
  const calls: CommandSpec[] = [];
  const run: CommandRunner = async (spec) => {
    calls.push(spec);
    return {
      exitCode: 0,
      stdout: '',
      stderr: '',
      timedOut: false,
      spawnError: undefined,
      ...(await answer(spec)),
    };
  };
  return { calls, run };
}
