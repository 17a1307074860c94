// A LogSink that writes what @actions/core writes to stdout, line by line, so tests can read
// the step's output as the runner would (scripts/workflow-log-view.ts). One test in
// step-log.test.ts checks it against core itself.
import type { AnnotationTitle, LogSink } from '../../src/action/step-log.ts';

export interface WireSink extends LogSink {
  /** Every line written, in order. */
  readonly lines: string[];
  /** The lines as stdout (each ended by \n). */
  stdout(): string;
}

/** core's escaping of command data. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(name: string, message: string, properties?: AnnotationTitle): string {
  const props = properties?.title ? ` title=${escapeProperty(properties.title)}` : '';
  return `::${name}${props}::${escapeData(message)}`;
}

export function wireSink(options: { debug?: boolean } = {}): WireSink {
  const lines: string[] = [];
  return {
    lines,
    stdout: () => lines.map((l) => `${l}\n`).join(''),
    info: (m) => lines.push(m),
    debug: (m) => lines.push(command('debug', m)),
    warning: (m, p) => lines.push(command('warning', m, p)),
    error: (m, p) => lines.push(command('error', m, p)),
    startGroup: (t) => lines.push(`::group::${t}`),
    endGroup: () => lines.push('::endgroup::'),
    isDebug: () => options.debug ?? false,
  };
}

/** Tokens tok-1, tok-2, …: predictable fences for exact expectations. */
export function countingTokens(): () => string {
  let n = 0;
  return () => `tok-${++n}`;
}
