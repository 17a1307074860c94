/**
 * `npm run demo`: the main job of a pull_request workflow, run for real on this machine.
 * Starts the Fly emulator, the scripted model server and the GitHub emulator on 127.0.0.1,
 * creates a local stand-in for the GitHub repository with its pull request open, runs the
 * committed dist/index.js exactly as the runner does (main step, then post step) on the real
 * `pull_request.opened` payload, and prints what the workflow log would show, the transcripts
 * the step wrote, then the sticky comments and the reviews as the GitHub emulator holds them.
 *
 * A team of two reviewers when action.yml has the `reviewers` input, else the one reviewer a
 * step runs without it. Each reports a finding on the pull request's diff (`[findings:id]`),
 * so its review has an inline comment.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot, runActionStep, type StepRun } from '../test/harness/action-run.ts';
import { startEmulators } from '../test/harness/emulators.ts';
import { renderPullRequestView } from './pull-request-view.ts';
import { renderWorkflowLog } from './workflow-log-view.ts';

/** Two reviewers that finish at different times: `[scenario:slow]` streams its answer slowly. */
const TEAM = [
  '- name: security',
  '  prompt: Review this pull request for security problems only. [findings:demo-security]',
  '- name: tests',
  '  prompt: >-',
  '    Check that every behaviour change in this pull request has a test.',
  '    [scenario:slow] [findings:demo-tests]',
].join('\n');
/** What each reviewer reports: a finding on a line the pull request changed. */
const FINDINGS = {
  'demo-security': {
    summary: "The greeting puts the caller's `name` into its text unchecked.",
    verdict: 'comment',
    findings: [
      {
        path: 'src/greet.js',
        line: 2,
        severity: 'medium',
        title: 'An empty name greets nobody',
        body: 'A name of only blanks trims to `""`: the greeting reads `Hello, `.',
        suggestion: '  return "Hello, " + (name.trim() || "stranger");',
      },
    ],
  },
  'demo-tests': {
    summary: 'The trimming is new behaviour without a test.',
    verdict: 'request_changes',
    findings: [
      {
        path: 'src/greet.js',
        line: 2,
        severity: 'low',
        title: 'No test for the trimmed name',
        body: 'Add a test that `greet("  Ada ")` is `Hello, Ada`.',
      },
    ],
  },
};
const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>;
};
const team: Record<string, string> = 'reviewers' in action.inputs ? { reviewers: TEAM } : {};

const world = await startEmulators({ name: 'demo', fly: { token: 'demo-fly-token' } });
const { dir, repo, fly, anthropic, github } = world;
for (const [id, document] of Object.entries(FINDINGS)) anthropic.registerFindings(id, document);
const event = world.pullRequestEvent();
const step = world.githubStep();
const inputs = {
  'fly-api-token': 'demo-fly-token',
  app: 'flaude-demo',
  'claude-code-oauth-token': 'sk-ant-oat01-demo-token',
  image: 'registry.fly.io/flaude-demo:emulated',
  'vm-size': 'shared-cpu-2x',
  'memory-mb': '2048',
  'timeout-minutes': '5',
  'machine-github-token': 'ghs_demoMachineToken0000000000000',
  'fly-api-url': fly.url,
  'fly-logs-url': fly.logsUrl,
  ...step.inputs,
  ...team,
};
const masks = Object.values(inputs).filter((v) => /token|sk-ant|ghs_/.test(v));
const out = (text: string): void => void process.stdout.write(text);

try {
  out(
    `Fly emulator ${fly.url} · logs ${fly.logsUrl} · model ${anthropic.url} · GitHub ${github.url}\n`,
  );
  out(
    `Event pull_request.opened: ${repo.fullName}#${repo.prNumber} (head ${repo.headSha.slice(0, 7)})\n\n`,
  );
  out('── Run flaude-action ─────────────────────────────────────────────\n');
  const view = renderWorkflowLog(masks, out);
  const main = await runActionStep(dir, { inputs, event, env: step.env, onOutput: view.write });
  view.flush();
  printStep(main);
  printTranscripts(main.outputs['transcripts-dir']);

  out('\n── Post Run flaude-action ────────────────────────────────────────\n');
  const postView = renderWorkflowLog(masks, out);
  const post = await runActionStep(dir, {
    inputs,
    event,
    env: step.env,
    state: main.state,
    onOutput: postView.write,
  });
  postView.flush();
  out(`\nMachines left in the Fly emulator: ${fly.liveMachines().length}\n`);
  out(`Requests Fly's OpenAPI file would refuse: ${fly.validationFailures.length}\n`);

  out(`\n── Pull request ${repo.fullName}#${repo.prNumber} on the GitHub emulator ──────────\n`);
  out(
    renderPullRequestView({
      comments: github.issueComments(repo.fullName, repo.prNumber),
      reviews: github.reviews(repo.fullName, repo.prNumber),
      reviewComments: github.reviewComments(repo.fullName, repo.prNumber),
    }),
  );
  out(`\nRequests GitHub's OpenAPI description would refuse: ${github.invalidRequests.length}\n`);
  process.exitCode = main.exitCode === 0 && post.exitCode === 0 ? 0 : 1;
} finally {
  await world.stop();
}

function printTranscripts(dir: string | undefined): void {
  if (!dir) return;
  out(`\nTranscripts in ${dir}:\n`);
  for (const file of readdirSync(dir).sort()) {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n').filter(Boolean);
    const events = lines.filter((l) => l.startsWith('{')).length;
    out(`  ${file}: ${lines.length} lines (${events} stream-json events)\n`);
  }
}

function printStep(run: StepRun): void {
  out('\nOutputs:\n');
  for (const [name, value] of Object.entries(run.outputs)) {
    const shown = name === 'results' ? JSON.stringify(JSON.parse(value), null, 2) : value;
    out(`  ${name}: ${shown.replace(/\n/g, '\n  ')}\n`);
  }
  out(`\nStep result: ${run.exitCode === 0 ? 'success' : `failure (exit code ${run.exitCode})`}\n`);
}
