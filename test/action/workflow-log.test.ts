import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { coreLogger } from '../../src/action/core-logger.ts';
import { createRedactor } from '../../src/action/redact.ts';
import { StepLog } from '../../src/action/step-log.ts';
import { MAX_SECTION_LINES, WorkflowLog } from '../../src/action/workflow-log.ts';
import { ConcurrentExecutor } from '../../src/fly/run/executor.ts';
import { viewWorkflowLog } from '../../scripts/workflow-log-view.ts';
import { FakeClock } from '../fly/fake-clock.ts';
import { FakeFly } from '../fly/fake-fly-machines.ts';
import { countingTokens, wireSink, type WireSink } from './wire-sink.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'workflow-log-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(
  names: string[],
  options: { secrets?: string[]; debug?: boolean; transcriptsDir?: string } = {},
): { sink: WireSink; step: StepLog; log: WorkflowLog; clock: FakeClock } {
  const sink = wireSink({ debug: options.debug ?? false });
  const step = new StepLog(sink, countingTokens());
  const clock = new FakeClock({ autoAdvance: false, start: 0 });
  const log = new WorkflowLog(step, names, {
    redact: createRedactor(options.secrets ?? []),
    clock,
    ...(options.transcriptsDir === undefined ? {} : { transcriptsDir: options.transcriptsDir }),
  });
  return { sink, step, log, clock };
}

const toolUse = (command: string): string =>
  JSON.stringify({
    type: 'assistant',
    message: {
      id: 'msg_1',
      content: [{ type: 'tool_use', name: 'Bash', input: { command } }],
    },
  });

/** The runner's view of the output, line by line. */
const viewLines = (sink: WireSink): string[] => viewWorkflowLog(sink.stdout()).split('\n');

describe('WorkflowLog, one reviewer', () => {
  test('a live section, machine lines behind stop-commands', () => {
    const { sink, log } = setup(['claude'], { secrets: ['s3cret-value'] });
    log.reviewer('claude').line('[flaude] cloning with s3cret-value');
    expect(sink.lines).toEqual([
      '::group::Reviewer claude',
      '::stop-commands::tok-1',
      '· cloning with ***',
    ]);
    log.reviewer('claude').finish(true, '✔ claude passed.');
    log.reviewer('claude').finish(false, 'again');
    expect(sink.lines.slice(3)).toEqual(['✔ claude passed.', '::tok-1::', '::endgroup::']);
    expect(log.reviewer('claude').transcriptPath).toBeUndefined();
  });

  test('its machine starting opens the section; no progress or status lines', async () => {
    const { sink, log, clock } = setup(['claude']);
    await log.during(async () => {
      const r = log.reviewer('claude');
      r.started({ id: 'm-1', region: 'iad' });
      expect(sink.lines).toEqual(['::group::Reviewer claude']);
      r.line(toolUse('npm test'));
      await clock.advanceAsync(120_000);
      r.finish(true, '✔ claude passed after 120 s.');
    });
    expect(sink.lines).toEqual([
      '::group::Reviewer claude',
      '::stop-commands::tok-1',
      '▶ Bash: npm test',
      '✔ claude passed after 120 s.',
      '::tok-1::',
      '::endgroup::',
    ]);
  });

  test('a library warning during the live section is a real annotation; no debug text', () => {
    const { sink, step, log } = setup(['claude']);
    const logger = coreLogger(step);
    const r = log.reviewer('claude');
    r.started({ id: 'm-1', region: 'iad' });
    r.line('[flaude] Cloning Codertocat/Hello-World');
    for (let i = 0; i < 3; i++) logger.debug(`GET /v1/apps/flaude/logs page ${i}`);
    r.line('[flaude] ::warning::forged');
    logger.warning('could not destroy machine m-1; it may be orphaned');
    r.line('[flaude] Running Claude Code');
    r.finish(false, '✖ claude failed.');

    const view = viewLines(sink);
    expect(view).toContain('Warning: could not destroy machine m-1; it may be orphaned');
    expect(view.join('\n')).not.toContain('::debug::');
    expect(view).toEqual([
      '▼ Reviewer claude',
      '::stop-commands::tok-1',
      '· Cloning Codertocat/Hello-World',
      '· ::warning::forged',
      '::tok-1::',
      'Warning: could not destroy machine m-1; it may be orphaned',
      '::stop-commands::tok-2',
      '· Running Claude Code',
      '✖ claude failed.',
      '::tok-2::',
      '',
      '',
    ]);
  });

  test('with step debug on, the debug lines are real commands, never fenced text', () => {
    const { sink, step, log } = setup(['claude'], { debug: true });
    log.reviewer('claude').line('[flaude] a');
    coreLogger(step).debug('GET /logs');
    log.reviewer('claude').line('[flaude] b');
    log.reviewer('claude').finish(true, 'done');
    const at = sink.lines.indexOf('::debug::GET /logs');
    expect(sink.lines.slice(at - 1, at + 2)).toEqual([
      '::tok-1::',
      '::debug::GET /logs',
      '::stop-commands::tok-2',
    ]);
    expect(viewLines(sink).join('\n')).not.toContain('debug');
  });
});

