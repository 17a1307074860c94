/**
 * Redaction of secrets from text the action echoes (machine output, Claude's result, error
 * messages). The runner masks values passed to `core.setSecret`, but only in the log: outputs
 * and the job summary are not masked, and a machine may print a token in a shape the runner
 * was never told about (e.g. one minted inside the machine).
 */
import { redactSecrets } from '../fly/index.js';
import type { Inputs } from './inputs.js';

/** Token shapes worth hiding wherever they appear. */
const TOKEN_SHAPES: readonly RegExp[] = [
  /\bgh[opusr]_[A-Za-z0-9]{20,}\b/g, // GitHub tokens: ghp_, gho_, ghu_, ghs_, ghr_
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\bsk-ant-[A-Za-z0-9_-]{10,}/g, // Anthropic API keys and Claude OAuth tokens
  /\bFlyV1\s+[A-Za-z0-9_+/=,.-]{10,}/g, // Fly macaroon headers
  /\bfm[12][ra]?_[A-Za-z0-9_+/=-]{10,}/g, // Fly macaroon tokens
];

export type Redactor = (text: string) => string;

/**
 * Builds a redactor for the given known secrets (empty values ignored), which the library
 * redacts, plus the known token shapes.
 */
export function createRedactor(secrets: readonly (string | undefined)[]): Redactor {
  const known = secrets.filter((s): s is string => !!s);
  return (text) =>
    TOKEN_SHAPES.reduce((out, shape) => out.replace(shape, '***'), redactSecrets(text, known));
}

/**
 * Every value of the step's inputs to keep out of what it echoes: the credentials, and each
 * machine env value, which often carries a token of the user's (`NPM_TOKEN: ${{ secrets.X }}`).
 */
export function stepSecrets(
  inputs: Pick<
    Inputs,
    'flyApiToken' | 'claudeCredential' | 'machineGithubToken' | 'reviewers' | 'posting'
  >,
): (string | undefined)[] {
  return [
    inputs.flyApiToken,
    inputs.claudeCredential.value,
    inputs.machineGithubToken,
    inputs.posting.githubToken,
    ...inputs.reviewers.flatMap((r) => Object.values(r.env)),
  ];
}
