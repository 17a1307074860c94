import { describe, expect, test } from 'vitest';
import {
  allStartedFloorMs,
  createSpreadMs,
  exitToResultFloorMs,
  FLY_CREATE_LIMIT,
  logLatencyFloorMs,
  oneReviewerOverheadFloorMs,
  stepEndFloorMs,
  type FanOut,
} from '../../bench/floor.ts';

const network = { latencyMs: 40, logLagMs: 300 };

describe('createSpreadMs', () => {
  test('the burst goes at once: up to 3 creates cost one round trip', () => {
    expect(createSpreadMs(1, 40)).toBe(40);
    expect(createSpreadMs(3, 40)).toBe(40);
  });

  test('each create past the burst waits one second for the next token', () => {
    expect(createSpreadMs(4, 40)).toBe(1_040);
    expect(createSpreadMs(20, 40)).toBe(17_040);
    expect(createSpreadMs(50, 0)).toBe(47_000);
  });

  test('a faster bucket spreads them less', () => {
    expect(createSpreadMs(13, 0, { burst: 3, perSecond: 2 })).toBe(5_000);
  });

  test("Fly's documented create limit is burst 3, 1 per second", () => {
    expect(FLY_CREATE_LIMIT).toEqual({ burst: 3, perSecond: 1 });
  });

  test.each([0, -1, 2.5, Number.NaN])('n = %s is refused, naming it', (n) => {
    expect(() => createSpreadMs(n, 40)).toThrow(`got ${n}`);
  });
});

test("one reviewer's overhead floor: the chain of requests, two log lags, Node's start", () => {
  expect(oneReviewerOverheadFloorMs({ sequentialRequests: 6, nodeStartMs: 50 }, network)).toBe(
    6 * 40 + 2 * 300 + 50,
  );
});

describe('fan-out floors', () => {
  const fan = (reviewers: number): FanOut => ({
    reviewers,
    beforeFirstCreateMs: 90,
    bootMs: 80,
    runMs: 3_000,
    requestsAfterExit: 3,
  });

  test('every machine started: before the first create, the create spread, the boot', () => {
    expect(allStartedFloorMs(fan(1), network)).toBe(90 + 40 + 80);
    expect(allStartedFloorMs(fan(50), network)).toBe(90 + 47_040 + 80);
  });

  test('step end: the last machine starts, runs, its exit marker lags, its requests follow', () => {
    expect(stepEndFloorMs(fan(20), network)).toBe(90 + 17_040 + 80 + 3_000 + 300 + 3 * 40);
  });
});

test('exit to result is the log lag and one request; a log line only the lag', () => {
  expect(exitToResultFloorMs(network)).toBe(340);
  expect(logLatencyFloorMs(network)).toBe(300);
});
