/**
 * `npm run demo`: the main job of a pull_request workflow, run for real on this machine.
 * Starts the Fly emulator and the scripted model server on 127.0.0.1, creates a local
 * stand-in for the GitHub repository, runs the committed dist/index.js exactly as the runner
 * does (main step, then post step) on the real `pull_request.opened` payload, and prints
 * what the workflow log would show, then the transcripts the step wrote.
 *
 * A team of two reviewers when action.yml has the `reviewers` input, else the one reviewer a
 * step runs without it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot, runActionStep, type StepRun } from '../test/harness/action-run.ts';
import { startEmulators } from '../test/harness/emulators.ts';
import { renderWorkflowLog } from './workflow-log-view.ts';

/** Two reviewers that finish at different times: `[scenario:slow]` streams its answer slowly. */
const TEAM = [
  '- name: security',
  '  prompt: Review this pull request for security problems only.',
  '- name: tests',
  '  prompt: Check that every behaviour change in this pull request has a test. [scenario:slow]',
].join('\n');
const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>;
};
const team: Record<string, string> = 'reviewers' in action.inputs ? { reviewers: TEAM } : {};

const world = await startEmulators({ name: 'demo', fly: { token: 'demo-fly-token' } });
const { dir, repo, fly, anthropic } = world;
const event = world.pullRequestEvent();
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
  ...team,
};
const masks = Object.values(inputs).filter((v) => /token|sk-ant|ghs_/.test(v));
const out = (text: string): void => void process.stdout.write(text);

try {
  out(`Fly emulator ${fly.url} · logs ${fly.logsUrl} · model ${anthropic.url}\n`);
  out(
    `Event pull_request.opened: ${repo.fullName}#${repo.prNumber} (head ${repo.headSha.slice(0, 7)})\n\n`,
  );
  out('── Run flaude-action ─────────────────────────────────────────────\n');
  const view = renderWorkflowLog(masks, out);
  const main = await runActionStep(dir, { inputs, event, onOutput: view.write });
  view.flush();
  printStep(main);
  printTranscripts(main.outputs['transcripts-dir']);

  out('\n── Post Run flaude-action ────────────────────────────────────────\n');
  const postView = renderWorkflowLog(masks, out);
  const post = await runActionStep(dir, {
    inputs,
    event,
    state: main.state,
    onOutput: postView.write,
  });
  postView.flush();
  out(`\nMachines left in the Fly emulator: ${fly.liveMachines().length}\n`);
  out(`Requests Fly's OpenAPI file would refuse: ${fly.validationFailures.length}\n`);
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
