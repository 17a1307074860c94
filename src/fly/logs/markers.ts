/**
 * The marker lines the reviewer container prints on stdout (container/README.md, Output):
 * `[flaude] text` (progress), `[flaude:error] text`, `[flaude:manifest:{json}]` once before
 * Claude starts, and `[flaude:exit:N]` always last. Everything that reads them (the run's
 * exit code, the log collector, the action's transcript) parses them here.
 *
 * Parsing of the exit marker and the manifest is strict on purpose: they count only when
 * they are the whole (trimmed) line, because the entrypoint prints them alone. Claude's
 * stream-json lines are JSON objects, so text Claude or a tool's output quotes
 * (`"...[flaude:exit:0]..."`) lands inside a JSON string and is no marker. (A tool could
 * still write a whole line to the entrypoint's stdout; the last marker wins, and
 * LogCollector only ends a stream at a marker that is the latest line.) The seed library
 * matched the marker anywhere in a line. Progress and error lines only inform a reader, so
 * their prefix is enough.
 */

// Exit statuses are 0..255 on POSIX; more digits or a sign is a near miss, not a marker.
const EXIT_MARKER = /^\[flaude:exit:(\d{1,3})\]$/;
const MANIFEST_PREFIX = '[flaude:manifest:';
const ERROR_PREFIX = '[flaude:error]';
const PROGRESS_PREFIX = '[flaude]';

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
  /** The tracked files; the entrypoint lists at most 2000 of them. */
  files: string[];
  /** How many files there are in all (more than `files` holds when the list was capped). */
  total?: number;
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
  const { workspace, files, total } = value as {
    workspace?: unknown;
    files?: unknown;
    total?: unknown;
  };
  if (typeof workspace !== 'string' || !Array.isArray(files)) return undefined;
  if (!files.every((f): f is string => typeof f === 'string')) return undefined;
  // A count that is no count is left out rather than failing a manifest whose list is fine.
  const counted = typeof total === 'number' && Number.isSafeInteger(total) && total >= 0;
  return { workspace, files: [...files], ...(counted ? { total } : {}) };
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

/**
 * One marker line of the container, as {@link parseMarkerLine} reads it. A manifest line's
 * `manifest` is undefined when the line was cut short or is malformed.
 */
export type MarkerLine =
  | { readonly kind: 'exit'; readonly code: number }
  | { readonly kind: 'manifest'; readonly manifest: WorkspaceManifest | undefined }
  | { readonly kind: 'error'; readonly text: string }
  | { readonly kind: 'progress'; readonly text: string };

/**
 * What a container line says, when it is one of the entrypoint's marker lines; undefined
 * for anything else (Claude's output, a near-miss such as `[flaude:exit:999]`). A line that
 * starts like a manifest but cannot be read is still a manifest line, without its content.
 */
export function parseMarkerLine(line: string): MarkerLine | undefined {
  const trimmed = line.trim();
  const code = parseExitMarker(trimmed);
  if (code !== undefined) return { kind: 'exit', code };
  if (trimmed.startsWith(MANIFEST_PREFIX)) {
    return { kind: 'manifest', manifest: parseManifest(trimmed) };
  }
  if (trimmed.startsWith(ERROR_PREFIX)) {
    return { kind: 'error', text: trimmed.slice(ERROR_PREFIX.length).trim() };
  }
  if (trimmed.startsWith(PROGRESS_PREFIX)) {
    return { kind: 'progress', text: trimmed.slice(PROGRESS_PREFIX.length).trim() };
  }
  return undefined;
}
