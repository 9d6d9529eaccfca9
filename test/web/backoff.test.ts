// Reconnection waits grow exponentially to a cap, each drawn in the upper half of its window (so pages that lost
// the same server do not return in lockstep), and start over after a connection that worked.

import { Backoff } from '../../web/src/model/backoff';

test('delays double from the base to the cap, within [d/2, d]', () => {
  const lowest = new Backoff(500, 15_000, () => 0);
  expect(Array.from({ length: 8 }, () => lowest.next())).toEqual([
    250, 500, 1000, 2000, 4000, 7500, 7500, 7500,
  ]);
  const highest = new Backoff(500, 15_000, () => 1);
  expect(Array.from({ length: 8 }, () => highest.next())).toEqual([
    500, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000,
  ]);
});

test('reset starts over', () => {
  const backoff = new Backoff(500, 15_000, () => 1);
  backoff.next();
  backoff.next();
  expect(backoff.attempts).toBe(2);
  backoff.reset();
  expect(backoff.next()).toBe(500);
});
