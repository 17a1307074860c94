/**
 * The marker lines the reviewer container prints on stdout (its contract is in
 * container/README.md): `[flaude:exit:N]` always last, `[flaude:manifest:{json}]` before
 * Claude starts.
 *
 * Parsing is strict on purpose: a marker counts only when it is the whole (trimmed) line,
 * because the entrypoint prints it alone. Claude's stream-json lines are JSON objects, so
 * text Claude or a tool's output quotes (`"...[flaude:exit:0]..."`) lands inside a JSON
 * string and is no marker. (A tool could still write a whole line to the entrypoint's
 * stdout; the last marker wins, and LogCollector only ends a stream at a marker that is the
 * latest line.) The seed library matched the marker anywhere in a line.
 */

// Exit statuses are 0..255 on POSIX; more digits or a sign is a near miss, not a marker.
const EXIT_MARKER = /^\[flaude:exit:(\d{1,3})\]$/;
const MANIFEST_PREFIX = '[flaude:manifest:';

/**
 * The exit code carried by an `[flaude:exit:N]` line, or undefined when the line is not
 * exactly such a marker (surrounding whitespace and a trailing `\r` are tolerated).
 */
export function parseExitMarker(line: string): number | undefined {
  const match = EXIT_MARKER.exec(line.trim());
  if (match?.[1] === undefined) return undefined;
  const code = Number(match[1]);
  return code <= 255 ? code : undefined;
}

/**
 * The exit code of a run from its log lines. The last marker wins: the entrypoint prints
 * exactly one, and anything a retry or restart printed before it is stale.
 */
export function findExitCode(lines: readonly string[]): number | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const code = parseExitMarker(lines[i] ?? '');
    if (code !== undefined) return code;
  }
  return undefined;
}

/** The workspace file list the entrypoint prints before Claude runs. */
export interface WorkspaceManifest {
  workspace: string;
  files: string[];
}

/**
 * The manifest carried by a `[flaude:manifest:{json}]` line, or undefined when the line is
 * not one or its JSON is malformed or of the wrong shape (the line can be cut short by
 * log shipping limits on large repositories; that must not fail the run).
 */
export function parseManifest(line: string): WorkspaceManifest | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith(MANIFEST_PREFIX) || !trimmed.endsWith(']')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed.slice(MANIFEST_PREFIX.length, -1));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { workspace, files } = value as { workspace?: unknown; files?: unknown };
  if (typeof workspace !== 'string' || !Array.isArray(files)) return undefined;
  if (!files.every((f): f is string => typeof f === 'string')) return undefined;
  return { workspace, files: [...files] };
}

/**
 * The first well-formed manifest among the lines: the entrypoint prints one, before
 * Claude runs, so the first is the entrypoint's (the seed library's rule too).
 */
export function findManifest(lines: readonly string[]): WorkspaceManifest | undefined {
  for (const line of lines) {
    const manifest = parseManifest(line);
    if (manifest !== undefined) return manifest;
  }
  return undefined;
}
