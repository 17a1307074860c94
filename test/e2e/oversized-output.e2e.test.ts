// Tier 3: a machine that prints what no reviewer should, through dist/index.js against the Fly
// emulator with script machines: a 10 MB line, a flood of 200,000 lines, invalid UTF-8, a
// `structured_output` outside the findings schema, a `result` line too big to keep. Each is
// cut or refused with a reason, and the step always ends, with its outputs and no machine left.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { initLine, structuredSuccessResult } from '../action/claude-frames.ts';
import { webhookPayload } from '../action/webhooks.ts';
import { runMainThenPost, type StepRun } from '../harness/action-run.ts';
import { startEmulators, type Emulators } from '../harness/emulators.ts';
import {
  emulatedStepInputs,
  expectNoSecrets,
  resultsOf,
  reviewerGroups,
  transcriptsOf,
} from '../harness/step-checks.ts';
import { expectFlyClean } from '../harness/use-emulators.ts';

const secrets = {
  fly: 'fly-oversized-e2e-token-5ecret',
  anthropic: 'sk-ant-api03-oversized-e2e-5ecret',
  github: 'ghs_oversizedE2eGithubToken5ecret01',
};

const MIB = 1024 * 1024;

/** A script that prints Claude's init line, then what `body` prints, then `tail` and exit 0. */
function script(body: string, tail: readonly string[] = [structuredSuccessResult]): string {
  return [
    "cat <<'FRAMES'",
    '[flaude] Claude Code started (a script machine)',
    initLine,
    'FRAMES',
    body,
    "cat <<'FRAMES'",
    ...tail,
    '[flaude:exit:0]',
    'FRAMES',
    'exit 0',
    '',
  ].join('\n');
}

/** A result line whose structured output is `structured` (and `result` its JSON). */
function resultWith(structured: unknown): string {
  const line = JSON.parse(structuredSuccessResult) as Record<string, unknown>;
  return JSON.stringify({
    ...line,
    structured_output: structured,
    result: JSON.stringify(structured),
  });
}

const scripts: Record<string, string> = {
  // 10,000,000 bytes of `x` on one line, then a normal end.
  'huge-line': script("head -c 10000000 /dev/zero | tr '\\0' x; echo"),
  'some-flood': script("seq 1 5000 | sed 's/^/flood line /'"),
  flood: script("seq 1 200000 | sed 's/^/flood line /'"),
  // Bytes that are no UTF-8: a lone continuation byte, a cut sequence, 0xff; also in JSON.
  'bad-utf8': script(
    'printf \'bad bytes: \\x80 \\xc3( \\xff\\xfe end\\n\'; printf \'{"type":"assistant","x":"\\xff\\xc3"}\\n\'',
  ),
  'off-schema': script('', [
    resultWith({ summary: 42, verdict: 'maybe', findings: 'none', extra: true }),
  ]),
  // A result over the 1 MiB line limit: its 3 MiB of summary cannot be kept whole.
  'huge-result': script('', [
    resultWith({
      summary: `## Review\n\n${'s'.repeat(3 * MIB)}`,
      verdict: 'comment',
      findings: [],
    }),
  ]),
};

let world: Emulators;
let apps = 0;

beforeAll(async () => {
  world = await startEmulators({
    name: 'e2e-oversized',
    fly: { token: secrets.fly },
    scripts: {
      files: Object.fromEntries(Object.entries(scripts).map(([k, v]) => [`${k}.sh`, v])),
      // The image names the script: registry.fly.io/<app>:<script>.
      forImage: (image) => `${image.split(':').at(-1)}.sh`,
    },
  });
});

afterAll(async () => {
  await world?.stop();
});

afterEach(async () => {
  await expectFlyClean(world.fly);
});

/** Main then post of one reviewer whose machine runs `name`'s script. */
async function runScript(name: string): Promise<StepRun> {
  apps += 1;
  const app = `flaude-e2e-oversized-${apps}`;
  const { main, post } = await runMainThenPost(world.dir, {
    inputs: emulatedStepInputs(world.fly, app, secrets, {
      name: 'big',
      prompt: 'Review it.',
      image: `registry.fly.io/${app}:${name}`,
    }),
    event: { name: 'pull_request', payload: webhookPayload('pull_request', 'opened') },
  });
  expect(post.exitCode, post.log).toBe(0);
  for (const run of [main, post]) expectNoSecrets(run, Object.values(secrets));
  return main;
}

