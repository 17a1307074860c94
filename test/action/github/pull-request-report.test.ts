// The facade never throws: whatever the client does (here: every request fails before it is
// sent, as a bug or a broken network would), start and finish resolve and say why in warnings.
import { describe, expect, test } from 'vitest';
import type { GitHubClient } from '../../../src/action/github/client.ts';
import {
  markCancelled,
  PullRequestReport,
} from '../../../src/action/github/pull-request-report.ts';

/** A client of which every method, at any depth, throws `error`. */
function brokenClient(error: unknown): GitHubClient {
  const thrower: unknown = new Proxy(() => undefined, {
    get: () => thrower,
    apply: () => {
      throw error;
    },
  });
  return thrower as GitHubClient;
}

describe('PullRequestReport', () => {
  test.each([[new TypeError('fetch failed')], ['a string'], [undefined]])(
    'a client that throws %j: no throw, warnings, an empty posting',
    async (error) => {
      const warnings: string[] = [];
      const report = new PullRequestReport(
        brokenClient(error),
        {
          owner: 'o',
          repo: 'r',
          number: 1,
          headSha: 'abc1234def',
          workflow: 'w',
          job: 'j',
          runUrl: 'https://github.com/o/r/actions/runs/1',
        },
        {
          comment: true,
          inlineComments: true,
          maxInlineComments: 20,
          reviewEvent: 'auto',
          log: { info: () => undefined, warning: (m) => warnings.push(m) },
          redact: (s) => s,
        },
      );
      await expect(report.start('security')).resolves.toBeUndefined();
      const posting = await report.finish({
        name: 'security',
        success: true,
        findings: {
          summary: 's',
          verdict: 'request_changes',
          findings: [{ path: 'a', line: 1, severity: 'high', title: 't', body: 'b' }],
        },
      });
      expect(posting).toMatchObject({ reviewer: 'security', commentId: undefined, inline: 0 });
      await expect(report.cancel('security')).resolves.toBeUndefined();
      expect(warnings.length).toBeGreaterThanOrEqual(4);
      expect(
        warnings.some((w) =>
          w.startsWith("Could not mark the sticky comment of reviewer 'security' cancelled"),
        ),
      ).toBe(true);
      expect(warnings.every((w) => w.startsWith('Could not '))).toBe(true);
      expect(report.commentIds()).toEqual({});
      await expect(
        markCancelled(
          brokenClient(error),
          { owner: 'o', repo: 'r' },
          { security: 5 },
          {
            log: { info: () => undefined, warning: (m) => warnings.push(m) },
            redact: (s) => s,
          },
        ),
      ).resolves.toBe(0);
    },
  );
});
