import { describe, expect, test } from 'vitest';
import {
  decideReap,
  isReviewerMachine,
  reapSummary,
  runToCheck,
  type ReapRow,
} from '../../src/action/reap.ts';
import { readMode, readReapInputs, type InputSource } from '../../src/action/inputs.ts';

const REPO = 'octo/app';
const NOW = new Date('2026-06-01T12:00:00Z');
const LATER = '2026-06-01T12:30:00.000Z';
const EARLIER = '2026-06-01T11:30:00.000Z';

function metadata(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const all: Record<string, string | undefined> = {
    flaude_name: 'flaude-claude-abc',
    flaude_repo: REPO,
    flaude_run_id: '42',
    flaude_run_attempt: '1',
    flaude_job: 'review',
    flaude_reviewer: 'claude',
    flaude_deadline: LATER,
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined),
  );
}

describe('decideReap', () => {
  test('past its deadline: destroyed, without asking GitHub, whatever the repository', () => {
    for (const repo of [REPO, 'someone/else']) {
      const m = metadata({ flaude_repo: repo, flaude_deadline: EARLIER });
      expect(runToCheck(m, NOW, REPO)).toBeUndefined();
      expect(decideReap(m, NOW, REPO, undefined)).toEqual({
        destroy: true,
        reason: `past its deadline (${EARLIER})`,
      });
    }
  });

  test('a deadline exactly now has passed', () => {
    const m = metadata({ flaude_deadline: NOW.toISOString() });
    expect(decideReap(m, NOW, REPO, undefined).destroy).toBe(true);
  });

  test('its run completed: destroyed, naming the conclusion', () => {
    const m = metadata();
    expect(runToCheck(m, NOW, REPO)).toEqual({ repo: REPO, runId: '42' });
    expect(decideReap(m, NOW, REPO, { kind: 'completed', conclusion: 'cancelled' })).toEqual({
      destroy: true,
      reason: 'workflow run 42 has completed (cancelled)',
    });
  });

  test('its run still in progress: left', () => {
    expect(decideReap(metadata(), NOW, REPO, { kind: 'active', status: 'in_progress' })).toEqual({
      destroy: false,
      reason: 'workflow run 42 is in_progress',
    });
  });

  test("another repository's machine before its deadline: left, its run never read", () => {
    const m = metadata({ flaude_repo: 'someone/else' });
    expect(runToCheck(m, NOW, REPO)).toBeUndefined();
    expect(decideReap(m, NOW, REPO, undefined)).toEqual({
      destroy: false,
      reason: "another repository's (someone/else): only touched past its deadline",
    });
  });

  test('a run the token cannot read: left until its deadline, saying so', () => {
    for (const status of [403, 404]) {
      const decision = decideReap(metadata(), NOW, REPO, { kind: 'unreadable', status });
      expect(decision.destroy).toBe(false);
      expect(decision.reason).toBe(
        `github-token cannot read workflow run 42 (GitHub answered ${status}; it needs ` +
          '`actions: read`): left until its deadline',
      );
    }
  });

  test('no github-token, or GitHub failing: left until its deadline', () => {
    const decision = decideReap(metadata(), NOW, REPO, {
      kind: 'unknown',
      reason: 'no github-token to read its run',
    });
    expect(decision).toEqual({
      destroy: false,
      reason: 'no github-token to read its run: left until its deadline',
    });
  });

  test('missing metadata: left alone, naming what is missing', () => {
    const noRun = metadata({ flaude_run_id: undefined });
    expect(runToCheck(noRun, NOW, REPO)).toBeUndefined();
    expect(decideReap(noRun, NOW, REPO, undefined)).toEqual({
      destroy: false,
      reason: 'no flaude_run_id in its metadata: left until its deadline',
    });
    const bare = metadata({
      flaude_repo: undefined,
      flaude_run_id: undefined,
      flaude_deadline: 'soon',
    });
    expect(decideReap(bare, NOW, REPO, undefined)).toEqual({
      destroy: false,
      reason:
        'no flaude_repo and flaude_run_id in its metadata: no valid flaude_deadline in its ' +
        'metadata, so it is left alone',
    });
  });

  test('no deadline but a completed run of this repository: destroyed', () => {
    const m = metadata({ flaude_deadline: undefined });
    expect(runToCheck(m, NOW, REPO)).toEqual({ repo: REPO, runId: '42' });
    expect(decideReap(m, NOW, REPO, { kind: 'completed', conclusion: null })).toEqual({
      destroy: true,
      reason: 'workflow run 42 has completed',
    });
  });
});

