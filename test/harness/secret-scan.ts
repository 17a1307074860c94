/**
 * Where a secret shows in a text, in every shape a program could have re-encoded it to: as it
 * is, percent-encoded (either case of hex digits, `+` for a space), or in base64, standard or
 * URL-safe, at any of the three alignments, on one line or wrapped over several (`base64`
 * wraps at 76 columns). It decodes the text instead of encoding the secret, so it does not
 * look the way the redactor does and cannot share its blind spots.
 */

/** The shapes a scan tells apart (base64 covers both alphabets: each decoder reads both). */
export type SecretShape = 'plain' | 'url-encoded' | 'base64';

/** Each shape in which `secret` appears in `text`; empty when it appears in none. */
export function secretShapesIn(text: string, secret: string): SecretShape[] {
  if (secret === '') throw new Error('a secret to look for is empty');
  const shapes: SecretShape[] = [];
  if (text.includes(secret)) shapes.push('plain');
  // The encoded shapes are looked for in what is left once the plain ones are gone.
  const rest = text.split(secret).join(' ');
  if (percentDecoded(rest).some((decoded) => decoded.includes(secret))) shapes.push('url-encoded');
  const wanted = Buffer.from(secret, 'utf8');
  // The text as it is, and with its line breaks gone, for base64 wrapped over several lines.
  if ([rest, rest.replace(/\r?\n/g, '')].some((t) => holdsBase64Of(t, wanted))) {
    shapes.push('base64');
  }
  return shapes;
}

/** The text with each run of `%XX` escapes decoded, once as a URL and once as a form body. */
function percentDecoded(text: string): string[] {
  const decode = (t: string): string =>
    t.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  return [decode(text), decode(text.replace(/\+/g, ' '))];
}

/**
 * Whether a run of base64 characters (either alphabet) in `text`, decoded from any of its
 * four starting characters (one of them is on the encoder's 4-character boundary), holds
 * `wanted`.
 */
function holdsBase64Of(text: string, wanted: Buffer): boolean {
  for (const [run] of text.matchAll(/[A-Za-z0-9+/_-]{4,}/g)) {
    for (let start = 0; start < 4 && start < run.length; start++) {
      if (Buffer.from(run.slice(start), 'base64').includes(wanted)) return true;
    }
  }
  return false;
}

/**
 * Every `[where, shape]` at which one of `secrets` shows in one of `surfaces` (name, text):
 * what a test asserts to be empty.
 */
export function secretHits(
  surfaces: readonly (readonly [where: string, text: string])[],
  secrets: readonly string[],
): string[] {
  const hits: string[] = [];
  for (const [where, text] of surfaces) {
    secrets.forEach((secret, index) => {
      for (const shape of secretShapesIn(text, secret)) {
        hits.push(`secret #${index + 1} (${secret.length} characters), ${shape}, in ${where}`);
      }
    });
  }
  return hits;
}
