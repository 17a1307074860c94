import { describe, expect, test } from 'vitest';
import { asError, messageOf, redactSecrets, secretForms } from '../../../src/fly/base/messages.ts';

describe('messageOf and asError', () => {
  test('messageOf: an Error, with its Node code when the message lacks it; anything else as text', () => {
    const enoent = Object.assign(new Error('spawn docker'), { code: 'ENOENT' });
    expect(messageOf(enoent)).toBe('spawn docker (ENOENT)');
    expect(
      messageOf(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    ).toBe('connect ECONNREFUSED');
    expect(messageOf(new Error('plain'))).toBe('plain');
    expect(messageOf('text')).toBe('text');
    expect(messageOf(42)).toBe('42');
  });

  test('asError keeps an Error and wraps anything else', () => {
    const e = new TypeError('t');
    expect(asError(e)).toBe(e);
    expect(asError('boom')).toEqual(new Error('boom'));
  });

  test('redactSecrets ignores secrets shorter than 4 characters', () => {
    expect(redactSecrets('a abc abcd', ['abc', 'abcd'])).toBe('a abc ***');
  });
});

describe('redactSecrets: the encoded forms of a secret', () => {
  const SECRET = 'sk-ant-api03-Zq9/+x~y z!é-0123456789';
  const base64 = (text: string, url = false): string =>
    Buffer.from(text, 'utf8').toString(url ? 'base64url' : 'base64');

  // Before and after: 0, 1 and 2 bytes, so the secret starts at each of base64's alignments
  // and ends at each of them too; the neighbours must come out intact around the stars.
  test.each([
    ['', ''],
    ['a', ''],
    ['ab', ''],
    ['', '\n'],
    ['a', 'b'],
    ['ab', 'cd'],
    ['Authorization: Basic x-access-token:', ''],
  ])('base64 of %j + secret + %j, standard and URL-safe, has no trace of it', (before, after) => {
    for (const url of [false, true]) {
      const encoded = base64(`${before}${SECRET}${after}`, url);
      const redacted = redactSecrets(`echo ${encoded} done`, [SECRET]);
      expect(redacted).toContain('***');
      expect(redacted.startsWith('echo ')).toBe(true);
      expect(redacted.endsWith(' done')).toBe(true);
      // What is left of the encoded text, read at any alignment, holds no 6 bytes of it.
      for (const piece of redacted.slice(5, -5).split('***')) {
        for (const offset of [0, 1, 2, 3]) {
          const decoded = Buffer.from(piece.slice(offset), url ? 'base64url' : 'base64');
          const text = decoded.toString('latin1');
          for (let i = 0; i + 6 <= SECRET.length; i++) {
            expect(text).not.toContain(
              Buffer.from(SECRET)
                .subarray(i, i + 6)
                .toString('latin1'),
            );
          }
        }
      }
    }
  });

  test('the percent-encoded secret, upper- and lower-case hex, and a form body', () => {
    const percent = encodeURIComponent(SECRET);
    const lower = percent.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
    const form = new URLSearchParams({ key: SECRET }).toString();
    expect(redactSecrets(`u=${percent}&v=${lower}&${form}`, [SECRET])).toBe('u=***&v=***&key=***');
  });

  test('secretForms: the secret first, then each encoded form once', () => {
    const forms = secretForms('ghs_0123456789abcdef');
    expect(forms[0]).toBe('ghs_0123456789abcdef');
    expect(new Set(forms).size).toBe(forms.length);
    // A secret with nothing to escape has no URL form; its base64 has three alignments.
    expect(forms).toContain(base64('ghs_0123456789abcdef').replace(/=+$/, '').slice(0, -1));
    expect(secretForms('')).toEqual([]);
  });

  test('a short secret has no base64 forms to mistake for ordinary words', () => {
    expect(secretForms('abcd')).toEqual(['abcd']);
    expect(redactSecrets('YWJjZA== abcd', ['abcd'])).toBe('YWJjZA== ***');
  });
});
