import { describe, expect, test } from 'vitest';
import {
  findingFingerprint,
  hasMarker,
  inlineMarker,
  isMarkerOf,
  parseInlineMarker,
  reviewerTag,
  stickyMarker,
  stickyMarkerOf,
} from '../../../src/action/github/markers.ts';

const key = { workflow: 'review', job: 'flaude', reviewer: 'security' };

describe('sticky markers', () => {
  test('isMarkerOf: the job and reviewer, whatever the workflow, never by prefix', () => {
    const marker = stickyMarker({ workflow: 'any --> name', job: 'flaude', reviewer: 'a b' });
    expect(isMarkerOf(marker, 'flaude', 'a b')).toBe(true);
    expect(isMarkerOf(marker, 'flaude', 'b')).toBe(false);
    expect(isMarkerOf(marker, 'laude', 'a b')).toBe(false);
    expect(isMarkerOf(stickyMarker({ ...key, reviewer: 'xsecurity' }), 'flaude', 'security')).toBe(
      false,
    );
  });

  test('differ by workflow, job and reviewer, and one never matches another by prefix', () => {
    const markers = [
      key,
      { ...key, workflow: 'nightly' },
      { ...key, job: 'flaude-2' },
      { ...key, reviewer: 'security-2' },
      { ...key, reviewer: 'sec' },
    ].map(stickyMarker);
    expect(new Set(markers).size).toBe(markers.length);
    const body = `${markers[0]}\ntext`;
    expect(markers.filter((m) => hasMarker(body, m))).toEqual([markers[0]]);
  });

  test('escape what would end the HTML comment or blur the fields', () => {
    const marker = stickyMarker({ workflow: 'a --> b', job: 'x job=y', reviewer: 'r\n-->' });
    const inside = marker.slice('<!--'.length, -'-->'.length);
    expect(inside).not.toMatch(/--|>|\n/);
    expect(inside.match(/=/g)).toHaveLength(3);
    expect(marker).toMatch(/^<!-- flaude:comment workflow=\S+ job=\S+ reviewer=\S+ -->$/);
    expect(stickyMarkerOf(`${marker}\nbody`)).toBe(marker);
  });

  test('"workflow a, job b-c" and "workflow a-b, job c" do not collide', () => {
    expect(stickyMarker({ workflow: 'a', job: 'b c', reviewer: 'r' })).not.toBe(
      stickyMarker({ workflow: 'a b', job: 'c', reviewer: 'r' }),
    );
  });
});

describe('inline fingerprints', () => {
  const finding = { path: 'src/app.ts', title: 'Null dereference' };

  test('stay when the line moves or is re-indented, change with reviewer, path, title or line content', () => {
    const base = findingFingerprint(key, finding, 'return user.name;');
    expect(findingFingerprint(key, finding, '    return user.name;  ')).toBe(base);
    expect(
      [
        findingFingerprint({ ...key, reviewer: 'style' }, finding, 'return user.name;'),
        findingFingerprint({ ...key, job: 'other' }, finding, 'return user.name;'),
        findingFingerprint(key, { ...finding, path: 'src/b.ts' }, 'return user.name;'),
        findingFingerprint(key, { ...finding, title: 'Other' }, 'return user.name;'),
        findingFingerprint(key, finding, 'return user?.name;'),
      ].filter((fp) => fp === base),
    ).toEqual([]);
  });

  test('the inline marker carries the reviewer tag and fingerprint, and reads back', () => {
    const fp = findingFingerprint(key, finding, 'x');
    const marker = inlineMarker(reviewerTag(key), fp);
    expect(parseInlineMarker(`**Title**\n\nbody\n\n${marker}`)).toEqual({
      reviewer: reviewerTag(key),
      fingerprint: fp,
    });
    expect(parseInlineMarker('someone else’s comment')).toBeUndefined();
  });
});
