/**
 * Untrusted text (Claude's result follows the pull request's content) made safe to embed in
 * the job summary. GitHub renders the summary as GitHub Flavored Markdown, raw HTML allowed,
 * then sanitises the HTML; sanitising removes scripts but not structure, so text embedded in
 * the summary could still break what surrounds it:
 * - Raw HTML: an unclosed `<details>` or `<div>` swallows the reviewers after it, a
 *   `</details>` closes ours early, and `<!--`, `<pre>`, `<script>`, `<style>` or `<textarea>`
 *   at the start of a line begin an HTML block that runs to the end of the document when it
 *   is never closed. A zero-width space after each `<` that could begin a tag, a comment or a
 *   declaration keeps both the Markdown and the HTML parser from seeing one. It looks the
 *   same in text and in code alike, where an entity such as `&lt;` would show as written.
 * - A code fence left open turns everything after it (our `</details>`, the next reviewers)
 *   into code: {@link closeFences} closes every fence that could stay open.
 * - In a table cell, `|` ends the cell and a line break the row ({@link tableCell}).
 * Pure.
 */

/** What follows a `<` to make it inert: U+200B ZERO WIDTH SPACE. */
const INERT = '\u200B';

/** A `<` that could start a tag (`<div`, `</div`), a comment, a declaration or `<?`. */
const TAG_START = /<(?=[A-Za-z/!?])/g;

/** Raw HTML made inert, for any untrusted text in the summary. */
export function neutralizeHtml(text: string): string {
  return text.replace(TAG_START, `<${INERT}`);
}

/** Untrusted Markdown to embed as a block: line breaks normalised, HTML inert, fences closed. */
export function safeMarkdown(text: string): string {
  return closeFences(neutralizeHtml(text.replace(/\r\n?/g, '\n')));
}

/** Untrusted text as one table cell: on one line, `|` escaped, HTML inert. */
export function tableCell(text: string): string {
  return neutralizeHtml(text.replace(/\s*[\r\n]+\s*/g, ' ')).replace(/\|/g, '\\|');
}

interface OpenFence {
  readonly char: string;
  readonly length: number;
  /** Spaces before the opening fence (0-3). */
  readonly indent: number;
}

/** A fence line: at most 3 spaces, then 3 or more backticks or tildes (CommonMark 4.5). */
const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/;

/**
 * Closes the code fences of `markdown` that could otherwise stay open. A fence indented by
 * 1-3 spaces may open a top-level code block, or one inside a list item whose content begins
 * at that column; the two readings disagree on what ends it (a line indented less ends the
 * list item, and the fence with it, but is code at the top level). So a fence is closed, at its
 * own indentation, before the first such line, and at the end of the text when it is still
 * open: either reading then agrees that no fence is open at the end. A fence at column 0 (the
 * usual case) is left alone until its end.
 */
export function closeFences(markdown: string): string {
  const out: string[] = [];
  let open: OpenFence | undefined;
  for (const line of markdown.split('\n')) {
    if (open && line.trim() !== '' && indentation(line) < open.indent) {
      out.push(closing(open));
      open = undefined;
    }
    if (open) {
      if (closes(line, open)) open = undefined;
    } else {
      open = opens(line);
    }
    out.push(line);
  }
  if (open) out.push(closing(open));
  return out.join('\n');
}

/** Bytes that closing a fence of `markdown` can add: its longest fence line and a newline. */
export function fenceClosingBytes(markdown: string): number {
  let longest = 0;
  for (const line of markdown.split('\n')) {
    const m = FENCE.exec(line);
    if (m) longest = Math.max(longest, (m[1] ?? '').length + (m[2] ?? '').length);
  }
  return longest === 0 ? 0 : longest + 1;
}

function opens(line: string): OpenFence | undefined {
  const m = FENCE.exec(line);
  if (!m) return undefined;
  const marker = m[2] ?? '';
  const char = marker.charAt(0);
  // A backtick fence's info string cannot hold a backtick: such a line is text.
  if (char === '`' && (m[3] ?? '').includes('`')) return undefined;
  return { char, length: marker.length, indent: (m[1] ?? '').length };
}

function closes(line: string, open: OpenFence): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  const marker = m?.[1] ?? '';
  return marker.charAt(0) === open.char && marker.length >= open.length;
}

function closing(open: OpenFence): string {
  return ' '.repeat(open.indent) + open.char.repeat(open.length);
}

/** The column of the first non-blank character; tabs stop every 4 columns. */
function indentation(line: string): number {
  let column = 0;
  for (const ch of line) {
    if (ch === ' ') column++;
    else if (ch === '\t') column += 4 - (column % 4);
    else break;
  }
  return column;
}
