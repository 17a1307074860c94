import { describe, expect, test } from 'vitest';
import { defuse, WorkflowLog, type LogSink } from '../../src/action/workflow-log.ts';
import { createRedactor } from '../../src/action/redact.ts';

function recordingSink(): LogSink & { out: string[] } {
  const out: string[] = [];
  return {
    out,
    info: (m) => out.push(m),
    startGroup: (t) => out.push(`::group::${t}`),
    endGroup: () => out.push('::endgroup::'),
  };
}

const TOKEN = 'tok-123';

describe('WorkflowLog', () => {
  test('one reviewer: a live section, machine lines behind stop-commands', () => {
    const sink = recordingSink();
    const log = new WorkflowLog(sink, ['claude'], createRedactor(['s3cret-value']), TOKEN);
    log.reviewer('claude').line('[flaude] cloning with s3cret-value');
    expect(sink.out).toEqual([
      '::group::Reviewer claude',
      `::stop-commands::${TOKEN}`,
      '· cloning with ***',
    ]);
    log.reviewer('claude').finish('✔ claude passed.');
    log.reviewer('claude').finish('again');
    expect(sink.out.slice(3)).toEqual(['✔ claude passed.', `::${TOKEN}::`, '::endgroup::']);
  });

  test('several reviewers: sections never interleave', () => {
    const sink = recordingSink();
    const log = new WorkflowLog(sink, ['a', 'b'], createRedactor([]), TOKEN);
    log.reviewer('a').line('[flaude] a1');
    log.reviewer('b').line('[flaude] b1');
    log.reviewer('a').line('detail a');
    log.reviewer('b').finish('b done');
    log.reviewer('a').finish('a done');
    expect(sink.out).toEqual([
      '[a] · a1',
      '[b] · b1',
      '::group::Reviewer b',
      `::stop-commands::${TOKEN}`,
      '· b1',
      'b done',
      `::${TOKEN}::`,
      '::endgroup::',
      '::group::Reviewer a',
      `::stop-commands::${TOKEN}`,
      '· a1',
      'detail a',
      'a done',
      `::${TOKEN}::`,
      '::endgroup::',
    ]);
  });

  test('machine output cannot issue workflow commands', () => {
    const sink = recordingSink();
    const log = new WorkflowLog(sink, ['a', 'b'], createRedactor([]), TOKEN);
    for (const forged of [
      '::endgroup::',
      '::add-mask::x',
      '##[error]forged',
      '[flaude] ##[group]x',
    ]) {
      log.reviewer('a').line(forged);
    }
    log.reviewer('a').finish('done');
    const region = sink.out.slice(
      sink.out.indexOf(`::stop-commands::${TOKEN}`) + 1,
      sink.out.indexOf(`::${TOKEN}::`),
    );
    expect(region).toContain('::endgroup::'); // inert: commands are stopped here
    expect(sink.out.filter((l) => l === '::endgroup::')).toHaveLength(2);
    expect(sink.out.join('\n')).not.toContain('##[');
  });
});

test('defuse breaks only the legacy command form', () => {
  expect(defuse('a ##[error]b ## [c')).toBe('a #\u200b#[error]b ## [c');
});
