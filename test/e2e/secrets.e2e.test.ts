// Tier 3: secrets stay where they were put. dist/index.js runs a passing review, a failing one,
// a cancelled one (SIGTERM, then the post step) and a reaped one (SIGKILL, no post step, then
// `mode: reap`), each with a reviewer that prints its own credentials (`[bash:...]`: plain,
// base64 at two alignments, URL-encoded, and `env`) and quotes them in its findings. Then
// everything is scanned for every secret, plain and encoded (test/harness/secret-scan.ts):
// both steps' stdout and stderr, GITHUB_OUTPUT, GITHUB_STATE, the step summary, the
// transcripts, every request body the GitHub and Fly emulators received, and the machine
// configs and metadata Fly stored. The only place a secret may be is the machine env entry
// that exists to carry it: ANTHROPIC_API_KEY (the Claude credential), GITHUB_TOKEN and GH_TOKEN
// (the clone token, which the entrypoint removes before Claude starts) and NPM_TOKEN (the
// workflow's own `env` secret, given to the reviewer on purpose).
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { runActionStep, runMainThenPost, type StepRun } from '../harness/action-run.ts';
import {
  GITHUB_READ_ONLY_TOKEN,
  GITHUB_RUNNER_TOKEN,
  startEmulators,
  type ReviewerEmulators,
} from '../harness/emulators.ts';
import {
  emulatedStepInputs,
  expectFlyHoldsNoSecrets,
  expectGithubClean,
  expectNoSecrets,
  resultsOf,
  transcriptsOf,
} from '../harness/step-checks.ts';
import { secretHits } from '../harness/secret-scan.ts';
import { expectFlyClean } from '../harness/use-emulators.ts';

const APP = 'flaude-e2e-secrets';
// `/`, `+` and `=` make the base64, URL and form encodings of each differ from the plain text.
const secrets = {
  fly: 'fo1_secretsE2eFlyToken/0123456789+abc',
  anthropic: 'sk-ant-api03-secretsE2e/Key+0123456789=',
  github: 'ghs_secretsE2eCloneToken000000000000001',
};
const ENV_SECRET = 'npm_secretsE2eEnv/Value+0123456789';
const ALL_SECRETS = [
  ...Object.values(secrets),
  ENV_SECRET,
  GITHUB_RUNNER_TOKEN,
  GITHUB_READ_ONLY_TOKEN,
];
/** The machine env entries that exist to carry a secret, each with the one it carries. */
const CARRIERS = {
  ANTHROPIC_API_KEY: secrets.anthropic,
  GITHUB_TOKEN: secrets.github,
  GH_TOKEN: secrets.github,
  NPM_TOKEN: ENV_SECRET,
};

/**
 * What a prompt-injected reviewer runs: its credential in base64 (aligned, and after one
 * byte), URL-encoded, the `env` secret in unwrapped base64, and the whole environment.
 */
const PRINT_CREDENTIALS =
  '[bash:echo $ANTHROPIC_API_KEY | base64; printf x%s $ANTHROPIC_API_KEY | base64; ' +
  `jq -rn --arg k "$ANTHROPIC_API_KEY" '$k|@uri'; printf %s $NPM_TOKEN | base64 -w0; echo; env]`;

const b64 = (text: string): string => Buffer.from(text).toString('base64');

/** Findings that quote the credentials, as a reviewer that read them from `env` would. */
const LEAKY_FINDINGS = {
  summary: `The key is ANTHROPIC_API_KEY=${secrets.anthropic}; encoded, ${b64(secrets.anthropic)}.`,
  verdict: 'request_changes',
  findings: [
    {
      path: 'src/greet.js',
      line: 2,
      severity: 'high',
      title: `Leaks ${encodeURIComponent(secrets.anthropic)}`,
      body: `NPM_TOKEN=${ENV_SECRET}, or ${b64(`:${ENV_SECRET}`)} in a Basic header.`,
      suggestion: `  return "${secrets.anthropic}";`,
    },
  ],
};

