// Tier 3: dist/index.js on hostile and mistaken inputs, one table row each: every row fails
// the step with exactly one error that names the input and quotes the value (or, where the
// value may hold a secret, says where the problem is without it), and neither the Fly nor the
// GitHub emulator receives a single request. All rows fail while the inputs are read, so each
// is one short Node process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { repoRoot, runActionStep } from '../harness/action-run.ts';
import {
  startEmulators,
  GITHUB_RUNNER_TOKEN,
  type ReviewerEmulators,
} from '../harness/emulators.ts';
import { emulatedStepInputs, expectNoSecrets } from '../harness/step-checks.ts';

const secrets = {
  fly: 'fly-bad-inputs-e2e-token-5ecret',
  anthropic: 'sk-ant-api03-bad-inputs-e2e-5ecret-key',
  github: 'ghs_badInputsE2eGithubToken5ecretValue',
};
const OAUTH_TOKEN = 'sk-ant-oat01-bad-inputs-e2e-5ecret-oauth';

/** One bad input and what its error must say. */
interface BadInput {
  /** What is wrong, the row's title. */
  readonly why: string;
  /** Inputs on top of a valid step's; '' empties one. */
  readonly inputs: Record<string, string>;
  /** What the error names: an input (quoted as `'name'`), or the event. */
  readonly names: string;
  /** The value the error must quote, as JSON quotes it. */
  readonly quotes?: string;
  /**
   * What the error says instead of the value, where the value is not quoted: it may hold a
   * secret (YAML documents, claude-args that do not split, credentials, URLs with a password),
   * or there is none (a missing input).
   */
  readonly says?: string;
  /** A value that must appear nowhere the step shows (a secret written in the bad input). */
  readonly secret?: string;
  /** The event, when not a pull request being opened. */
  readonly event?: { name: string; payload: unknown };
}

const schedule = { name: 'schedule', payload: { schedule: '17 3 * * 1' } };
const dispatch = { name: 'workflow_dispatch', payload: { inputs: {}, ref: 'refs/heads/main' } };

/** A YAML list of `n` valid reviewers. */
function manyReviewers(n: number): string {
  return Array.from({ length: n }, (_, i) => `- name: r${i}\n  prompt: Review part ${i}.\n`).join(
    '',
  );
}

/** The "billion laughs": each alias doubles the one before, 2^30 nodes if expanded. */
const ALIAS_BOMB = [
  'a: &a ["lol", "lol"]',
  ...Array.from({ length: 29 }, (_, i) => {
    const prev = i === 0 ? 'a' : `b${i - 1}`;
    return `b${i}: &b${i} [*${prev}, *${prev}]`;
  }),
].join('\n');

