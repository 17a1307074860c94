/**
 * Scenario 5, GitHub side: GitHub API requests per reviewer for the sticky comment and the
 * review, on the fixture's pull request (2 files, no comments) and again once it has 100
 * files and 100 earlier comments, one reviewer with one finding each time.
 */
import { runStep, expectSuccess } from './action-step.ts';
import type { Figure, ScenarioResult } from './figure.ts';
import type { Network } from './floor.ts';
import { startBenchWorld, type MachinePlan } from './world.ts';

const APP = 'flaude-bench-github';
const PLAN: MachinePlan = { runMs: 1_000, lines: 5, tailLines: 1 };
const LARGE_FILES = 100;
const EARLIER_COMMENTS = 100;

/** Runs one reviewer on the small pull request, grows it, runs again. */
export async function benchGithubGrowth(opts: {
  network: Network;
  signal: AbortSignal;
}): Promise<ScenarioResult> {
  const world = await startBenchWorld('bench-github', opts.network);
  world.fly.addApp(APP);
  const byKind: Record<string, Record<string, number>> = {};
  const counts: Array<{ files: number; comments: number; requests: number }> = [];
  try {
    const small = await runStep(world, {
      app: APP,
      reviewers: 1,
      plan: PLAN,
      tag: 'gh-small',
      signal: opts.signal,
    });
    expectSuccess(small, 1, 'GitHub, small pull request');
    // The first run left its own sticky comment: "earlier comments" are the others'.
    counts.push({ files: 2, comments: 0, requests: small.githubRequests.length });
    byKind.small = kinds(small.githubRequests);

    const files: Record<string, string> = {};
    // src/greet.js and README.md are already changed: 98 more files make 100.
    for (let i = 1; i <= LARGE_FILES - 2; i++) {
      files[`src/generated/file-${String(i).padStart(3, '0')}.js`] = `export const n${i} = ${i};\n`;
    }
    const head = world.repo.pushHead(files, 'Grow the pull request to 100 files');
    world.github.setPullRequestHead(world.repo.fullName, world.repo.prNumber, head);
    for (let i = 1; i <= EARLIER_COMMENTS; i++) {
      world.github.addIssueComment(world.repo.fullName, world.repo.prNumber, {
        body: `Earlier comment ${i} from a person.`,
        user: 'octo-member',
      });
    }
    opts.signal.throwIfAborted();
    const large = await runStep(world, {
      app: APP,
      reviewers: 1,
      plan: PLAN,
      tag: 'gh-large',
      signal: opts.signal,
    });
    expectSuccess(large, 1, 'GitHub, large pull request');
    counts.push({
      files: LARGE_FILES,
      comments: EARLIER_COMMENTS + 1,
      requests: large.githubRequests.length,
    });
    byKind.large = kinds(large.githubRequests);
  } finally {
    await world.stop();
  }
  const scenario = '5 API efficiency';
  const figures: Figure[] = counts.map((c) => ({
    id: c.files === 2 ? 'api.github_requests.pr_small' : 'api.github_requests.pr_large',
    scenario,
    label: `GitHub requests, one reviewer, PR of ${c.files} files and ${c.comments} comments`,
    unit: 'requests',
    ours: c.requests,
    baseline: null,
    floor: null,
    series: { name: 'GitHub requests per reviewer, by PR files', n: c.files },
  }));
  return { scenario: 'github', figures, details: { counts, requestsByKind: byKind } };
}

function kinds(
  requests: ReadonlyArray<{ method: string; operation?: string; path: string; status: number }>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of requests) {
    const key = `${r.operation ?? `${r.method} ${r.path}`} ${r.status}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}
