import { describe, expect, test } from 'vitest';
import { WorkflowLog, type LogSink } from '../../src/action/workflow-log.ts';
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

describe('WorkflowLog', () => {
  test('one reviewer: a live section', () => {
    const sink = recordingSink();
    const log = new WorkflowLog(sink, ['claude'], createRedactor(['s3cret-value']));
    log.reviewer('claude').line('[flaude] cloning with s3cret-value');
    expect(sink.out).toEqual(['::group::Reviewer claude', '· cloning with ***']);
    log.reviewer('claude').finish('✔ claude passed.');
    log.reviewer('claude').finish('again');
    expect(sink.out).toEqual([
      '::group::Reviewer claude',
      '· cloning with ***',
      '✔ claude passed.',
      '::endgroup::',
    ]);
  });

  test('several reviewers: sections never interleave', () => {
    const sink = recordingSink();
    const log = new WorkflowLog(sink, ['a', 'b'], createRedactor([]));
    log.reviewer('a').line('[flaude] a1');
    log.reviewer('b').line('[flaude] b1');
    log.reviewer('a').line('detail a');
    log.reviewer('b').finish('b done');
    log.reviewer('a').finish('a done');
    expect(sink.out).toEqual([
      '[a] · a1',
      '[b] · b1',
      '::group::Reviewer b',
      '· b1',
      'b done',
      '::endgroup::',
      '::group::Reviewer a',
      '· a1',
      'detail a',
      'a done',
      '::endgroup::',
    ]);
  });
});
