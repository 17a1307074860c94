import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  MAX_PENDING_BYTES,
  RawTranscript,
  transcriptsDir,
} from '../../src/action/raw-transcript.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'raw-transcript-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(dir: string, name: string, errors: string[] = []): RawTranscript {
  const transcript = RawTranscript.open(dir, name, (m) => errors.push(m));
  if (!transcript) throw new Error(`no transcript: ${errors.join('; ')}`);
  return transcript;
}

test.each([
  [1, '/home/runner/work/_temp', '/home/runner/work/_temp/flaude'],
  [2, undefined, join(tmpdir(), 'flaude')],
  [3, '', join(tmpdir(), 'flaude')],
])('#%i transcriptsDir(%s) is %s', (_n, runnerTemp, expected) => {
  expect(transcriptsDir(runnerTemp)).toBe(expected);
});

describe('RawTranscript', () => {
  test('one JSON value per line: objects as printed, every other line as a string', async () => {
    const dir = join(tempDir(), 'flaude', 'nested');
    const t = open(dir, 'security');
    expect(t.path).toBe(join(dir, 'security.jsonl'));
    const event = '{"type":"assistant","message":{"content":[{"type":"text","text":"hi"}]}}';
    for (const line of [event, '[flaude] Cloning x', '{not json', '[1,2]', '[flaude:exit:0]'])
      t.write(line);
    await t.close();
    await t.close();
    t.write('after close: ignored');
    const lines = readFileSync(t.path, 'utf8').split('\n');
    expect(lines).toEqual([
      event,
      '"[flaude] Cloning x"',
      '"{not json"',
      '"[1,2]"',
      '"[flaude:exit:0]"',
      '',
    ]);
    for (const line of lines.slice(0, -1)) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });

  test('never overwrites: a second reviewer of the same name in the job gets -2', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'claude.jsonl'), 'from an earlier step\n');
    const second = open(dir, 'claude');
    const third = open(dir, 'claude');
    expect([second.path, third.path]).toEqual([
      join(dir, 'claude-2.jsonl'),
      join(dir, 'claude-3.jsonl'),
    ]);
    await Promise.all([second.close(), third.close()]);
    expect(readFileSync(join(dir, 'claude.jsonl'), 'utf8')).toBe('from an earlier step\n');
  });

  test('no transcript, and a reason, for an unsafe name or a directory that cannot be made', () => {
    const dir = tempDir();
    const errors: string[] = [];
    expect(RawTranscript.open(dir, '../escape', (m) => errors.push(m))).toBeUndefined();
    writeFileSync(join(dir, 'a-file'), '');
    const blocked = join(dir, 'a-file', 'flaude');
    expect(RawTranscript.open(blocked, 'claude', (m) => errors.push(m))).toBeUndefined();
    expect(errors).toEqual([
      "No transcript for reviewer '../escape': the name is not a safe file name.",
      expect.stringMatching(
        new RegExp(`^No transcript for reviewer 'claude' in ${blocked}: .*(ENOTDIR|EEXIST)`),
      ),
    ]);
  });

  test('lines are dropped and counted, not queued, while the disk is far behind', async () => {
    const t = open(tempDir(), 'slow');
    // One write larger than the bound: until the disk has it, nothing else is queued.
    t.write('x'.repeat(MAX_PENDING_BYTES + 1));
    t.write('dropped 1');
    t.write('dropped 2');
    await t.close();
    const lines = readFileSync(t.path, 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe('"[flaude-action] 2 lines dropped: the disk fell behind."');
  });
});