/** The reviewer's log section, as the runner shows it. */
function section(run: StepRun): string {
  const groups = reviewerGroups(run.log);
  expect(groups.map((g) => g.name)).toEqual(['big']);
  return groups[0]!.lines.join('\n');
}

describe('oversized and malformed output from the machine', () => {
  test('a 10 MB line is cut to 1 MiB with a note of the bytes dropped; the review passes', async () => {
    const main = await runScript('huge-line');
    expect(main.exitCode, main.log.slice(-3000)).toBe(0);
    expect(resultsOf(main)[0]).toMatchObject({ success: true, error: null });
    const raw = transcriptsOf(main).get('big.jsonl') ?? '';
    expect(raw).toContain(`[flaude: line cut: ${10_000_000 - MIB} of 10000000 bytes dropped]`);
    // No line of the raw transcript holds more than the kept MiB and its note.
    const longest = Math.max(...raw.split('\n').map((l) => Buffer.byteLength(l)));
    expect(longest).toBeLessThan(MIB + 1000);
    // The step's log shows it shortened.
    expect(Math.max(...main.log.split('\n').map((l) => l.length))).toBeLessThan(10_000);
  });

  test('a flood of 5,000 lines is read whole: every line in the transcript, the review passes', async () => {
    const main = await runScript('some-flood');
    expect(main.exitCode, main.log.slice(-3000)).toBe(0);
    expect(resultsOf(main)[0]).toMatchObject({ success: true });
    const raw = transcriptsOf(main).get('big.jsonl') ?? '';
    expect(raw).toContain('"flood line 1"');
    expect(raw).toContain('"flood line 5000"');
    expect(section(main)).toContain('flood line 5000');
  });

  // Fly's logs endpoint pages 100 lines at a time: 200,000 lines are still being read long
  // after the machine's exit. The wait after the exit counts from the last line read, so the
  // log is read whole, the result line behind the flood included.
  test('a flood of 200,000 lines: the log is read to its end and the review passes', async () => {
    const main = await runScript('flood');
    expect(main.exitCode, main.log.slice(-3000)).toBe(0);
    const [result] = resultsOf(main);
    expect(result).toMatchObject({ success: true, exit_code: 0 });
    const raw = transcriptsOf(main).get('big.jsonl') ?? '';
    expect(raw).toContain('"flood line 1"');
    expect(raw).toContain('"flood line 200000"');
    // The section stayed whole, and the step's own lines after it are commands again.
    expect(section(main)).toContain('flood line 1');
    expect(main.log).not.toMatch(/^::error::Reviewer big failed/m);
    // 2,000 pages of 100 lines: longer than the project's 120 s on a busy machine.
  }, 300_000);

  test('invalid UTF-8 becomes replacement characters; the review passes', async () => {
    const main = await runScript('bad-utf8');
    expect(main.exitCode, main.log.slice(-3000)).toBe(0);
    expect(resultsOf(main)[0]).toMatchObject({ success: true });
    expect(section(main)).toMatch(/bad bytes: \uFFFD \uFFFD\( \uFFFD\uFFFD end/);
  });

  test('a structured_output outside the findings schema fails the reviewer, saying why', async () => {
    const main = await runScript('off-schema');
    expect(main.exitCode).toBe(1);
    const [result] = resultsOf(main);
    expect(result?.success).toBe(false);
    expect(result?.error).toMatch(/^Claude's findings do not match the schema/);
    expect(result?.error).toMatch(/summary/);
    expect(main.log).toMatch(/^::error::Reviewer big failed: /m);
  });

  test('a result line over 1 MiB fails the reviewer with a reason naming its size', async () => {
    const main = await runScript('huge-result');
    expect(main.exitCode).toBe(1);
    const bytes = Buffer.byteLength(
      scripts['huge-result']!.split('\n').find((l) => l.startsWith('{"duration'))!,
    );
    const [result] = resultsOf(main);
    expect(result).toMatchObject({ success: false, exit_code: 0 });
    expect(result?.error).toBe(
      `Claude Code's result line was ${bytes} bytes, over the ${MIB}-byte limit of a log line: it was cut (${bytes - MIB} bytes dropped) and could not be read`,
    );
    expect(main.summary).toContain(`result line was ${bytes} bytes`);
  });
});
