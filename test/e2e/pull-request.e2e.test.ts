// Tier 3: what a pull request sees of a review. dist/index.js on pull_request events, against
// the Fly, model and GitHub emulators: real CLI, real entrypoint, real octokit.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { runMainThenPost } from '../harness/action-run.ts';
import { startEmulators, type ReviewerEmulators } from '../harness/emulators.ts';
import { expectFlyClean } from '../harness/use-emulators.ts';
import {
  emulatedStepInputs,
  expectGithubClean,
  expectNoSecrets,
  resultsOf,
} from '../harness/step-checks.ts';

const secrets = {
  fly: 'fly-e2e-pr-token-5ecret',
  anthropic: 'sk-ant-api03-e2e-pr-5ecret',
  github: 'ghs_e2ePrMachineToken5ecretValue01',
};

let world: ReviewerEmulators;

beforeAll(async () => {
  world = await startEmulators({ name: 'e2e-pr', fly: { token: secrets.fly } });
});

afterAll(async () => {
  await world?.stop();
});

afterEach(async () => {
  await expectFlyClean(world.fly);
  expectGithubClean(world.github, [...Object.values(secrets)]);
});

describe('a pull request review', () => {
  test('one sticky comment and one review with an inline finding', async () => {
    world.anthropic.registerFindings('pr-one', {
      summary: 'The greeting trims the name.',
      verdict: 'comment',
      findings: [
        {
          path: 'src/greet.js',
          line: 2,
          severity: 'medium',
          title: 'Concatenation instead of a template',
          body: 'Use a template literal.',
          suggestion: '  return `Hello, ${name.trim()}`;',
        },
      ],
    });
    const step = world.githubStep();
    const { main } = await runMainThenPost(world.dir, {
      inputs: {
        ...emulatedStepInputs(world.fly, 'flaude-e2e-pr', secrets, {
          prompt: 'Review it. [findings:pr-one]',
          name: 'style',
        }),
        ...step.inputs,
      },
      env: step.env,
      event: world.pullRequestEvent(),
    });
    expect(main.exitCode, main.log).toBe(0);
    expect(resultsOf(main)[0]).toMatchObject({ success: true });
    const comments = world.github.issueComments(world.repo.fullName, world.repo.prNumber);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('style');
    const reviews = world.github.reviews(world.repo.fullName, world.repo.prNumber);
    expect(reviews).toHaveLength(1);
    const inline = world.github.reviewComments(world.repo.fullName, world.repo.prNumber);
    expect(inline).toHaveLength(1);
    expect(inline[0]).toMatchObject({ path: 'src/greet.js', line: 2 });
    expect(inline[0]?.body).toContain('```suggestion');
    expectNoSecrets(main, Object.values(secrets));
  });
});
