// Load tier (`npm run test:load`, after every other tier in `npm test`): 50 reviewers in one step of dist/index.js on a pull_request event (a pull
// request of 100 files and 100 earlier comments), at max-concurrency 10 and at 50, each run on
// emulators of its own (Fly's rate limits on, GitHub's secondary limits modelled), the two at
// once. All 50 complete, no create fails, no 429 reaches a result, every sticky comment and
// review is posted with its final text, no machine is left, no request breaks an OpenAPI
// description. Each run prints one figure line (wall time, the action's peak RSS, creates,
// 429s seen, GitHub requests per reviewer); times and memory are recorded, not asserted
// (they belong to the bench).
import { describe, expect, test } from 'vitest';
import { figureLine, LOAD_REVIEWERS, LOAD_TIMEOUT_MS, loadRun } from './load-run.ts';

/** GitHub's target for a pull request of up to 100 files and 100 earlier comments. */
const MAX_GITHUB_REQUESTS_PER_REVIEWER = 8;

describe.concurrent(`${LOAD_REVIEWERS} reviewers in one step`, () => {
  for (const maxConcurrency of [10, 50]) {
    test(
      `at max-concurrency ${maxConcurrency}`,
      async () => {
        const figures = await loadRun(maxConcurrency);
        console.log(figureLine(figures));
        expect(figures.creates).toBe(LOAD_REVIEWERS);
        expect(figures.githubRequestsPerReviewer).toBeLessThanOrEqual(
          MAX_GITHUB_REQUESTS_PER_REVIEWER,
        );
      },
      LOAD_TIMEOUT_MS,
    );
  }
});
