// Tier 3: a scheduled maintenance run. dist/index.js (main, then post) on `schedule`, against
// the Fly, model and GitHub emulators: the findings become annotations (10 of a kind, the
// rest in the job summary), and with `issue-title` the report goes to one issue, created by
// the first run and updated in place by the next, with the findings as a checklist.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { runMainThenPost, type StepRun } from '../harness/action-run.ts';
import { startEmulators, type ReviewerEmulators } from '../harness/emulators.ts';
import {
  emulatedStepInputs,
  expectGithubClean,
  expectNoSecrets,
  resultsOf,
} from '../harness/step-checks.ts';
import { expectFlyClean } from '../harness/use-emulators.ts';

const secrets = {
  fly: 'fly-e2e-schedule-token-5ecret',
  anthropic: 'sk-ant-api03-e2e-schedule-5ecret',
  github: 'ghs_e2eScheduleMachineToken5ecretValue',
};
const TITLE = 'Weekly maintenance report';

let world: ReviewerEmulators;

beforeAll(async () => {
  world = await startEmulators({ name: 'e2e-schedule', fly: { token: secrets.fly } });
});

afterAll(async () => {
  await world?.stop();
});

beforeEach(() => {
  world.fly.clearRecords();
  world.github.clearRecords();
});

afterEach(async () => {
  await expectFlyClean(world.fly);
  expectGithubClean(world.github, [...Object.values(secrets)]);
});

interface Finding {
  path: string;
  line: number;
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  title: string;
  body: string;
}

function finding(severity: Finding['severity'], line: number, title: string): Finding {
  return { path: 'src/greet.js', line, severity, title, body: `${title}, at line ${line}.` };
}

/** One step on `schedule` (the default branch's latest commit) whose model reports `id`. */
async function scheduledRun(id: string): Promise<{ main: StepRun; post: StepRun }> {
  const { repo } = world;
  const step = world.githubStep();
  return runMainThenPost(world.dir, {
    inputs: {
      ...emulatedStepInputs(world.fly, 'flaude-e2e-schedule', secrets, {
        name: 'maintenance',
        prompt: `Look after the repository. [findings:${id}]`,
        'issue-title': TITLE,
      }),
      ...step.inputs,
    },
    env: step.env,
    event: { name: 'schedule', payload: { schedule: '17 3 * * 1' } },
    github: { GITHUB_REF: `refs/heads/${repo.baseRef}`, GITHUB_SHA: repo.baseSha },
  });
}

/** A workflow command of the log (`::warning file=...,line=2::text`), properties decoded. */
interface Annotation {
  readonly kind: string;
  readonly properties: Record<string, string>;
  readonly message: string;
}

/** The log's error, warning and notice commands, in order. */
function annotations(log: string): Annotation[] {
  const decode = (text: string): string =>
    text.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r').replace(/%0A/g, '\n');
  return log.split('\n').flatMap((line) => {
    const command = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!command) return [];
    const properties = Object.fromEntries(
      (command[2] ?? '')
        .split(',')
        .filter(Boolean)
        .map((p) => [p.slice(0, p.indexOf('=')), decode(p.slice(p.indexOf('=') + 1))]),
    );
    return [{ kind: command[1] ?? '', properties, message: decode(command[3] ?? '') }];
  });
}

/** The open issues with the report's title. */
function reportIssues(): ReturnType<ReviewerEmulators['github']['issues']> {
  const { repo, github } = world;
  return github.issues(repo.fullName).filter((i) => i.title === TITLE && !i.isPullRequest);
}

