// The fake clock decides what many tests prove about timing, so its own stepping is tested.
import { expect, test } from 'vitest';
import { FakeClock } from './fake-clock.ts';

test('advanceAsync wakes due sleepers one by one, at their own times, in wake order', async () => {
  const clock = new FakeClock({ autoAdvance: false, start: 0 });
  const woke: string[] = [];
  void clock.sleep(300).then(() => woke.push(`late@${clock.now()}`));
  // A sleeper woken at 100 sleeps again; its second sleep (due at 150) is still inside the window.
  void clock
    .sleep(100)
    .then(() => {
      woke.push(`early@${clock.now()}`);
      return clock.sleep(50);
    })
    .then(() => woke.push(`again@${clock.now()}`));
  await clock.untilSleeping(2);
  await clock.advanceAsync(400);
  expect(woke).toEqual(['early@100', 'again@150', 'late@300']);
  expect(clock.now()).toBe(400);
});

test('advance jumps at once and leaves sleepers due later asleep', async () => {
  const clock = new FakeClock({ autoAdvance: false, start: 0 });
  let woke = false;
  void clock.sleep(1000).then(() => (woke = true));
  clock.advance(999);
  await Promise.resolve();
  expect(woke).toBe(false);
  expect(clock.pending).toBe(1);
  clock.advance(1);
  await Promise.resolve();
  expect(woke).toBe(true);
});

test('an aborted sleep rejects with the reason and stops pending', async () => {
  const clock = new FakeClock({ autoAdvance: false });
  const abort = new AbortController();
  const sleeping = clock.sleep(1000, abort.signal);
  abort.abort(new Error('stop'));
  await expect(sleeping).rejects.toThrow('stop');
  expect(clock.pending).toBe(0);
});
