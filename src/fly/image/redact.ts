/**
 * Removal of credentials from text a builder or subprocess printed.
 */

/** Replaces every occurrence of each secret with `***` (longest first). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret) out = out.split(secret).join('***');
  }
  return out;
}
