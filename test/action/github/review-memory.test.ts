import { describe, expect, test } from 'vitest';
import { markNoLongerReported } from '../../../src/action/github/inline-comment.ts';
import { inlineMarker } from '../../../src/action/github/markers.ts';
import { memoryEdits, postedFingerprints } from '../../../src/action/github/review-memory.ts';

const mine = (id: number, fp: string) => ({ id, body: `**t**\n\n${inlineMarker('aaaa', fp)}` });

describe('memory across pushes', () => {
  const comments = [
    mine(1, 'f1'),
    mine(2, 'f2'),
    { id: 3, body: `x\n\n${inlineMarker('bbbb', 'f3')}` },
    { id: 4, body: 'a human reply' },
    { id: 5, body: markNoLongerReported(mine(5, 'f5').body, 'abc1234') },
    { id: 6, body: markNoLongerReported(mine(6, 'f6').body, 'abc1234') },
  ];

  test('every fingerprint on the pull request, of any reviewer', () => {
    expect([...postedFingerprints(comments)].sort()).toEqual(['f1', 'f2', 'f3', 'f5', 'f6']);
  });

  test("this reviewer's unreported findings are marked once; one reported again is unmarked; others' are left", () => {
    const edits = memoryEdits(comments, 'aaaa', new Set(['f1', 'f6', 'f3']), 'def5678aaaa');
    expect(edits.map((e) => e.id)).toEqual([2, 6]);
    expect(edits[0]?.body).toContain('**No longer reported** at `def5678`');
    expect(edits[1]?.body).toBe(mine(6, 'f6').body);
  });
});
