// The progress notes and turn count from what the real Claude Code CLI prints (stream-json,
// against the scripted model server): the shapes the unit tests assume are the CLI's own.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Transcript } from '../../src/action/transcript.ts';
import { startAnthropicEmulator, type AnthropicEmulator } from '../emulator/anthropic/index.ts';
import {
  cleanupTempDirs,
  makeRepoWithChange,
  runClaude,
} from '../emulator/anthropic/self-test/claude-run.ts';

let emulator: AnthropicEmulator;

beforeAll(async () => {
  emulator = await startAnthropicEmulator();
});

afterAll(async () => {
  await emulator.stop();
  cleanupTempDirs();
});

test("a real run's lines: one note per tool call, turns as Claude Code counts them", async () => {
  const { dir } = makeRepoWithChange();
  const run = await runClaude({ baseUrl: emulator.url, cwd: dir, prompt: 'Review this change.' });
  expect(run.exitCode, run.stderr).toBe(0);

  const transcript = new Transcript();
  const progress = run.events.flatMap((event) => transcript.read(JSON.stringify(event)).progress);
  expect(progress).toEqual(['▶ Bash: git diff --stat']);
  expect(transcript.turns).toBe(run.result?.num_turns);
  expect(transcript.result?.numTurns).toBe(2);
  // The CLI prints each content block of a message on its own line, under the message's id.
  const assistantLines = run.events.filter((e) => e.type === 'assistant');
  expect(assistantLines.length).toBeGreaterThan(transcript.turns);
});
