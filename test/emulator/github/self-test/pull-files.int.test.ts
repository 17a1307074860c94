// Pull requests and their files: patches computed by git in the registered repository (the
// same text `git diff` prints from the first @@), renames, removals, binary and over-limit
// files without a patch, pages of files, and the counts the pull request reports.
import { afterEach, describe, expect, test } from 'vitest';
import {
  commitOn,
  FULL_NAME,
  gitDiff,
  OWNER,
  refusal,
  REPO,
  startTestBed,
  type TestBed,
} from './helpers.ts';

let bed: TestBed | undefined;

afterEach(async () => {
  if (bed) {
    expect(bed.github.invalidRequests).toEqual([]);
    expect(bed.github.responseSchemaViolations).toEqual([]);
    await bed.stop();
  }
  bed = undefined;
});

/** `git diff` of one file, cut where GitHub's `patch` starts and ends. */
function expectedPatch(diff: string): string {
  return diff.slice(diff.indexOf('@@ ')).replace(/\n$/, '');
}

describe('the fixture pull request', () => {
  test('its files carry the patches git computes, and the pull request their counts', async () => {
    bed = await startTestBed();
    const { baseSha, headSha } = bed.repo;
    const files = await bed.octokit.rest.pulls.listFiles({
      owner: OWNER,
      repo: REPO,
      pull_number: 2,
    });
    expect(
      files.data.map((f) => [f.filename, f.status, f.additions, f.deletions, f.changes]),
    ).toEqual([
      ['README.md', 'modified', 2, 0, 2],
      ['src/greet.js', 'modified', 1, 1, 2],
    ]);
    for (const file of files.data) {
      expect(file.patch).toBe(expectedPatch(gitDiff(bed, baseSha, headSha, '--', file.filename)));
      expect(file.blob_url).toBe(
        `https://github.com/${FULL_NAME}/blob/${headSha}/${file.filename}`,
      );
    }

    const pull = await bed.octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 2 });
    expect(pull.data).toMatchObject({
      number: 2,
      state: 'open',
      title: 'Update the README with new information.',
      user: { login: OWNER },
      head: { sha: headSha, ref: 'changes' },
      base: { sha: baseSha, ref: 'master', repo: { full_name: FULL_NAME } },
      commits: 1,
      additions: 3,
      deletions: 1,
      changed_files: 2,
      merged: false,
    });
  });

  test('a pull request that does not exist, or an issue number, is 404', async () => {
    bed = await startTestBed();
    bed.github.addIssue(FULL_NAME, { number: 7, title: 'just an issue' });
    for (const pull_number of [7, 99]) {
      expect(
        (await refusal(bed.octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number })))
          .status,
      ).toBe(404);
    }
  });
});

describe('a larger pull request', () => {
  test('renamed, removed, binary and over-limit files; 41 files in two pages', async () => {
    bed = await startTestBed({ patchLimits: { maxLines: 40 } });
    const many = Object.fromEntries(
      Array.from({ length: 37 }, (_, i) => [
        `docs/page-${String(i).padStart(2, '0')}.md`,
        `page ${i}\n`,
      ]),
    );
    const head = commitOn(
      bed,
      bed.repo.headSha,
      {
        renames: { 'src/greet.js': 'lib/greet.js' },
        files: {
          'README.md': null,
          'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]),
          'big.txt': Array.from({ length: 50 }, (_, i) => `big ${i}`).join('\n') + '\n',
          ...many,
        },
      },
      'refs/pull/4/head',
    );
    // Based on #2's head, so the renamed file is unchanged (git finds it as a rename).
    bed.github.addPullRequest(FULL_NAME, {
      number: 4,
      baseRef: 'changes',
      baseSha: bed.repo.headSha,
      headRef: 'big',
      headSha: head,
    });
    const params = { owner: OWNER, repo: REPO, pull_number: 4 };

    const first = await bed.octokit.rest.pulls.listFiles(params);
    expect(first.data).toHaveLength(30);
    expect(first.headers.link).toContain('rel="next"');
    const files = await bed.octokit.paginate(bed.octokit.rest.pulls.listFiles, params);
    expect(files).toHaveLength(41);

    const byName = new Map(files.map((f) => [f.filename, f]));
    expect(byName.get('README.md')).toMatchObject({ status: 'removed', deletions: 5 });
    expect(byName.get('README.md')?.patch).toBe(
      expectedPatch(gitDiff(bed, bed.repo.headSha, head, '--', 'README.md')),
    );
    expect(byName.get('lib/greet.js')).toMatchObject({
      status: 'renamed',
      previous_filename: 'src/greet.js',
      changes: 0,
    });
    expect(byName.get('lib/greet.js')?.patch).toBeUndefined();
    expect(byName.get('logo.png')).toMatchObject({ status: 'added', additions: 0 });
    expect(byName.get('logo.png')?.patch).toBeUndefined();
    // Over the (lowered) limit: GitHub omits the patch but still counts the lines.
    expect(byName.get('big.txt')).toMatchObject({ status: 'added', additions: 50 });
    expect(byName.get('big.txt')?.patch).toBeUndefined();
    expect(byName.get('docs/page-00.md')?.patch).toBe('@@ -0,0 +1 @@\n+page 0');

    // A file without a patch takes no inline comment.
    const refused = await refusal(
      bed.octokit.rest.pulls.createReview({
        ...params,
        event: 'COMMENT',
        body: 'b',
        comments: [{ path: 'big.txt', line: 1, body: 'x' }],
      }),
    );
    expect(refused.status).toBe(422);
  });

  test('a new head (synchronize) changes the files and the counts', async () => {
    bed = await startTestBed();
    const head = commitOn(
      bed,
      bed.repo.headSha,
      { files: { 'NEW.md': 'new\n' } },
      'refs/pull/2/head',
    );
    bed.github.setPullRequestHead(FULL_NAME, 2, head);
    const pull = await bed.octokit.rest.pulls.get({ owner: OWNER, repo: REPO, pull_number: 2 });
    expect(pull.data).toMatchObject({ head: { sha: head }, commits: 2, changed_files: 3 });
  });
});
