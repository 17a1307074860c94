/**
 * The findings schema: the one shape every reviewer reports in. Claude Code is run with
 * `--json-schema` set to {@link FINDINGS_SCHEMA}, and the `structured_output` of its final
 * `result` line is the only source of a reviewer's findings: prose is never parsed. What the
 * PR sees (comments, reviews, issues) is built from this data by the runner.
 */
import { Validator, type OutputUnit } from '@cfworker/json-schema';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const VERDICTS = ['approve', 'comment', 'request_changes'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** One finding, on lines `start_line`..`line` of `path` in the reviewed head. */
export interface Finding {
  readonly path: string;
  readonly line: number;
  readonly start_line?: number;
  readonly severity: Severity;
  readonly title: string;
  readonly body: string;
  /** Replacement text for lines `start_line`..`line` (or `line` alone). */
  readonly suggestion?: string;
}

/** A reviewer's report, as its `structured_output` carries it. */
export interface Findings {
  readonly summary: string;
  readonly verdict: Verdict;
  readonly findings: readonly Finding[];
}

/** What Claude Code gets as `--json-schema`, and what its answer is checked against. */
export const FINDINGS_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  required: ['summary', 'verdict', 'findings'],
  properties: {
    summary: {
      type: 'string',
      minLength: 1,
      description:
        'Markdown: the review (or, for a maintenance task, the report) in a few paragraphs.',
    },
    verdict: {
      type: 'string',
      enum: [...VERDICTS],
      description:
        '"approve" when nothing needs to change, "request_changes" when something must, ' +
        'else "comment".',
    },
    findings: {
      type: 'array',
      description:
        'One entry per problem, on the lines of the reviewed head it concerns; empty when ' +
        'there is nothing to point at.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'line', 'severity', 'title', 'body'],
        properties: {
          path: {
            type: 'string',
            minLength: 1,
            description: 'File path relative to the repository root, e.g. src/app.ts.',
          },
          line: {
            type: 'integer',
            minimum: 1,
            description: 'The (last) line of the finding, in the file as it is at the head.',
          },
          start_line: {
            type: 'integer',
            minimum: 1,
            description: 'First line, for a finding that spans several lines; at most `line`.',
          },
          severity: { type: 'string', enum: [...SEVERITIES] },
          title: { type: 'string', minLength: 1, maxLength: 200, description: 'One line.' },
          body: { type: 'string', description: 'Markdown: what is wrong and why.' },
          suggestion: {
            type: 'string',
            description:
              'Optional replacement text for lines start_line..line (or line alone), exactly ' +
              'as the file should read.',
          },
        },
      },
    },
  },
} as const;

/** `findings` with every text Claude wrote passed through `redact` (a secret it echoed goes). */
export function redactFindings(findings: Findings, redact: (text: string) => string): Findings {
  return {
    ...findings,
    summary: redact(findings.summary),
    findings: findings.findings.map((finding) => ({
      ...finding,
      path: redact(finding.path),
      title: redact(finding.title),
      body: redact(finding.body),
      ...(finding.suggestion === undefined ? {} : { suggestion: redact(finding.suggestion) }),
    })),
  };
}

/** The schema as `--json-schema` takes it: one line of JSON. */
export const FINDINGS_SCHEMA_JSON = JSON.stringify(FINDINGS_SCHEMA);

/** Findings, or why there are none, in one plain sentence. */
export type FindingsResult =
  | { readonly ok: true; readonly findings: Findings }
  | { readonly ok: false; readonly reason: string };

const validator = new Validator(FINDINGS_SCHEMA as object, '7', false);

/** Most schema violations quoted in a reason; the rest are counted. */
const MAX_REASONS = 3;

/**
 * Checks a result line's `structured_output` against {@link FINDINGS_SCHEMA}, plus what a
 * schema cannot say (`start_line` ≤ `line`). `undefined` (no structured output at all) and
 * every violation give a reason that names the field.
 */
export function readFindings(structuredOutput: unknown): FindingsResult {
  if (structuredOutput === undefined || structuredOutput === null) {
    return {
      ok: false,
      reason: "Claude's result has no structured output (the findings the --json-schema asks for).",
    };
  }
  const checked = validator.validate(structuredOutput);
  if (!checked.valid) {
    return {
      ok: false,
      reason: `Claude's findings do not match the schema: ${describe(checked.errors)}.`,
    };
  }
  const findings = structuredOutput as Findings;
  const backwards = findings.findings.findIndex(
    (f) => f.start_line !== undefined && f.start_line > f.line,
  );
  if (backwards >= 0) {
    const f = findings.findings[backwards];
    return {
      ok: false,
      reason:
        `Claude's findings do not match the schema: findings[${backwards}] starts at line ` +
        `${f?.start_line} after its last line ${f?.line}.`,
    };
  }
  return { ok: true, findings };
}

/** The deepest violations first (they name the field), without the parents that repeat them. */
function describe(errors: readonly OutputUnit[]): string {
  const leaves = errors.filter(
    (e) =>
      !errors.some(
        (other) => other !== e && other.instanceLocation.startsWith(`${e.instanceLocation}/`),
      ),
  );
  const unique = [
    ...new Set(leaves.map((e) => `${pointer(e.instanceLocation)}: ${wording(e.error)}`)),
  ];
  const shown = unique.slice(0, MAX_REASONS).join('; ');
  const more = unique.length - MAX_REASONS;
  return more > 0 ? `${shown}; and ${more} more` : shown;
}

/** The validator's sentence, without its full stop; a field the schema has no room for named so. */
function wording(error: string): string {
  if (error === 'False boolean schema.') return 'is not a field of the schema';
  return error.replace(/\.$/, '');
}

/** `#/findings/0/line` -> `findings[0].line`; the whole document is `the output`. */
function pointer(location: string): string {
  const parts = location
    .replace(/^#\/?/, '')
    .split('/')
    .filter((p) => p.length > 0);
  if (parts.length === 0) return 'the output';
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
