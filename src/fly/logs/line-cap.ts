/**
 * The longest log line the library keeps. A machine can print anything (a tool's output on
 * one line, a runaway `result`); one line must not be able to take the runner's memory or
 * stall every reader that parses it. A longer line is cut to its first
 * {@link MAX_LINE_BYTES} bytes of UTF-8, followed by a note saying how many were dropped, so
 * that every reader downstream sees the same cut line and can say why it is cut.
 */

/** 1 MiB of UTF-8 per line; Claude's longest ordinary lines (its `init` line) are kilobytes. */
export const MAX_LINE_BYTES = 1024 * 1024;

/** What follows a cut line's kept bytes: ` [flaude: line cut: N of M bytes dropped]`. */
const CUT_NOTE = / \[flaude: line cut: (\d+) of (\d+) bytes dropped\]$/;

/** How much of a line was cut away, as the note on a cut line says. */
export interface LineCut {
  /** The bytes of UTF-8 the line had before it was cut. */
  readonly originalBytes: number;
  readonly droppedBytes: number;
}

/**
 * `line` as the library keeps it: unchanged up to `maxBytes` (default {@link MAX_LINE_BYTES})
 * of UTF-8; else its first bytes (never half a character) and the note. Pure.
 */
export function capLine(line: string, maxBytes: number = MAX_LINE_BYTES): string {
  // A UTF-16 code unit is at most 3 bytes of UTF-8: most lines need no count at all.
  if (line.length * 3 <= maxBytes) return line;
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= maxBytes) return line;
  let end = maxBytes;
  // Back up to the start of a character: continuation bytes are 0b10xxxxxx.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  const kept = bytes.subarray(0, end).toString('utf8');
  return `${kept} [flaude: line cut: ${bytes.length - end} of ${bytes.length} bytes dropped]`;
}

/** What the note of a line cut by {@link capLine} says, or undefined for a whole line. */
export function lineCut(line: string): LineCut | undefined {
  const match = CUT_NOTE.exec(line);
  if (!match) return undefined;
  return { droppedBytes: Number(match[1]), originalBytes: Number(match[2]) };
}
