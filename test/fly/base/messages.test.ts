import { describe, expect, test } from 'vitest';
import { asError, messageOf, redactSecrets } from '../../../src/fly/base/messages.ts';

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
