/** What every bench scenario hands back: figures in three columns, and raw samples. */

/** One measured figure: ours, the naive baseline's, and the floor, in one unit. */
export interface Figure {
  /** Stable key, also the key in targets.json (e.g. `fanout.step_end_ms.n20`). */
  readonly id: string;
  /** The scenario number and name, e.g. `2 fan-out`. */
  readonly scenario: string;
  /** What a reader sees in the table. */
  readonly label: string;
  /** `ms`, `MB`, `count`, `requests`, `req/machine-min`. */
  readonly unit: string;
  readonly ours: number;
  /** The naive client's figure; null where the baseline has nothing to compare. */
  readonly baseline: number | null;
  /** The least the documented limits and the emulated network allow; null where none. */
  readonly floor: number | null;
  /** Set on figures measured at several sizes: the cost-growth line groups them by name. */
  readonly series?: { readonly name: string; readonly n: number };
}

/** The outcome of one scenario. */
export interface ScenarioResult {
  readonly scenario: string;
  readonly figures: Figure[];
  /** Raw samples and context for results/latest.json (not checked). */
  readonly details: Record<string, unknown>;
  /** Set when the scenario could not run here: why (it is reported, never faked). */
  readonly skipped?: string;
}
