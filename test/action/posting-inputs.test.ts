import { describe, expect, test } from 'vitest';
import { readGithubConnectionInputs, type InputSource } from '../../src/action/inputs.ts';
import { readPostingInputs } from '../../src/action/posting-inputs.ts';
import { secretForms } from '../../src/fly/index.ts';

function read(values: Record<string, string>): {
  posting: ReturnType<typeof readPostingInputs>;
  secrets: string[];
} {
  const secrets: string[] = [];
  const source: InputSource = {
    get: (name) => values[name] ?? '',
    setSecret: (value) => secrets.push(value),
  };
  const connection = readGithubConnectionInputs(source, {});
  return { posting: readPostingInputs(source, connection), secrets };
}

describe('readPostingInputs, on readGithubConnectionInputs', () => {
  test('defaults: post on PR events, inline comments on, COMMENT reviews, 20 inline, never fail', () => {
    expect(read({}).posting).toEqual({
      githubToken: undefined,
      githubApiUrl: 'https://api.github.com',
      comment: 'auto',
      inlineComments: true,
      reviewEvent: 'comment',
      maxInlineComments: 20,
      failOnSeverity: 'none',
    });
  });

  test('masks github-token the moment it is read', () => {
    const { posting, secrets } = read({ 'github-token': ' ghs_runner ' });
    expect(posting.githubToken).toBe('ghs_runner');
    expect(secrets).toEqual(secretForms('ghs_runner'));
  });

  test("github-api-url wins over the runner's GITHUB_API_URL, which wins over api.github.com", () => {
    const source: InputSource = { get: () => '', setSecret: () => undefined };
    const read = (values: Record<string, string>, env: NodeJS.ProcessEnv): string =>
      readGithubConnectionInputs({ ...source, get: (name) => values[name] ?? '' }, env)
        .githubApiUrl;
    expect(read({}, {})).toBe('https://api.github.com');
    expect(read({}, { GITHUB_API_URL: 'https://ghe.example.com/api/v3/' })).toBe(
      'https://ghe.example.com/api/v3',
    );
    expect(
      read({ 'github-api-url': 'http://127.0.0.1:9/' }, { GITHUB_API_URL: 'https://x.test' }),
    ).toBe('http://127.0.0.1:9');
    expect(() => read({ 'github-api-url': 'ftp://x' }, {})).toThrow(
      `Input 'github-api-url' is "ftp://x"; expected an http(s) URL.`,
    );
  });

  test.each([
    [{ comment: 'true' }, { comment: 'on' }],
    [{ comment: 'FALSE' }, { comment: 'off' }],
    [{ 'inline-comments': 'false' }, { inlineComments: false }],
    [{ 'review-event': 'auto' }, { reviewEvent: 'auto' }],
    [{ 'max-inline-comments': '0' }, { maxInlineComments: 0 }],
    [{ 'max-inline-comments': '100' }, { maxInlineComments: 100 }],
    [{ 'fail-on-severity': 'high' }, { failOnSeverity: 'high' }],
    [{ 'fail-on-severity': 'low' }, { failOnSeverity: 'low' }],
  ])('%j reads as %j', (values, expected) => {
    expect(read(values).posting).toMatchObject(expected);
  });

  test.each([
    [{ comment: 'yes' }, `Input 'comment' is "yes"; expected auto, true or false.`],
    [{ 'inline-comments': 'on' }, `Input 'inline-comments' is "on"; expected true or false.`],
    [
      { 'review-event': 'REQUEST_CHANGES' },
      `Input 'review-event' is "REQUEST_CHANGES"; expected one of comment, auto.`,
    ],
    [
      { 'max-inline-comments': '101' },
      `Input 'max-inline-comments' is "101"; expected a whole number from 0 to 100.`,
    ],
    [
      { 'max-inline-comments': '-1' },
      `Input 'max-inline-comments' is "-1"; expected a whole number from 0 to 100.`,
    ],
    [
      { 'fail-on-severity': 'info' },
      `Input 'fail-on-severity' is "info"; expected one of none, critical, high, medium, low.`,
    ],
  ])('%j is refused: %s', (values, message) => {
    expect(() => read(values)).toThrow(message);
  });
});
