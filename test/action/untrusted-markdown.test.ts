// The summary embeds Claude's text between `<details>` and `</details>`. These tests parse the
// result with commonmark.js, the CommonMark reference parser (GitHub's cmark-gfm follows the
// same spec for block structure; its extensions add nothing that could swallow a line), and
// check that whatever the text holds, our closing `</details>` stays raw HTML at the top level
// and no HTML of the text's own survives.
import { Parser, type Node } from 'commonmark';
import { describe, expect, test } from 'vitest';
import {
  closeFences,
  fenceClosingBytes,
  neutralizeHtml,
  safeMarkdown,
  tableCell,
} from '../../src/action/untrusted-markdown.ts';

const OPEN = '<details><summary>security</summary>';
const CLOSE = '</details>';
const AFTER = 'Paragraph after the block.';

/** The top-level blocks and every HTML node of the summary that embeds `text`. */
function parseEmbedded(text: string): { topLevel: Node[]; html: string[] } {
  const doc = new Parser().parse(`${OPEN}\n\n${safeMarkdown(text)}\n\n${CLOSE}\n\n${AFTER}\n`);
  const topLevel: Node[] = [];
  for (let child = doc.firstChild; child; child = child.next) topLevel.push(child);
  const html: string[] = [];
  const walker = doc.walker();
  for (let event = walker.next(); event; event = walker.next()) {
    const { node } = event;
    if (event.entering && (node.type === 'html_block' || node.type === 'html_inline'))
      html.push((node.literal ?? '').trim());
  }
  return { topLevel, html };
}

/** The layout held: our two tags are the only HTML, and the block closed at the top level. */
function expectContained(text: string): void {
  const { topLevel, html } = parseEmbedded(text);
  expect(html, JSON.stringify(text)).toEqual([OPEN, CLOSE]);
  const last = topLevel.at(-1);
  const beforeLast = topLevel.at(-2);
  expect(beforeLast?.type, JSON.stringify(text)).toBe('html_block');
  expect(beforeLast?.literal?.trim()).toBe(CLOSE);
  expect(last?.type).toBe('paragraph');
  expect(last?.firstChild?.literal).toBe(AFTER);
}

describe('safeMarkdown keeps the layout around untrusted text', () => {
  test.each([
    [1, '<details><summary>gotcha</summary>\n\nnever closed'],
    [2, 'Done.\n\n</details>\n\n<details open><summary>fake reviewer</summary>'],
    [3, '<!-- a comment that never ends'],
    [4, '<pre>\nunclosed pre'],
    [5, '<script>alert(1)'],
    [6, '<style>body { display: none }'],
    [7, '<textarea>'],
    [8, 'Inline <div> in a paragraph, and <span>'],
    [9, '<?php echo 1;'],
    [10, '<!DOCTYPE html>'],
    [11, '<![CDATA[ never ends'],
    [12, '</summary></details></div>'],
    [13, '```\ncode that never ends'],
    [14, '~~~~diff\n+ added'],
    [15, '````\n```\nstill code\n```'],
    [16, '1. item\n   ```ts\n   code never closed'],
    [17, '1. item\n   ```\nunder-indented line\nmore'],
    [18, '1. item\n   ```\n   code\n```\nafter'],
    [19, '- item\n  ```\n    ```\ntext\n  ```'],
    [20, '   ```\ncode at the top level, fence indented'],
    [21, '> ```\n> quoted code\n```\nnot quoted'],
    [22, '```\r\ncode with CRLF\r\n'],
    [23, '\t```\nnot a fence (a tab is 4 columns)\n```'],
    [24, '```a`b\nnot a fence: a backtick in its info string\n```'],
    [25, '- ```\n  code on the marker line\n  ```\n- ```'],
    [26, 'text\n  ~~~\n```\n~~~'],
  ])('#%i %j', (_n, text) => {
    expectContained(text);
  });

  test('random mixtures of fences, containers and HTML never break out', () => {
    const vocabulary = [
      '```',
      '````',
      '~~~',
      ' ```',
      '  ```',
      '   ```',
      '    ```',
      '   ~~~~',
      '```ts',
      '- item',
      '1. item',
      '  - nested',
      '     ```',
      '> quote',
      '> ```',
      '>',
      '',
      '',
      'text',
      '  text',
      '`code` and <b>bold</b>',
      '<details>',
      '</details>',
      '<!--',
      '-->',
      '<pre>',
      '</pre>',
      '\t```',
      '```js`',
      '[^1]: footnote',
      '    indented code',
      '| a | b |',
    ];
    let seed = 7;
    const random = (n: number): number => {
      // A small LCG; its low bits repeat quickly, so the high ones pick.
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    for (let i = 0; i < 4000; i++) {
      const lines = Array.from(
        { length: 1 + random(10) },
        () => vocabulary[random(vocabulary.length)],
      );
      expectContained(lines.join('\n'));
    }
  });

  test('well-formed Markdown is left as written, code in list items included', () => {
    const review = [
      '## Review',
      '',
      '1. **src/a.ts:12** compares with `==`:',
      '   ```ts',
      '   if (a == b) return;',
      '   ```',
      '2. Nothing else.',
      '',
      '```diff',
      '- old',
      '+ new',
      '```',
      '',
      'Verdict: a < b, fine.',
    ].join('\n');
    expect(safeMarkdown(review)).toBe(review);
  });

  test('a < that could start a tag gets a zero-width space, in text and code alike', () => {
    expect(neutralizeHtml('a < b, `Array<string>`, <img src=x>, </x>, <!-- c -->')).toBe(
      'a < b, `Array<\u200Bstring>`, <\u200Bimg src=x>, <\u200B/x>, <\u200B!-- c -->',
    );
  });

  test('fences are closed at their own indentation, and only when open', () => {
    expect(closeFences('```\ncode')).toBe('```\ncode\n```');
    expect(closeFences('  ~~~~\n  code')).toBe('  ~~~~\n  code\n  ~~~~');
    expect(closeFences('   ```\ncode\nmore')).toBe('   ```\n   ```\ncode\nmore');
    expect(closeFences('```\ncode\n```')).toBe('```\ncode\n```');
    expect(closeFences(closeFences('1. x\n   ```\ny'))).toBe(closeFences('1. x\n   ```\ny'));
  });

  test('fenceClosingBytes bounds what closing can add', () => {
    expect(fenceClosingBytes('no fences')).toBe(0);
    expect(fenceClosingBytes('  `````\nx')).toBe(8);
    for (const text of ['```\nx', '   ~~~~~~\nx', '```\n```\n````\nx']) {
      expect(closeFences(text).length - text.length).toBeLessThanOrEqual(fenceClosingBytes(text));
    }
  });
});

describe('tableCell', () => {
  test.each([
    [1, 'exit code 1', 'exit code 1'],
    [2, 'a | b', 'a \\| b'],
    [3, 'line one\nline two\r\n  three', 'line one line two three'],
    [4, '<details>unclosed', '<\u200Bdetails>unclosed'],
    [5, 'back\\| slash', 'back\\\\| slash'],
  ])('#%i %j', (_n, text, cell) => {
    expect(tableCell(text)).toBe(cell);
  });
});
