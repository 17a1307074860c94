// The words of the scripted answers. Tests of other layers match on the exported markers.

import type { ScenarioName } from './types.ts';

/** First line of every scripted final answer. */
export const REVIEW_HEADING = '## Review';

/** Sentence in every scripted final answer, naming the emulator as its author. */
export const REVIEW_SIGNATURE = 'Reviewed by the flaude Anthropic emulator';

/** Answer to requests that are not the main conversation (titles, summaries, classifiers). */
export const SIDE_ANSWER = 'Emulated side answer.';

const QUOTE_MAX_LINES = 20;
const QUOTE_MAX_CHARS = 1500;

/** The first lines of a tool's output, as the final answer quotes them. */
export function quoteToolOutput(output: string): string {
  const trimmed = output.replace(/\s+$/, '');
  if (trimmed === '') return '(no output)';
  const lines = trimmed.split('\n');
  let quoted = lines.slice(0, QUOTE_MAX_LINES).join('\n');
  if (quoted.length > QUOTE_MAX_CHARS) quoted = quoted.slice(0, QUOTE_MAX_CHARS);
  return quoted.length < trimmed.length ? `${quoted}\n[... output truncated]` : quoted;
}

/** What the final answer says about the tool call it received. */
export interface FinalReviewInput {
  scenario: ScenarioName;
  model: string;
  command: string;
  toolOutput: string;
  toolFailed: boolean;
  /** Number of numbered finding lines to append (the `long` scenario). */
  findingLines?: number;
}

/** The final review of the tool-using scenarios: summary, the quoted tool output, verdict. */
export function finalReviewText(input: FinalReviewInput): string {
  const outcome = input.toolFailed ? 'it reported an error' : 'read its output';
  const lines = [
    REVIEW_HEADING,
    '',
    `${REVIEW_SIGNATURE} (scenario: ${input.scenario}, model: ${input.model}).`,
    '',
    `Summary: ran \`${input.command}\` in the working directory and ${outcome}; ` +
      'nothing in it blocks merging.',
    '',
    `Output of \`${input.command}\`:`,
    '',
    '```text',
    quoteToolOutput(input.toolOutput),
    '```',
  ];
  const findings = input.findingLines ?? 0;
  if (findings > 0) {
    lines.push('', '### Findings', '');
    for (let n = 1; n <= findings; n += 1) {
      const id = String(n).padStart(3, '0');
      lines.push(`- Finding ${id}: line ${id} of the long emulated review.`);
    }
  }
  lines.push('', 'Verdict: no blocking issues (scripted answer; no model was involved).');
  return lines.join('\n');
}

/** The answer of the `no-tool` scenario, given without any tool call. */
export function directReviewText(model: string, prompt: string): string {
  const excerpt = prompt.replace(/\s+/g, ' ').trim().slice(0, 120);
  return [
    REVIEW_HEADING,
    '',
    `${REVIEW_SIGNATURE} (scenario: no-tool, model: ${model}).`,
    '',
    `Summary: answered directly without running any tool. Prompt: "${excerpt}"`,
    '',
    'Verdict: no blocking issues (scripted answer; no model was involved).',
  ].join('\n');
}

/** The text that precedes the Bash call, as a model would announce it. */
export function toolIntroText(command: string): string {
  return `I'll start by running \`${command}\` to see what changed.`;
}