describe('isReviewerMachine', () => {
  const machine = (meta: Record<string, string> | undefined) => ({
    id: 'm1',
    state: 'started',
    ...(meta === undefined ? {} : { config: { image: 'i', metadata: meta } }),
  });
  test('needs both the library name and the action reviewer key', () => {
    expect(isReviewerMachine(machine(metadata()))).toBe(true);
    expect(isReviewerMachine(machine({ flaude_name: 'x' }))).toBe(false);
    expect(isReviewerMachine(machine({ flaude_reviewer: 'x' }))).toBe(false);
    expect(isReviewerMachine(machine(undefined))).toBe(false);
  });
});

describe('reapSummary', () => {
  const row: ReapRow = {
    id: 'm1',
    name: 'flaude-claude-abc',
    state: 'started',
    reviewer: 'claude',
    repo: REPO,
    runId: '42',
    deadline: LATER,
    action: 'would destroy',
    reason: 'workflow run 42 has completed | <b>',
  };
  test('one row per machine, cells escaped; a dry run says so', () => {
    const text = reapSummary('my-app', [row], true);
    expect(text).toContain('## Reaping reviewer machines in my-app (dry run)');
    expect(text).toContain(
      '| machine | state | reviewer | repo | run | deadline | action | reason |',
    );
    expect(text).toContain(
      `| flaude-claude-abc (m1) | started | claude | ${REPO} | 42 | ${LATER} | would destroy |`,
    );
    expect(text).toContain('completed \\| <');
    expect(text).not.toContain('<b>');
  });
  test('no machines: a sentence, no table', () => {
    expect(reapSummary('my-app', [], false)).toBe(
      '## Reaping reviewer machines in my-app\n\nNo reviewer machines found.\n',
    );
  });
});

function source(values: Record<string, string>): InputSource & { secrets: string[] } {
  const secrets: string[] = [];
  return { get: (name) => values[name] ?? '', setSecret: (v) => secrets.push(v), secrets };
}

describe('readMode and readReapInputs', () => {
  test('mode is review by default, reap when asked, anything else an error quoting it', () => {
    expect(readMode(source({}))).toBe('review');
    expect(readMode(source({ mode: 'reap' }))).toBe('reap');
    expect(() => readMode(source({ mode: 'Reap!' }))).toThrow(
      `Input 'mode' is "Reap!"; expected one of review, reap.`,
    );
  });

  test('reap needs no Claude credential or prompt; tokens masked; dry-run a boolean', () => {
    const s = source({ 'fly-api-token': 'fly-t', app: 'my-app', 'github-token': 'ghs_t' });
    expect(readReapInputs(s, {})).toEqual({
      flyApiToken: 'fly-t',
      flyApiUrl: 'https://api.machines.dev',
      flyLogsUrl: 'https://api.fly.io',
      app: 'my-app',
      dryRun: false,
      githubToken: 'ghs_t',
      githubApiUrl: 'https://api.github.com',
    });
    expect(s.secrets).toEqual(['fly-t', 'ghs_t']);
    const dry = source({ 'fly-api-token': 'f', app: 'my-app', 'dry-run': 'true' });
    expect(readReapInputs(dry, {}).dryRun).toBe(true);
    expect(() =>
      readReapInputs(source({ 'fly-api-token': 'f', app: 'my-app', 'dry-run': 'yes' }), {}),
    ).toThrow(`Input 'dry-run' is "yes"; expected true or false.`);
    expect(() => readReapInputs(source({ 'fly-api-token': 'f' }), {})).toThrow(
      "Input 'app' is required",
    );
  });
});
