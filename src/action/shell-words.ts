/**
 * Splits a command line into words the way a POSIX shell does, without a shell: quotes and
 * backslashes group and escape, and nothing else is special. `$`, backticks, globs, `~`,
 * `;`, `|` and `#` stay literal characters, so no text is ever run or expanded. Pure.
 */

/** A command line that cannot be split; `position` is the 0-based offset of the problem. */
export class ShellWordsError extends Error {
  readonly position: number;

  constructor(message: string, position: number) {
    super(message);
    this.name = 'ShellWordsError';
    this.position = position;
  }
}

/** The characters a backslash escapes inside double quotes; before others it stays itself. */
const DOUBLE_QUOTE_ESCAPES = new Set(['$', '`', '"', '\\', '\n']);

/**
 * The words of `text`: blanks (space, tab, newline, carriage return) separate words outside
 * quotes; `'...'` keeps everything literally; `"..."` keeps everything but a backslash before
 * `$`, `` ` ``, `"`, `\` or a newline; a backslash outside quotes keeps the next character
 * literally, and a backslash-newline joins two lines. `''` and `""` make an empty word.
 * Throws {@link ShellWordsError} on an unclosed quote or a trailing backslash.
 */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  // A word exists once it has a character or a quote, so that '' is an (empty) word.
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0)
        throw new ShellWordsError(`the single quote at character ${i + 1} is never closed`, i);
      word += text.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      const [content, next] = readDoubleQuoted(text, i);
      word += content;
      inWord = true;
      i = next;
    } else if (c === '\\') {
      if (i + 1 >= text.length) {
        throw new ShellWordsError(`the backslash at character ${i + 1} escapes nothing`, i);
      }
      const next = text[i + 1] as string;
      // Backslash-newline continues the line; it is no character of the word.
      if (next !== '\n') {
        word += next;
        inWord = true;
      }
      i += 2;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** The content of the double-quoted string opening at `start`, and the index after it. */
function readDoubleQuoted(text: string, start: number): [string, number] {
  let content = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"') return [content, i + 1];
    if (c === '\\' && i + 1 < text.length && DOUBLE_QUOTE_ESCAPES.has(text[i + 1] as string)) {
      const next = text[i + 1] as string;
      if (next !== '\n') content += next;
      i += 2;
    } else {
      content += c;
      i++;
    }
  }
  throw new ShellWordsError(`the double quote at character ${start + 1} is never closed`, start);
}
