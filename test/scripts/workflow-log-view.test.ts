import { describe, expect, test } from 'vitest';
import { renderWorkflowLog, viewWorkflowLog } from '../../scripts/workflow-log-view.ts';

const view = (lines: string[], masks: string[] = []): string[] =>
  viewWorkflowLog(lines.map((l) => `${l}\n`).join(''), masks)
    .split('\n')
    .slice(0, -1);

describe('the workflow log view reads commands as the runner does', () => {
  test('groups, annotations with titles, hidden debug and file commands, masks', () => {
    expect(
      view(
        [
          '::group::Reviewer a',
          'text with s3cret',
          '::debug::hidden',
          '::warning title=security::line%0Atwo',
          '::ERROR::upper-case name',
          '::notice::n',
          '::add-mask::added-value',
          'shows added-value masked',
          '::set-output name=x::y',
          '::endgroup::',
          '::not-a-command::stays text',
        ],
        ['s3cret'],
      ),
    ).toEqual([
      '▼ Reviewer a',
      'text with ***',
      'Warning (security): line',
      'two',
      'Error: upper-case name',
      'Notice: n',
      'shows *** masked',
      '',
      '::not-a-command::stays text',
    ]);
  });

  test('leading white space and the legacy form anywhere in a line are commands too', () => {
    expect(
      view(['   ::warning::indented', 'prefix ##[error]legacy', '##[group]old group']),
    ).toEqual(['Warning: indented', 'Error: legacy', '▼ old group']);
  });

  test('stop-commands: every line is text until its token, in either form and any case', () => {
    expect(
      view([
        '::stop-commands::Tok1',
        '::warning::inert',
        '  ##[error]inert too',
        '::tok2::wrong token',
        '::TOK1::',
        '::warning::live again',
        '::stop-commands::tok3',
        'x ##[tok3]',
        '::warning::live once more',
      ]),
    ).toEqual([
      '::stop-commands::Tok1',
      '::warning::inert',
      '  ##[error]inert too',
      '::tok2::wrong token',
      '::TOK1::',
      'Warning: live again',
      '::stop-commands::tok3',
      'x ##[tok3]',
      'Warning: live once more',
    ]);
  });

  test('a lone \\r ends a line, and \\r\\n split across chunks is one line end', () => {
    const out: string[] = [];
    const v = renderWorkflowLog([], (t) => out.push(t));
    v.write('one\r::warning::two\r');
    v.write('\nthree');
    v.flush();
    expect(out.join('')).toBe('one\nWarning: two\nthree\n');
  });
});
