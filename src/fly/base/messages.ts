/**
 * How any thrown value becomes text or an Error, and the removal of secrets from text, for
 * every layer of src/fly (and the action above it).
 */

/**
 * Replaces every occurrence of each secret in `text` with `***`. Secrets shorter than
 * 4 characters are ignored: replacing them would mangle ordinary words.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so that a secret containing another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 4) out = out.split(secret).join('***');
  }
  return out;
}

/**
 * The message of any thrown value, with a Node error code (`ENOENT`, `ECONNRESET`) appended
 * when the message lacks it.
 */
export function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return typeof code === 'string' && code !== '' && !error.message.includes(code)
      ? `${error.message} (${code})`
      : error.message;
  }
  return String(error);
}

/** `error` itself when it is an Error, else an Error whose message is its text. */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