let world: ReviewerEmulators;

beforeAll(async () => {
  // The slow answer (about a minute) keeps Claude busy while a test cancels or kills the step.
  world = await startEmulators({
    name: 'e2e-secrets',
    fly: { token: secrets.fly },
    model: { scenarios: { slowChunkDelayMs: 500, slowChunkCount: 120 } },
  });
  world.anthropic.registerFindings('leaky', LEAKY_FINDINGS);
});

afterAll(async () => {
  await world?.stop();
});

afterEach(async () => {
  await expectFlyClean(world.fly);
  expectGithubClean(world.github, ALL_SECRETS);
  expectFlyHoldsNoSecrets(world.fly, ALL_SECRETS, CARRIERS);
});

/** The runner's environment: this repository, workflow run `runId`. */
function runner(runId: number): Record<string, string> {
  return { GITHUB_REPOSITORY: world.repo.fullName, GITHUB_RUN_ID: String(runId) };
}

function stepInputs(name: string, prompt: string): Record<string, string> {
  return {
    ...emulatedStepInputs(world.fly, APP, secrets, {
      name,
      prompt,
      env: `NPM_TOKEN: "${ENV_SECRET}"`,
    }),
    ...world.githubStep().inputs,
  };
}

/**
 * The reviewer printed its credentials, so the scans below have something to miss: the model
 * saw the base64 in its tool's result, and the machine's own output (Fly's log, which only
 * the app's owners read) holds the key plain, in base64 and URL-encoded, and the `env` secret.
 */
function expectCredentialPrinted(since: number, reviewer: string): void {
  const excerpts = world.anthropic.requests.slice(since).map((r) => r.toolResultExcerpt ?? '');
  expect(excerpts.some((e) => e.includes(b64(`${secrets.anthropic}\n`)))).toBe(true);
  const machine = world.fly
    .machines()
    .find((m) => (m.config.metadata as Record<string, string>).flaude_reviewer === reviewer);
  const output = world.fly
    .logEntries({ app: APP, instance: machine?.id ?? 'none' })
    .map((e) => e.message)
    .join('\n');
  const hit = (n: number, secret: string, shape: string): string =>
    `secret #${n} (${secret.length} characters), ${shape}, in machine output`;
  expect(secretHits([['machine output', output]], [secrets.anthropic, ENV_SECRET])).toEqual(
    expect.arrayContaining([
      hit(1, secrets.anthropic, 'plain'),
      hit(1, secrets.anthropic, 'url-encoded'),
      hit(1, secrets.anthropic, 'base64'),
      hit(2, ENV_SECRET, 'plain'),
      hit(2, ENV_SECRET, 'base64'),
    ]),
  );
}

/** Every step of the review, each scanned on every surface the runner keeps. */
function expectStepsClean(...runs: StepRun[]): void {
  for (const run of runs) expectNoSecrets(run, ALL_SECRETS);
}

/** Aborts `delayMs` after Claude is running in the machine. */
function abortOnceClaudeRuns(
  controller: AbortController,
  delayMs: number,
): (chunk: string) => void {
  let seen = '';
  let armed = false;
  return (chunk) => {
    seen += chunk;
    if (!armed && seen.includes('Claude Code started')) {
      armed = true;
      setTimeout(() => controller.abort(), delayMs);
    }
  };
}

