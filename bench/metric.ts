/** What every bench stage hands back: figures to check against targets, and raw samples. */

/** One measured figure, checked against the target of the same `id` in targets.json. */
export interface Metric {
  /** Stable key, also the key in targets.json (e.g. `action.step_ms.median`). */
  readonly id: string;
  /** What a reader sees in the table. */
  readonly label: string;
  readonly value: number;
  /** `ms`, `MB`, `lines/s`, `count`, `requests`. */
  readonly unit: string;
}

/** The outcome of one stage. */
export interface StageResult {
  readonly stage: string;
  readonly metrics: Metric[];
  /** Raw samples and context for results/latest.json (not checked). */
  readonly details: Record<string, unknown>;
}
