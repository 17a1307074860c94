/**
 * Where each reviewer is, in the words of the status line that the log prints while several
 * run (`security: running 2m10s, 7 turns · tests: passed in 1m02s`). Pure.
 */

/** One reviewer's state at one moment. */
export type ReviewerState =
  /** Not started yet: its machine waits for a slot, or its create is in flight. */
  | { readonly kind: 'waiting' }
  | { readonly kind: 'running'; readonly elapsedMs: number; readonly turns: number }
  | {
      readonly kind: 'finished';
      readonly passed: boolean;
      /** From its machine's create to its end; undefined when it never had a machine. */
      readonly durationMs: number | undefined;
    };

/** `42s`, `2m10s`, `1m02s`, `1h05m00s`: whole seconds, rounded down. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const h = Math.floor(total / 3600);
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (h > 0) return `${h}h${pad(m)}m${pad(s)}s`;
  if (m > 0) return `${m}m${pad(s)}s`;
  return `${s}s`;
}

/** `running 2m10s, 7 turns`, `passed in 1m02s`, `failed`, `waiting`. */
export function describeState(state: ReviewerState): string {
  switch (state.kind) {
    case 'waiting':
      return 'waiting';
    case 'running': {
      const turns = state.turns === 0 ? '' : `, ${state.turns} turn${state.turns === 1 ? '' : 's'}`;
      return `running ${formatDuration(state.elapsedMs)}${turns}`;
    }
    case 'finished': {
      const verdict = state.passed ? 'passed' : 'failed';
      return state.durationMs === undefined
        ? verdict
        : `${verdict} in ${formatDuration(state.durationMs)}`;
    }
  }
}

/** One line for all reviewers, in the order given. */
export function statusLine(reviewers: readonly (readonly [string, ReviewerState])[]): string {
  return reviewers.map(([name, state]) => `${name}: ${describeState(state)}`).join(' · ');
}