describe('schedule with issue-title', () => {
  test('two runs, one issue updated in place; findings as annotations, the rest in the summary', async () => {
    const { repo, github } = world;
    // 1 error and 12 warnings: GitHub shows 10 of a kind, so the last 2 (the least severe
    // within the kind) go to the summary.
    const first = [
      finding('high', 2, 'Name not checked'),
      ...[1, 2, 3, 4].map((n) => finding('medium', n % 3 || 3, `Medium ${n}`)),
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => finding('low', n % 3 || 3, `Low ${n}`)),
    ];
    world.anthropic.registerFindings('schedule-first', {
      summary: 'The greeting needs care.',
      verdict: 'comment',
      findings: first,
    });

    const one = await scheduledRun('schedule-first');
    expect(one.main.exitCode, one.main.log).toBe(0);
    expect(one.post.exitCode, one.post.log).toBe(0);
    expect(resultsOf(one.main).map((r) => [r.name, r.success])).toEqual([['maintenance', true]]);

    const shown = annotations(one.main.log);
    expect(shown.filter((a) => a.kind === 'error')).toEqual([
      {
        kind: 'error',
        properties: {
          title: 'maintenance: Name not checked',
          file: 'src/greet.js',
          line: '2',
          endLine: '2',
        },
        message: 'Name not checked, at line 2.',
      },
    ]);
    const warnings = shown.filter((a) => a.kind === 'warning');
    expect(warnings.map((a) => a.properties.title)).toEqual([
      ...[1, 2, 3, 4].map((n) => `maintenance: Medium ${n}`),
      ...[1, 2, 3, 4, 5, 6].map((n) => `maintenance: Low ${n}`),
    ]);
    for (const w of warnings) expect(w.properties.file).toBe('src/greet.js');
    expect(one.main.log).toMatch(/^::warning title=maintenance%3A Low 1,file=src\/greet\.js,/m);
    expect(shown.filter((a) => a.kind === 'notice')).toEqual([]);
    // The two that did not fit are in the job summary, and not annotated.
    expect(one.main.summary).toContain('**2 more findings** than GitHub shows as annotations');
    expect(one.main.summary).toContain('- **low** `src/greet.js:1` Low 7 (maintenance)');
    expect(one.main.summary).toContain('- **low** `src/greet.js:2` Low 8 (maintenance)');

    // One issue, labelled, with every finding as an unticked item, most severe first.
    const [opened, ...more] = reportIssues();
    expect(more).toEqual([]);
    expect(opened).toMatchObject({ state: 'open', labels: ['flaude-report'] });
    const body = opened?.body ?? '';
    expect(body).toContain('## maintenance');
    expect(body).toContain('The greeting needs care.');
    const items = body.split('\n').filter((l) => l.startsWith('- ['));
    expect(items).toHaveLength(first.length);
    expect(items[0]).toBe('- [ ] **high** `src/greet.js:2` Name not checked');
    expect(items).toContain('- [ ] **low** `src/greet.js:2` Low 8');
    expect(one.main.log).toContain(`Opened the report issue https://github.com/${repo.fullName}/`);

    // A maintainer ticks one item between the runs.
    const number = opened?.number ?? 0;
    const ticked = body.replace('- [ ] **medium** `src/greet.js:1` Medium 1', (item) =>
      item.replace('[ ]', '[x]'),
    );
    expect(ticked).not.toBe(body);
    const edit = await fetch(`${github.url}/repos/${repo.fullName}/issues/${number}`, {
      method: 'PATCH',
      headers: { authorization: `token ${github.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ body: ticked }),
    });
    expect(edit.status).toBe(200);
    // The second run's requests on their own; the first run's are checked before they go.
    expectGithubClean(github, [...Object.values(secrets)]);
    github.clearRecords();

    // Next week: the high one is fixed, Medium 1 is still there, a new one appeared.
    world.anthropic.registerFindings('schedule-second', {
      summary: 'Better, one new problem.',
      verdict: 'comment',
      findings: [
        finding('medium', 1, 'Medium 1'),
        finding('critical', 3, 'Greeting leaks the name'),
      ],
    });
    const two = await scheduledRun('schedule-second');
    expect(two.main.exitCode, two.main.log).toBe(0);
    expect(two.post.exitCode, two.post.log).toBe(0);

    const [updated, ...others] = reportIssues();
    expect(others).toEqual([]);
    expect(updated?.number).toBe(number);
    const writes = github.requests.filter((r) => r.method !== 'GET');
    expect(writes.map((r) => [r.method, r.path])).toEqual([
      ['PATCH', `/repos/${repo.fullName}/issues/${number}`],
    ]);
    expect(two.main.log).toContain(
      `Updated the report issue https://github.com/${repo.fullName}/issues/${number}.`,
    );
    const next = updated?.body ?? '';
    expect(next).toContain('Better, one new problem.');
    expect(next).not.toContain('The greeting needs care.');
    expect(next.split('\n').filter((l) => l.startsWith('- ['))).toEqual([
      '- [ ] **critical** `src/greet.js:3` Greeting leaks the name',
      '- [x] **medium** `src/greet.js:1` Medium 1',
    ]);
    // Both fit in the annotations: nothing for the summary.
    expect(annotations(two.main.log).map((a) => [a.kind, a.properties.title])).toEqual([
      ['error', 'maintenance: Greeting leaks the name'],
      ['warning', 'maintenance: Medium 1'],
    ]);
    expect(two.main.summary).not.toContain('more finding');

    for (const run of [one.main, one.post, two.main, two.post]) {
      expectNoSecrets(run, Object.values(secrets));
    }
  });
});