const rows: BadInput[] = [
  // Credentials and the Fly connection.
  {
    why: 'no Fly token',
    inputs: { 'fly-api-token': '' },
    names: 'fly-api-token',
    says: 'is required',
  },
  {
    why: 'a Fly token with a line break inside',
    inputs: { 'fly-api-token': 'FlyV1 fm2_first\nsecondHalf5ecret' },
    names: 'fly-api-token',
    says: 'control character',
    secret: 'secondHalf5ecret',
  },
  {
    why: 'both Claude credentials',
    inputs: { 'claude-code-oauth-token': OAUTH_TOKEN },
    names: 'claude-code-oauth-token',
    says: 'both set',
    secret: OAUTH_TOKEN,
  },
  {
    why: 'neither Claude credential',
    inputs: { 'anthropic-api-key': '' },
    names: 'anthropic-api-key',
    says: 'give exactly one',
  },
  {
    why: 'an Anthropic key with a control character inside',
    inputs: { 'anthropic-api-key': 'sk-ant-api03-half\u0007otherHalf5ecret' },
    names: 'anthropic-api-key',
    says: 'control character',
    secret: 'otherHalf5ecret',
  },
  {
    why: 'a machine GitHub token with a line break inside',
    inputs: { 'machine-github-token': 'ghs_first\nghs_second5ecret' },
    names: 'machine-github-token',
    says: 'control character',
    secret: 'ghs_second5ecret',
  },
  {
    why: 'a GitHub token with a line break inside',
    inputs: { 'github-token': 'ghs_first\r\nghs_posting5ecret' },
    names: 'github-token',
    says: 'control character',
    secret: 'ghs_posting5ecret',
  },
  {
    why: 'a Fly API URL of another scheme',
    inputs: { 'fly-api-url': 'ftp://api.machines.dev' },
    names: 'fly-api-url',
    quotes: 'ftp://api.machines.dev',
  },
  {
    why: 'a Fly API URL with a password in it',
    inputs: { 'fly-api-url': 'https://me:hunter2pass5ecret@api.machines.dev' },
    names: 'fly-api-url',
    says: 'must not carry credentials',
    secret: 'hunter2pass5ecret',
  },
  {
    why: 'a Fly logs URL that is no URL',
    inputs: { 'fly-logs-url': 'not a url' },
    names: 'fly-logs-url',
    quotes: 'not a url',
  },
  {
    why: 'a registry URL without a scheme',
    inputs: { 'fly-registry-url': 'registry.fly.io' },
    names: 'fly-registry-url',
    quotes: 'registry.fly.io',
  },
  {
    why: 'a GitHub API URL of a script',
    inputs: { 'github-api-url': 'javascript:alert(1)' },
    names: 'github-api-url',
    quotes: 'javascript:alert(1)',
  },
  {
    why: 'a GitHub API URL with a token in it',
    inputs: { 'github-api-url': 'https://x-access-token:ghs_inUrl5ecret@api.github.com' },
    names: 'github-api-url',
    says: 'must not carry credentials',
    secret: 'ghs_inUrl5ecret',
  },
  // The app and the machines.
  { why: 'no app', inputs: { app: '' }, names: 'app', says: 'is required' },
  { why: 'an app name in capitals', inputs: { app: 'My_App' }, names: 'app', quotes: 'My_App' },
  {
    why: 'an app name too long',
    inputs: { app: 'a'.repeat(64) },
    names: 'app',
    quotes: 'a'.repeat(64),
  },
  { why: 'an org with a space', inputs: { org: 'my org' }, names: 'org', quotes: 'my org' },
  {
    why: 'an image reference with a space',
    inputs: { image: 'registry.fly.io/app:tag latest' },
    names: 'image',
    quotes: 'registry.fly.io/app:tag latest',
  },
  {
    why: 'a region that is no code',
    inputs: { region: 'us-east' },
    names: 'region',
    quotes: 'us-east',
  },
  {
    why: 'an unknown vm size',
    inputs: { 'vm-size': 'shared-cpu-3x' },
    names: 'vm-size',
    quotes: 'shared-cpu-3x',
  },
  { why: 'memory with a unit', inputs: { 'memory-mb': '2GB' }, names: 'memory-mb', quotes: '2GB' },
  {
    why: 'memory not a multiple of 256',
    inputs: { 'memory-mb': '1000' },
    names: 'memory-mb',
    quotes: '1000',
  },
  {
    why: 'memory far over the preset',
    inputs: { 'memory-mb': '99999999' },
    names: 'memory-mb',
    quotes: '99999999',
  },
  {
    why: 'a timeout of zero minutes',
    inputs: { 'timeout-minutes': '0' },
    names: 'timeout-minutes',
    quotes: '0',
  },
  {
    why: 'a timeout longer than any job',
    inputs: { 'timeout-minutes': '361' },
    names: 'timeout-minutes',
    quotes: '361',
  },
  {
    why: 'a timeout written as a duration',
    inputs: { 'timeout-minutes': '30m' },
    names: 'timeout-minutes',
    quotes: '30m',
  },
  {
    why: 'no reviewer machine at once',
    inputs: { 'max-concurrency': '0' },
    names: 'max-concurrency',
    quotes: '0',
  },
  {
    why: 'more machines at once than a step polls',
    inputs: { 'max-concurrency': '51' },
    names: 'max-concurrency',
    quotes: '51',
  },
  // Claude's settings.
  {
    why: 'a model that is an option',
    inputs: { model: '--dangerously-skip-permissions' },
    names: 'model',
    quotes: '--dangerously-skip-permissions',
  },
  { why: 'zero turns', inputs: { 'max-turns': '0' }, names: 'max-turns', quotes: '0' },
  {
    why: 'a fraction of a turn',
    inputs: { 'max-turns': '1.5' },
    names: 'max-turns',
    quotes: '1.5',
  },
  {
    why: 'a budget in exponent notation',
    inputs: { 'max-budget-usd': '1e3' },
    names: 'max-budget-usd',
    quotes: '1e3',
  },
  {
    why: 'a negative budget',
    inputs: { 'max-budget-usd': '-5' },
    names: 'max-budget-usd',
    quotes: '-5',
  },
  {
    why: 'an allowed tool that is an option',
    inputs: { 'allowed-tools': 'Read,--dangerously-skip-permissions' },
    names: 'allowed-tools',
    quotes: '--dangerously-skip-permissions',
  },
  {
    why: 'a disallowed tool that is an option',
    inputs: { 'disallowed-tools': 'Bash\n-p' },
    names: 'disallowed-tools',
    quotes: '-p',
  },
  {
    why: 'claude-args setting the model',
    inputs: { 'claude-args': '--model opus' },
    names: 'claude-args',
    quotes: '--model',
  },
  {
    why: 'claude-args setting print mode in a cluster',
    inputs: { 'claude-args': '--add-dir /x -cp' },
    names: 'claude-args',
    quotes: '-cp',
  },
  {
    why: 'claude-args setting the findings schema',
    inputs: { 'claude-args': '--json-schema={}' },
    names: 'claude-args',
    quotes: '--json-schema={}',
  },
  {
    why: 'claude-args loading project settings from the checkout',
    inputs: { 'claude-args': '--setting-sources user,project' },
    names: 'claude-args',
    quotes: '--setting-sources',
  },
  {
    why: 'claude-args dropping the strict MCP config',
    inputs: { 'claude-args': '--add-dir /x --strict-mcp-config' },
    names: 'claude-args',
    quotes: '--strict-mcp-config',
  },
  {
    why: 'claude-args ending the options',
    inputs: { 'claude-args': '--add-dir /x -- do as I say' },
    names: 'claude-args',
    quotes: '--',
  },
  {
    why: 'claude-args not starting with an option',
    inputs: { 'claude-args': 'review everything' },
    names: 'claude-args',
    quotes: 'review everything',
  },
  {
    why: 'claude-args with an open quote around a secret',
    inputs: { 'claude-args': `--settings '{"apiKeyHelper": "echo sk-ant-unclosed5ecret"}` },
    names: 'claude-args',
    says: 'cannot be split',
    secret: 'sk-ant-unclosed5ecret',
  },
  // The team.
  {
    why: 'a name with a space',
    inputs: { name: 'my reviewer' },
    names: 'name',
    quotes: 'my reviewer',
  },
  {
    why: 'a name that is a workflow command',
    inputs: { name: '::warning::x' },
    names: 'name',
    quotes: '::warning::x',
  },
  {
    why: 'reviewers given as a map',
    inputs: { reviewers: 'name: security\nprompt: Review it.' },
    names: 'reviewers',
    says: 'is a map',
  },
  {
    why: 'two reviewers of one name',
    inputs: { reviewers: '- name: tests\n  prompt: a\n- name: tests\n  prompt: b' },
    names: 'reviewers',
    quotes: 'tests',
  },
  {
    why: 'a reviewer name that climbs out of a path',
    inputs: { reviewers: '- name: ../../etc\n  prompt: a' },
    names: 'reviewers',
    quotes: '../../etc',
  },
  {
    why: 'a reviewer entry with an unknown key',
    inputs: { reviewers: '- name: tests\n  promt: a' },
    names: 'reviewers',
    quotes: 'promt',
  },
  {
    why: 'a reviewer entry setting the Claude credential',
    inputs: {
      reviewers: `- name: tests\n  prompt: a\n  env:\n    ANTHROPIC_API_KEY: sk-ant-other5ecret`,
    },
    names: 'reviewers',
    quotes: 'ANTHROPIC_API_KEY',
    secret: 'sk-ant-other5ecret',
  },
  {
    why: "a reviewer's appended system prompt given as a list",
    inputs: { reviewers: '- name: tests\n  prompt: a\n  append-system-prompt: [be, terse]' },
    names: 'append-system-prompt',
    says: 'is a list; expected text',
  },
  {
    why: 'reviewers with a duplicate key',
    inputs: { reviewers: '- name: tests\n  prompt: a\n  prompt: b' },
    names: 'reviewers',
    says: 'line 3',
  },
  {
    why: 'reviewers with a YAML tag',
    inputs: { reviewers: '- name: tests\n  max-turns: !!int 5' },
    names: 'reviewers',
    says: 'line 2',
  },
  {
    why: 'reviewers with an alias bomb',
    inputs: { reviewers: ALIAS_BOMB },
    names: 'reviewers',
    says: 'anchor or alias',
  },
  {
    why: 'reviewers nested twenty thousand deep',
    inputs: { reviewers: `${'['.repeat(20_000)}${']'.repeat(20_000)}` },
    names: 'reviewers',
    says: 'nested',
  },
  {
    why: 'reviewers as a document over 64 KiB',
    inputs: { reviewers: `- name: big\n  prompt: ${'x'.repeat(70_000)}` },
    names: 'reviewers',
    says: 'characters',
  },
  {
    why: 'a thousand reviewers',
    inputs: { reviewers: manyReviewers(1000) },
    names: 'reviewers',
    says: '1000',
  },
  {
    why: 'reviewers and prompt both',
    inputs: { reviewers: '- name: tests\n  prompt: a', prompt: 'Review it.' },
    names: 'prompt',
    says: 'both set',
  },
  // Environment and metadata.
  {
    why: 'env given as a list',
    inputs: { env: '- A=1' },
    names: 'env',
    says: 'is a list',
  },
  {
    why: 'env setting the container contract',
    inputs: { env: 'FLAUDE_PROMPT: do as I say' },
    names: 'env',
    quotes: 'FLAUDE_PROMPT',
  },
  {
    why: "env setting Fly's own variable",
    inputs: { env: 'FLY_APP_NAME: other' },
    names: 'env',
    quotes: 'FLY_APP_NAME',
  },
  {
    why: 'env setting the GitHub token',
    inputs: { env: 'GH_TOKEN: ghs_envOverride5ecret' },
    names: 'env',
    quotes: 'GH_TOKEN',
    secret: 'ghs_envOverride5ecret',
  },
  {
    why: 'env with a name that is no variable',
    inputs: { env: 'MY-TOKEN: sk-live-envValue5ecret' },
    names: 'env',
    quotes: 'MY-TOKEN',
    secret: 'sk-live-envValue5ecret',
  },
  {
    why: 'metadata the action owns',
    inputs: { metadata: 'flaude_deadline: "9999999999"' },
    names: 'metadata',
    quotes: 'flaude_deadline',
  },
  {
    why: 'metadata Fly owns',
    inputs: { metadata: 'fly_process_group: app' },
    names: 'metadata',
    quotes: 'fly_process_group',
  },
  {
    why: 'metadata holding the Fly token',
    inputs: { metadata: `team: "owner ${secrets.fly}"` },
    names: 'metadata',
    says: 'credential',
  },
  {
    why: 'more metadata than fits',
    inputs: {
      metadata: Array.from({ length: 64 }, (_, i) => `k${i}: v`).join('\n'),
    },
    names: 'metadata',
    says: '64 entries',
  },
  // Switches and posting.
  {
    why: 'fail-on-error as yes',
    inputs: { 'fail-on-error': 'yes' },
    names: 'fail-on-error',
    quotes: 'yes',
  },
  {
    why: 'allow-fork-prs as 1',
    inputs: { 'allow-fork-prs': '1' },
    names: 'allow-fork-prs',
    quotes: '1',
  },
  {
    why: 'claude-github-token as on',
    inputs: { 'claude-github-token': 'on' },
    names: 'claude-github-token',
    quotes: 'on',
  },
  {
    why: 'an unknown comment mode',
    inputs: { comment: 'sometimes' },
    names: 'comment',
    quotes: 'sometimes',
  },
  {
    why: 'inline-comments as enabled',
    inputs: { 'inline-comments': 'enabled' },
    names: 'inline-comments',
    quotes: 'enabled',
  },
  {
    why: 'an unknown mode',
    inputs: { mode: 'harvest' },
    names: 'mode',
    quotes: 'harvest',
  },
  {
    why: 'a reap whose dry-run is no boolean',
    inputs: { mode: 'reap', 'dry-run': 'maybe' },
    names: 'dry-run',
    quotes: 'maybe',
  },
  {
    why: 'a review event GitHub has but the action does not send',
    inputs: { 'review-event': 'REQUEST_CHANGES' },
    names: 'review-event',
    quotes: 'REQUEST_CHANGES',
  },
  {
    why: 'too many inline comments',
    inputs: { 'max-inline-comments': '101' },
    names: 'max-inline-comments',
    quotes: '101',
  },
  {
    why: 'a negative number of inline comments',
    inputs: { 'max-inline-comments': '-1' },
    names: 'max-inline-comments',
    quotes: '-1',
  },
  {
    why: 'an unknown severity',
    inputs: { 'fail-on-severity': 'blocker' },
    names: 'fail-on-severity',
    quotes: 'blocker',
  },
  {
    why: 'a trigger phrase over two lines',
    inputs: { 'trigger-phrase': '/review\n/approve' },
    names: 'trigger-phrase',
    quotes: '/review\n/approve',
  },
  {
    why: 'a trigger phrase of a paragraph',
    inputs: { 'trigger-phrase': 'r'.repeat(101) },
    names: 'trigger-phrase',
    quotes: 'r'.repeat(101),
  },
  {
    why: 'an issue title longer than GitHub takes',
    inputs: { 'issue-title': 't'.repeat(257) },
    names: 'issue-title',
    quotes: `${'t'.repeat(200)}…`,
  },
  {
    why: 'an issue title that is a workflow command on a line of its own',
    inputs: { 'issue-title': 'Report\n::error::forged' },
    names: 'issue-title',
    quotes: 'Report\n::error::forged',
  },
  // Events.
  {
    why: 'no prompt on a schedule',
    inputs: {},
    event: schedule,
    names: 'prompt',
    says: "on 'schedule' events",
  },
  {
    why: 'a blank prompt on a manual run',
    inputs: { prompt: '  \n  ' },
    event: dispatch,
    names: 'prompt',
    says: "on 'workflow_dispatch' events",
  },
  {
    why: 'a reviewer without a prompt on a schedule',
    inputs: { reviewers: '- name: nightly' },
    event: schedule,
    names: 'reviewers',
    quotes: 'nightly',
  },
  {
    why: 'an unknown event',
    inputs: {},
    event: { name: 'release', payload: { action: 'published' } },
    names: 'release',
    says: 'is not supported',
  },
];

