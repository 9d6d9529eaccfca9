// An idle poller slows down after a second without work and is back at full speed with the first work it finds.

import { IdleBackoff } from '../../matching-fargate/idleBackoff';

describe('idle back-off', () => {
  let now = 0;
  const backoff = () => new IdleBackoff(10, 200, 1_000, () => now);

  beforeEach(() => {
    now = 0;
  });

  test('a poll that found work is followed at once', () => {
    expect(backoff().after(true)).toBe(0);
  });

  test('within the first second of idleness it waits the minimum', () => {
    const idle = backoff();
    expect(idle.after(false)).toBe(10);
    now = 999;
    expect(idle.after(false)).toBe(10);
  });

  test('after that the wait doubles per empty poll up to the maximum', () => {
    const idle = backoff();
    idle.after(false);
    now = 1_000;
    expect([1, 2, 3, 4, 5, 6].map(() => idle.after(false))).toEqual([20, 40, 80, 160, 200, 200]);
  });

  test('work resets it: the next idle stretch starts at the minimum again', () => {
    const idle = backoff();
    idle.after(false);
    now = 5_000;
    idle.after(false);
    expect(idle.after(true)).toBe(0);
    expect(idle.after(false)).toBe(10);
  });

  test('without a maximum it never backs off', () => {
    const fixed = new IdleBackoff(200, undefined, 1_000, () => now);
    fixed.after(false);
    now = 10_000;
    expect(fixed.after(false)).toBe(200);
  });
});
