import { execFileSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { secretHits, secretShapesIn } from './secret-scan.ts';

const SECRET = 'sk-ant-api03-scan/Test+key~value 42';
const b64 = (text: string, encoding: 'base64' | 'base64url' = 'base64'): string =>
  Buffer.from(text).toString(encoding);

test.each([
  ['as it is', `x ${SECRET} y`, 'plain'],
  ['percent-encoded', `?k=${encodeURIComponent(SECRET)}&x`, 'url-encoded'],
  [
    'percent-encoded, lower-case hex',
    encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    'url-encoded',
  ],
  ['a form body', new URLSearchParams({ k: SECRET }).toString(), 'url-encoded'],
  ['base64, aligned', `echo ${b64(SECRET)}`, 'base64'],
  ['base64 after 1 byte', `"${b64(`a${SECRET}\n`)}"`, 'base64'],
  ['base64 after 2 bytes', b64(`ab${SECRET}cd`), 'base64'],
  ['URL-safe base64 after 1 byte', b64(`?${SECRET}`, 'base64url'), 'base64'],
  ['URL-safe base64 after 2 bytes', b64(`?!${SECRET}`, 'base64url'), 'base64'],
] as const)('%s', (_what, text, shape) => {
  expect(secretShapesIn(text, SECRET)).toContain(shape);
});

test('nothing of it: a redacted line, a prefix of the secret, its base64 cut short', () => {
  const text = `sk-ant-api03-scan *** ${b64(SECRET).slice(0, 20)}`;
  expect(secretShapesIn(text, SECRET)).toEqual([]);
});

test('base64 wrapped over lines, as base64(1) prints a long secret', () => {
  const long = `${SECRET}-${'z'.repeat(80)}`;
  const wrapped = execFileSync('base64', { input: long, encoding: 'utf8' });
  expect(wrapped.trim().split('\n').length).toBeGreaterThan(1);
  expect(secretShapesIn(wrapped, long)).toContain('base64');
});

test('secretHits names the surface and the shape, never the secret', () => {
  const hits = secretHits(
    [
      ['log', b64(SECRET)],
      ['summary', 'clean'],
    ],
    [SECRET],
  );
  expect(hits).toEqual([`secret #1 (${SECRET.length} characters), base64, in log`]);
  expect(hits.join('')).not.toContain(SECRET);
});