let world: ReviewerEmulators;

beforeAll(async () => {
  world = await startEmulators({ name: 'e2e-bad-inputs', fly: { token: secrets.fly } });
});

afterAll(async () => {
  await world?.stop();
});

/** The text of a workflow command's message, as the runner shows it. */
function commandText(line: string): string {
  const message = line.slice(line.indexOf('::', 2) + 2);
  return message.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

test('the table has a row for every input and at least 40 rows', () => {
  const actionYml = readFileSync(join(repoRoot, 'action.yml'), 'utf8');
  const inputsBlock = actionYml.slice(
    actionYml.indexOf('\ninputs:'),
    actionYml.indexOf('\noutputs:'),
  );
  const declared = [...inputsBlock.matchAll(/^ {2}([a-z][a-z0-9-]*):/gm)].map((m) => m[1]);
  const covered = new Set(rows.flatMap((r) => [r.names, ...Object.keys(r.inputs)]));
  expect(declared.length).toBeGreaterThan(30);
  expect(declared.filter((name) => !covered.has(name ?? ''))).toEqual([]);
  expect(rows.length).toBeGreaterThanOrEqual(40);
});

describe('a bad input fails the step before any request', () => {
  beforeEach(() => {
    world.fly.clearRecords();
    world.github.clearRecords();
  });

  test.each(rows)('$why', async (row) => {
    const event = row.event ?? world.pullRequestEvent();
    const step = world.githubStep();
    const inputs = {
      ...emulatedStepInputs(world.fly, 'flaude-bad-inputs', secrets),
      ...step.inputs,
      ...row.inputs,
    };
    const run = await runActionStep(world.dir, { inputs, event, env: step.env });

    expect(run.exitCode, run.log).toBe(1);
    const errors = run.log.split('\n').filter((line) => line.startsWith('::error'));
    expect(errors, run.log).toHaveLength(1);
    const error = commandText(errors[0] ?? '');
    expect(error).toContain(`'${row.names}'`);
    const shows = [
      ...(row.quotes === undefined ? [] : [JSON.stringify(row.quotes)]),
      ...(row.says === undefined ? [] : [row.says]),
    ];
    expect(shows, 'a row must say what the error shows').not.toEqual([]);
    for (const text of shows) expect(error).toContain(text);
    const written = [secrets.fly, secrets.anthropic, secrets.github, GITHUB_RUNNER_TOKEN];
    expectNoSecrets(run, row.secret === undefined ? written : [...written, row.secret]);
    expect(world.fly.requests).toEqual([]);
    expect(world.github.requests).toEqual([]);
  });
});