test('a passing review that prints and quotes its credentials: redacted everywhere', async () => {
  const since = world.anthropic.requests.length;
  const { main, post } = await runMainThenPost(world.dir, {
    inputs: stepInputs('passing', `Review it. [findings:leaky] ${PRINT_CREDENTIALS}`),
    env: world.githubStep().env,
    event: world.pullRequestEvent(),
  });
  expect(main.exitCode, main.log).toBe(0);
  expect(post.exitCode, post.log).toBe(0);
  expectCredentialPrinted(since, 'passing');
  const [result] = resultsOf(main);
  expect(result).toMatchObject({ name: 'passing', success: true });
  // What was redacted is still there, as stars: the review itself was not lost.
  expect(result?.result).toContain('ANTHROPIC_API_KEY=***');
  expect([...transcriptsOf(main).values()].join('\n')).toContain('***');
  const posted = world.github.requests.filter((r) => r.method === 'POST').map((r) => r.rawBody);
  expect(posted.join('\n')).toContain('NPM_TOKEN=***');
  expectStepsClean(main, post);
}, 120_000);

test('a failing review whose error quotes the log tail: redacted there too', async () => {
  const since = world.anthropic.requests.length;
  const { main, post } = await runMainThenPost(world.dir, {
    inputs: stepInputs(
      'failing',
      `Review it. [scenario:bad-structured-output] ${PRINT_CREDENTIALS}`,
    ),
    env: world.githubStep().env,
    event: world.pullRequestEvent(),
  });
  expect(main.exitCode).toBe(1);
  expect(post.exitCode, post.log).toBe(0);
  expectCredentialPrinted(since, 'failing');
  expect(resultsOf(main)[0]).toMatchObject({ name: 'failing', success: false });
  expect(main.log).toContain('::error title=');
  expectStepsClean(main, post);
}, 120_000);

test('a cancelled review (SIGTERM, then the post step): nothing leaks on the way out', async () => {
  const since = world.anthropic.requests.length;
  const controller = new AbortController();
  const inputs = stepInputs('cancelled', `Review slowly. [scenario:slow] ${PRINT_CREDENTIALS}`);
  const main = await runActionStep(world.dir, {
    inputs,
    env: world.githubStep().env,
    event: world.pullRequestEvent(),
    signal: controller.signal,
    killSignal: 'SIGTERM',
    onOutput: abortOnceClaudeRuns(controller, 3_000),
  });
  expect(controller.signal.aborted).toBe(true);
  expect(main.log).toContain('Received SIGTERM');
  const post = await runActionStep(world.dir, {
    inputs,
    env: world.githubStep().env,
    event: world.pullRequestEvent(),
    state: main.state,
  });
  expect(post.exitCode, post.log).toBe(0);
  expectCredentialPrinted(since, 'cancelled');
  expectStepsClean(main, post);
}, 120_000);

test('a reaped review (SIGKILL, no post step, then mode: reap): nothing leaks either', async () => {
  const { github, repo } = world;
  const runId = github.addWorkflowRun(repo.fullName, { headSha: repo.headSha });
  const controller = new AbortController();
  const main = await runActionStep(world.dir, {
    inputs: stepInputs('reaped', `Review slowly. [scenario:slow] ${PRINT_CREDENTIALS}`),
    env: world.githubStep().env,
    event: world.pullRequestEvent(),
    github: runner(runId),
    signal: controller.signal,
    killSignal: 'SIGKILL',
    onOutput: abortOnceClaudeRuns(controller, 3_000),
  });
  expect(main.exitCode).not.toBe(0);
  expect(world.fly.liveMachines()).toHaveLength(1);

  github.updateWorkflowRun(runId, { status: 'completed', conclusion: 'cancelled' });
  const reader = world.githubStep(GITHUB_READ_ONLY_TOKEN);
  const reap = await runActionStep(world.dir, {
    inputs: {
      mode: 'reap',
      'fly-api-token': secrets.fly,
      app: APP,
      'fly-api-url': world.fly.url,
      'fly-logs-url': world.fly.logsUrl,
      ...reader.inputs,
    },
    env: reader.env,
    event: { name: 'schedule', payload: { schedule: '*/30 * * * *' } },
    github: runner(runId),
  });
  expect(reap.exitCode, reap.log).toBe(0);
  expect(reap.outputs.reaped).toBe('1');
  expectStepsClean(main, reap);
}, 120_000);
