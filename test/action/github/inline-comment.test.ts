import { describe, expect, test } from 'vitest';
import {
  inlineCommentBody,
  isMarkedNoLongerReported,
  markNoLongerReported,
  suggestionBlock,
  unmarkNoLongerReported,
} from '../../../src/action/github/inline-comment.ts';
import { createRedactor } from '../../../src/action/redact.ts';

const redact = createRedactor(['s3cr3t-value']);

describe('suggestionBlock', () => {
  test.each([
    ['plain text', 'const a = 1;', '```suggestion\nconst a = 1;\n```'],
    ['a run of three backticks inside', 'x\n```\ny', '````suggestion\nx\n```\ny\n````'],
    ['a run of five', 'a `````b', '``````suggestion\na `````b\n``````'],
    ['CRLF and a final newline', 'a\r\nb\r\n', '```suggestion\na\nb\n```'],
    ['an empty suggestion (delete the lines)', '', '```suggestion\n\n```'],
  ])('%s', (_what, text, expected) => {
    expect(suggestionBlock(text)).toBe(expected);
  });
});

describe('inlineCommentBody', () => {
  test('severity and title, the body made safe, the suggestion, the marker last; secrets redacted', () => {
    const body = inlineCommentBody(
      {
        path: 'a.ts',
        line: 1,
        severity: 'high',
        title: 'Leaks s3cr3t-value | <b>',
        body: '<details>\n```\nopen fence',
        suggestion: '<b>kept as code</b> s3cr3t-value',
      },
      '<!-- m -->',
      redact,
    );
    expect(body).toBe(
      [
        '**🟠 High: Leaks *** \\| <\u200Bb>**',
        '<\u200Bdetails>\n```\nopen fence\n```',
        '```suggestion\n<b>kept as code</b> ***\n```',
        '<!-- m -->',
      ].join('\n\n'),
    );
  });
});

describe('no longer reported', () => {
  test('marked once at the new SHA, and unmarked back to the original', () => {
    const original = '**Title**\n\nbody\n\n<!-- flaude:finding reviewer=a fingerprint=b -->';
    const marked = markNoLongerReported(original, '0123456789abcdef');
    expect(marked).toContain('> **No longer reported** at `0123456`.');
    expect(isMarkedNoLongerReported(marked)).toBe(true);
    expect(isMarkedNoLongerReported(original)).toBe(false);
    expect(unmarkNoLongerReported(marked)).toBe(original);
  });
});
