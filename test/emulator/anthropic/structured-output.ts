// Structured output as Claude Code 2.1.330 asks for it with `--json-schema`: an extra tool,
// `StructuredOutput`, whose input is the answer. The model delivers the report by calling it;
// the CLI checks the input against the schema itself (answering `is_error` and asking again,
// five attempts in all) and ends the run after the first valid call. See README.md.

/** The tool the CLI adds to every Messages request when it runs with `--json-schema`. */
export const STRUCTURED_OUTPUT_TOOL = 'StructuredOutput';

/** The text of the tool result the CLI sends after a valid call (observed, 2.1.330). */
export const STRUCTURED_OUTPUT_ACCEPTED = 'Structured output provided successfully';

/** What the `bad-structured-output` scenario calls the tool with: it breaks any findings schema. */
export const SCHEMA_BREAKING_OUTPUT: Readonly<Record<string, unknown>> = {
  summary: 42,
  verdict: 'maybe',
  findings: 'none',
};

const KEYWORD = /\[findings:\s*([A-Za-z0-9_.-]+)\s*\]/i;

/** The findings document a prompt names with `[findings:ID]`, or undefined when it names none. */
export function findingsIdFromPrompt(prompt: string): string | undefined {
  return KEYWORD.exec(prompt)?.[1];
}

/**
 * The report of a prompt that names no findings document: the scripted review text as the
 * summary, verdict `comment`, no findings. It satisfies the action's findings schema.
 */
export function defaultReport(summary: string): Record<string, unknown> {
  return { summary, verdict: 'comment', findings: [] };
}

/** Findings documents by id; tests register them through the emulator's option or handle. */
export class FindingsRegistry {
  private readonly documents = new Map<string, unknown>();

  constructor(initial: Readonly<Record<string, unknown>> = {}) {
    for (const [id, document] of Object.entries(initial)) this.register(id, document);
  }

  /** Stores `document` (any JSON value, sent as it is) under `id`, replacing an earlier one. */
  register(id: string, document: unknown): void {
    if (!/^[A-Za-z0-9_.-]+$/.test(id)) {
      throw new Error(`Findings id "${id}" must be letters, digits, '.', '_' or '-'.`);
    }
    // A copy: a test that changes its object afterwards must not change a running review.
    this.documents.set(id, structuredClone(document));
  }

  /** The document registered under `id` (compared exactly), or undefined. */
  get(id: string): unknown {
    return this.documents.has(id) ? structuredClone(this.documents.get(id)) : undefined;
  }

  has(id: string): boolean {
    return this.documents.has(id);
  }

  /** Registered ids, for the message of an unknown one. */
  ids(): string[] {
    return [...this.documents.keys()];
  }
}