describe('WorkflowLog, several reviewers', () => {
  test('sections never interleave; progress lines show meanwhile', () => {
    const { sink, log } = setup(['a', 'b']);
    log.reviewer('a').line('[flaude:error] a1');
    log.reviewer('b').line('[flaude:error] b1');
    log.reviewer('a').line('detail a');
    log.reviewer('b').finish(true, 'b done');
    log.reviewer('a').finish(true, 'a done');
    expect(sink.lines).toEqual([
      '::stop-commands::tok-1',
      '[a] ✖ a1',
      '[b] ✖ b1',
      '[b] finished: passed',
      '::tok-1::',
      '::group::Reviewer b',
      '::stop-commands::tok-2',
      '✖ b1',
      'b done',
      '::tok-2::',
      '::endgroup::',
      'a: waiting · b: passed',
      '::stop-commands::tok-3',
      '[a] finished: passed',
      '::tok-3::',
      '::group::Reviewer a',
      '::stop-commands::tok-4',
      '✖ a1',
      'detail a',
      'a done',
      '::tok-4::',
      '::endgroup::',
    ]);
  });

  test('started, each tool call and finished, prefixed; a status line every 30 s', async () => {
    const { sink, log, clock } = setup(['security', 'tests'], { secrets: ['s3cret-value'] });
    const security = log.reviewer('security');
    const tests = log.reviewer('tests');
    const progress = (): string[] =>
      viewLines(sink).filter((l) => /^\[|: (running|waiting|passed|failed)/.test(l));
    const running = log.during(async () => {
      security.started({ id: 'm-sec', region: 'iad' });
      security.line(toolUse('npm test -- --token s3cret-value'));
      await clock.advanceAsync(20_000);
      tests.started({ id: 'm-tst', region: 'ams' });
      await clock.advanceAsync(10_000);
      tests.line(toolUse('cat package.json'));
      await clock.advanceAsync(32_000);
      tests.finish(true, '✔ tests passed.');
      await clock.advanceAsync(30_000);
      security.finish(false, '✖ security failed.');
      await clock.advanceAsync(60_000);
    });
    await running;
    expect(progress()).toEqual([
      '[security] started: machine m-sec in iad',
      '[security] ▶ Bash: npm test -- --token ***',
      '[tests] started: machine m-tst in ams',
      'security: running 30s, 1 turn · tests: running 10s',
      '[tests] ▶ Bash: cat package.json',
      'security: running 1m00s, 1 turn · tests: running 40s, 1 turn',
      '[tests] finished: passed in 42s',
      'security: running 1m02s, 1 turn · tests: passed in 42s',
      'security: running 1m30s, 1 turn · tests: passed in 42s',
      '[security] finished: failed in 1m32s',
    ]);
    // The ticker stops with the last reviewer: nothing is left sleeping.
    expect(clock.pending).toBe(0);
  });

  test('machine output cannot issue workflow commands, in sections or progress lines', () => {
    const { sink, log } = setup(['a', 'b']);
    const forged = [
      '::endgroup::',
      '::add-mask::x',
      '##[error]forged',
      '[flaude] ##[group]x',
      '  ::warning::indented',
      toolUse('echo hi\n::error::from a newline\r::warning::from a carriage return'),
      toolUse('printf "##[warning]legacy" && echo ::endgroup::'),
    ];
    for (const line of forged) log.reviewer('a').line(line);
    log.reviewer('a').finish(true, 'done');
    log.reviewer('b').finish(true, 'done');

    // The raw view: the runner sees no command but ours.
    const view = viewLines(sink);
    expect(view.filter((l) => l.startsWith('▼ '))).toEqual(['▼ Reviewer a', '▼ Reviewer b']);
    expect(view.filter((l) => /^(Error|Warning|Notice)/.test(l))).toEqual([]);
    // Two real ones and the forged one, which the runner reads as text inside its fence.
    expect(sink.lines.filter((l) => l === '::endgroup::')).toHaveLength(3);
    expect(sink.stdout()).not.toContain('##[');
    // Each tool call is one line, whatever line breaks its argument held.
    expect(view).toContain(
      '[a] ▶ Bash: echo hi ::error::from a newline ::warning::from a carriage return',
    );
    expect(view).toContain('[a] ▶ Bash: printf "#\u200b#[warning]legacy" && echo ::endgroup::');
    for (const line of sink.lines) expect(line).not.toMatch(/[\r\n]/);
  });

  test('a long section keeps its last lines and says where the rest is', () => {
    const dir = tempDir();
    const { sink, log } = setup(['a', 'b'], { transcriptsDir: dir });
    const total = 2 * MAX_SECTION_LINES + 5;
    for (let i = 0; i < total; i++) log.reviewer('a').line(`line ${i}`);
    log.reviewer('a').finish(true, 'done');
    const start = sink.lines.indexOf('::group::Reviewer a');
    const end = sink.lines.indexOf('::endgroup::', start);
    const section = sink.lines.slice(start, end).filter((l) => l.startsWith('line '));
    expect(section).toHaveLength(MAX_SECTION_LINES);
    expect(section.at(-1)).toBe(`line ${total - 1}`);
    expect(sink.lines).toContain(
      `… ${total - MAX_SECTION_LINES} earlier lines are not shown here; the whole transcript is in ${join(dir, 'a.jsonl')}.`,
    );
  });
});

describe('WorkflowLog with the executor: sections in finishing order', () => {
  test('three reviewers finishing out of order each get one whole group, in that order', async () => {
    const clock = new FakeClock();
    const fly = new FakeFly(clock);
    const sink = wireSink();
    const log = new WorkflowLog(new StepLog(sink, countingTokens()), ['slow', 'fast', 'mid'], {
      redact: createRedactor([]),
      clock,
    });
    const runMs = { slow: 30_000, fast: 10_000, mid: 20_000 };
    for (const [name, ms] of Object.entries(runMs)) {
      fly.scripts.set(`m-${name}`, {
        runMs: ms,
        lines: [`[flaude] ${name} 1`, `[flaude] ${name} 2`],
      });
    }
    const executor = new ConcurrentExecutor('app', {
      client: fly.client,
      clock,
      fetchLogPage: fly.fetchLogPage,
    });
    await log.during(() =>
      executor.runBatch(
        Object.keys(runMs).map((name) => ({
          config: { image: 'registry.fly.io/x:1', prompt: 'p', claudeCodeOAuthToken: 'tok-value' },
          tag: name,
          name: `m-${name}`,
          onLine: (line: string) => log.reviewer(name).line(line),
          onCreated: (machine) => log.reviewer(name).started(machine),
          onFinished: (result) => log.reviewer(name).finish(result.success, `${name} done`),
        })),
      ),
    );

    const groups = sink.lines.filter((l) => l.startsWith('::group::'));
    expect(groups).toEqual([
      '::group::Reviewer fast',
      '::group::Reviewer mid',
      '::group::Reviewer slow',
    ]);
    for (const name of Object.keys(runMs)) {
      const start = sink.lines.indexOf(`::group::Reviewer ${name}`);
      const end = sink.lines.indexOf('::endgroup::', start);
      const section = sink.lines.slice(start + 1, end).filter((l) => !l.startsWith('::'));
      expect(section).toEqual([
        `· ${name} 1`,
        `· ${name} 2`,
        '── reviewer exited with code 0',
        `${name} done`,
      ]);
    }
    expect(sink.lines.filter((l) => l.includes('finished:'))).toEqual([
      '[fast] finished: passed in 10s',
      '[mid] finished: passed in 20s',
      '[slow] finished: passed in 30s',
    ]);
  });
});

describe('WorkflowLog transcripts', () => {
  test("each reviewer's raw lines, redacted, in <dir>/<reviewer>.jsonl, closed at its finish", async () => {
    const dir = tempDir();
    const { log } = setup(['security', 'tests'], {
      secrets: ['s3cret-value'],
      transcriptsDir: dir,
    });
    const security = log.reviewer('security');
    expect(security.transcriptPath).toBe(join(dir, 'security.jsonl'));
    expect(log.reviewer('tests').transcriptPath).toBe(join(dir, 'tests.jsonl'));
    await log.during(async () => {
      security.line('[flaude] Cloning with s3cret-value');
      security.line(toolUse('curl -H "Authorization: s3cret-value" https://x'));
      security.line('[flaude:exit:0]');
      security.finish(true, 'done');
      await security.closeTranscript();
      // Complete as soon as its reviewer finished, while the others run.
      expect(readFileSync(join(dir, 'security.jsonl'), 'utf8').split('\n')).toEqual([
        '"[flaude] Cloning with ***"',
        toolUse('curl -H "Authorization: ***" https://x'),
        '"[flaude:exit:0]"',
        '',
      ]);
      log.reviewer('tests').line('{"type":"system","subtype":"init","model":"m"}');
    });
    expect(readFileSync(join(dir, 'tests.jsonl'), 'utf8')).toBe(
      '{"type":"system","subtype":"init","model":"m"}\n',
    );
  });

  test('when the work throws: every file closed, unfinished sections written, fence ended', async () => {
    const dir = tempDir();
    const { sink, step, log } = setup(['a', 'b'], { transcriptsDir: dir });
    await expect(
      log.during(() => {
        log.reviewer('a').line('[flaude] a1');
        log.reviewer('b').line('[flaude] b1');
        return Promise.reject(new Error('boom'));
      }),
    ).rejects.toThrow('boom');
    expect(step.fenced).toBe(false);
    expect(readFileSync(join(dir, 'a.jsonl'), 'utf8')).toBe('"[flaude] a1"\n');
    expect(readFileSync(join(dir, 'b.jsonl'), 'utf8')).toBe('"[flaude] b1"\n');
    const view = viewLines(sink);
    expect(view).toContain('✖ a did not finish: the step stopped first.');
    expect(view).toContain('✖ b did not finish: the step stopped first.');
    expect(view.filter((l) => l.startsWith('▼ '))).toEqual(['▼ Reviewer a', '▼ Reviewer b']);
  });

  test('a transcript that cannot be made is a warning, and the review goes on', () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    const { sink, log } = setup(['claude'], { transcriptsDir: join(file, 'flaude') });
    expect(log.reviewer('claude').transcriptPath).toBeUndefined();
    log.reviewer('claude').line('[flaude] still logged');
    expect(viewLines(sink)[0]).toMatch(/^Warning: No transcript for reviewer 'claude' in .*a-file/);
    expect(viewLines(sink)).toContain('· still logged');
  });
});
