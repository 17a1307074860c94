/**
 * How any thrown value becomes text or an Error, and the removal of secrets from text, for
 * every layer of src/fly (and the action above it).
 */

/**
 * Replaces every occurrence of each secret in `text` with `***`, in each of the shapes
 * {@link secretForms} lists (plain, base64, URL-encoded). Secrets shorter than 4 characters
 * are ignored: replacing them would mangle ordinary words.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const forms = secrets.filter((s) => s.length >= 4).flatMap(secretForms);
  let out = text;
  // Longest first, so that a secret containing another is replaced whole.
  for (const form of [...new Set(forms)].sort((a, b) => b.length - a.length)) {
    out = out.split(form).join('***');
  }
  return out;
}

/**
 * Base64 characters of an encoded secret shorter than this are not looked for: so few
 * characters turn up in ordinary text by chance.
 */
const MIN_ENCODED_FORM = 8;

/**
 * The shapes `secret` takes when a program re-encodes it (`base64`, a URL, a Basic
 * `Authorization` header): the secret itself; its base64, standard and URL-safe, at each of the
 * three alignments it can have inside a longer encoded text (the characters that depend only
 * on the secret's own bytes, so a neighbour before or after changes nothing); and its
 * percent-encoding when that differs. Every form is a string to find and replace as it is.
 */
export function secretForms(secret: string): string[] {
  if (secret === '') return [];
  const bytes = Buffer.from(secret, 'utf8');
  const forms = [secret];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    // Leading characters that share bits with the `offset` bytes before the secret, and a
    // trailing one that shares bits with whatever follows it.
    const head = [0, 2, 3][offset] ?? 0;
    const tail = (offset + bytes.length) % 3 === 0 ? 0 : 1;
    const inner = encoded.slice(head, encoded.length - tail);
    if (inner.length < MIN_ENCODED_FORM) continue;
    forms.push(inner, inner.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  const percent = encodeURIComponent(secret);
  // Some encoders write the hex digits in lower case; a form body writes a space as `+`.
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  for (const text of [percent, form]) {
    if (text !== secret)
      forms.push(
        text,
        text.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
      );
  }
  return [...new Set(forms)];
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
