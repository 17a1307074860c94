import * as core from '@actions/core';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { coreLogger } from '../../src/action/core-logger.ts';
import { defuse, StepLog } from '../../src/action/step-log.ts';
import { viewWorkflowLog } from '../../scripts/workflow-log-view.ts';
import { countingTokens, wireSink } from './wire-sink.ts';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** Runs `write` against @actions/core itself and returns what it wrote to stdout. */
function captureCoreStdout(write: () => void): string {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    write();
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

describe('StepLog', () => {
  test('machine lines open a region lazily; commands end it first; text leaves it alone', () => {
    const sink = wireSink();
    const log = new StepLog(sink, countingTokens());
    log.text('before');
    log.untrusted('m1');
    log.untrusted('m2');
    log.text('own text, inside the region');
    log.warning('careful', { title: 'security' });
    log.untrusted('m3');
    log.startGroup('G');
    log.endGroup();
    log.end();
    log.end();
    expect(sink.lines).toEqual([
      'before',
      '::stop-commands::tok-1',
      'm1',
      'm2',
      'own text, inside the region',
      '::tok-1::',
      '::warning title=security::careful',
      '::stop-commands::tok-2',
      'm3',
      '::tok-2::',
      '::group::G',
      '::endgroup::',
    ]);
    expect(log.fenced).toBe(false);
  });

  test('every region gets a fresh 128-bit token by default', () => {
    const sink = wireSink();
    const log = new StepLog(sink);
    for (let i = 0; i < 3; i++) {
      log.untrusted(`m${i}`);
      log.error('e');
    }
    const tokens = sink.lines
      .filter((l) => l.startsWith('::stop-commands::'))
      .map((l) => l.slice('::stop-commands::'.length));
    expect(tokens).toHaveLength(3);
    for (const token of tokens) expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(tokens).size).toBe(3);
    for (const token of tokens) expect(sink.lines).toContain(`::${token}::`);
  });

  test('debug inside a region: dropped when the run hides debug lines, else a real command', () => {
    const hidden = wireSink({ debug: false });
    const quiet = new StepLog(hidden, countingTokens());
    quiet.debug('outside: written as always');
    quiet.untrusted('m1');
    quiet.debug('inside: dropped');
    quiet.untrusted('m2');
    expect(hidden.lines).toEqual([
      '::debug::outside: written as always',
      '::stop-commands::tok-1',
      'm1',
      'm2',
    ]);

    const shown = wireSink({ debug: true });
    const verbose = new StepLog(shown, countingTokens());
    verbose.untrusted('m1');
    verbose.debug('inside: ends the region');
    verbose.untrusted('m2');
    expect(shown.lines).toEqual([
      '::stop-commands::tok-1',
      'm1',
      '::tok-1::',
      '::debug::inside: ends the region',
      '::stop-commands::tok-2',
      'm2',
    ]);
  });

  test('group() closes its section, outside any region, when its work throws', async () => {
    const sink = wireSink();
    const log = new StepLog(sink, countingTokens());
    await expect(
      log.group('Phase', () => {
        log.untrusted('machine says');
        return Promise.reject(new Error('boom'));
      }),
    ).rejects.toThrow('boom');
    expect(sink.lines).toEqual([
      '::group::Phase',
      '::stop-commands::tok-1',
      'machine says',
      '::tok-1::',
      '::endgroup::',
    ]);
  });

  test('machine lines are defused as well as fenced', () => {
    const sink = wireSink();
    new StepLog(sink, countingTokens()).untrusted('x ##[error]y');
    expect(sink.lines[1]).toBe('x #\u200b#[error]y');
  });

  test('the wire sink of these tests writes what @actions/core writes', () => {
    vi.stubEnv('RUNNER_DEBUG', '1');
    const script = (log: StepLog): void => {
      log.startGroup('Reviewer claude');
      log.untrusted('line: 100% done\r');
      log.debug('GET /v1/apps/x/logs');
      log.warning('could not destroy machine m1; it may be orphaned', { title: 'a:b,c' });
      log.error('multi\nline');
      log.endGroup();
    };
    const sink = wireSink({ debug: true });
    script(new StepLog(sink, countingTokens()));
    expect(captureCoreStdout(() => script(new StepLog(core, countingTokens())))).toBe(
      sink.stdout(),
    );
  });
});

describe('the library logger during a live section, over @actions/core', () => {
  test('a library warning is a real annotation and no debug line shows as text', () => {
    vi.stubEnv('RUNNER_DEBUG', '');
    const stdout = captureCoreStdout(() => {
      const log = new StepLog(core, countingTokens());
      const logger = coreLogger(log);
      log.startGroup('Reviewer claude');
      log.untrusted('· Cloning Codertocat/Hello-World');
      for (let i = 0; i < 5; i++) logger.debug(`GET /v1/apps/flaude/logs page ${i}`);
      log.untrusted('::warning::forged by the machine');
      logger.warning('could not destroy machine m1; it may be orphaned');
      logger.info('library progress');
      log.untrusted('  ::error::forged with leading spaces');
      log.untrusted('##[error]forged, legacy form');
      log.endGroup();
    });

    expect(viewWorkflowLog(stdout).split('\n')).toEqual([
      '▼ Reviewer claude',
      `::stop-commands::tok-1`,
      '· Cloning Codertocat/Hello-World',
      '::warning::forged by the machine',
      `::tok-1::`,
      'Warning: could not destroy machine m1; it may be orphaned',
      'library progress',
      `::stop-commands::tok-2`,
      '  ::error::forged with leading spaces',
      '#\u200b#[error]forged, legacy form',
      `::tok-2::`,
      '',
      '',
    ]);
    // The poller's debug lines are neither shown nor written while the run hides them.
    expect(stdout).not.toContain('::debug::');
  });
});

test('defuse breaks only the legacy command form', () => {
  expect(defuse('a ##[error]b ## [c')).toBe('a #\u200b#[error]b ## [c');
});
