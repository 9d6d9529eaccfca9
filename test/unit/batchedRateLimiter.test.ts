import { MemoryRateLimiter } from '../../adapters/memory/rateLimiter';
import { BatchedRateLimiter } from '../../application/access/batchedRateLimiter';
import type { RateLimiter } from '../../application/ports/rateLimiter';
import { testClock } from '../contracts/support';

/** The shared limiter (as DynamoDB keeps it for every process), counting the reports it gets. */
function sharedLimiter(clock: () => number, limits = { weightPerMinute: 100, ordersPerMinute: 20 }) {
  const shared = new MemoryRateLimiter(limits, clock);
  const reports: [string, number, number][] = [];
  const limiter: RateLimiter = {
    limits,
    spend(caller, weight, orders = 0) {
      reports.push([caller, weight, orders]);
      return shared.spend(caller, weight, orders);
    },
  };
  return { limiter, reports };
}

describe('rate limits batched per process', () => {
  test("a caller's first request of a window is reported at once, the next ones together once per flush", async () => {
    const clock = testClock(Date.UTC(2026, 0, 5, 12, 0, 0));
    const { limiter, reports } = sharedLimiter(clock);
    const batched = new BatchedRateLimiter(limiter, { flushMs: 1_000, flushShare: 0.5 }, clock);
    for (let i = 1; i <= 4; i++) expect(await batched.spend('key-a', 1, 0)).toEqual({ weight: i, orders: 0 });
    expect(reports).toEqual([['key-a', 1, 0]]);
    clock.advance(1_000);
    expect(await batched.spend('key-a', 1, 0)).toEqual({ weight: 5, orders: 0 });
    expect(reports).toEqual([
      ['key-a', 1, 0],
      ['key-a', 4, 0],
    ]);
  });

  test('unreported spend reaching the flush share is reported at once', async () => {
    const clock = testClock(Date.UTC(2026, 0, 5, 12, 0, 0));
    const { limiter, reports } = sharedLimiter(clock);
    const batched = new BatchedRateLimiter(limiter, { flushMs: 60_000, flushShare: 0.1 }, clock);
    await batched.spend('key-a', 1, 1);
    await batched.spend('key-a', 1, 1);
    await batched.spend('key-a', 1, 1); // 2 orders unreported = a tenth of 20
    expect(reports).toEqual([
      ['key-a', 1, 1],
      ['key-a', 2, 2],
    ]);
  });

  test('one process alone refuses exactly at the limits, and starts over each minute', async () => {
    const clock = testClock(Date.UTC(2026, 0, 5, 12, 0, 10));
    const { limiter } = sharedLimiter(clock, { weightPerMinute: 10, ordersPerMinute: 2 });
    const batched = new BatchedRateLimiter(limiter, { flushMs: 60_000, flushShare: 1 }, clock);
    expect(await batched.spend('key-a', 6, 1)).toEqual({ weight: 6, orders: 1 });
    expect(await batched.spend('key-a', 5, 0)).toBeUndefined();
    expect(await batched.spend('key-a', 4, 1)).toEqual({ weight: 10, orders: 2 });
    expect(await batched.spend('key-a', 0, 1)).toBeUndefined();
    clock.advance(60_000);
    expect(await batched.spend('key-a', 10, 2)).toEqual({ weight: 10, orders: 2 });
  });

  test("processes sharing a caller's window pass its limit by at most what they had not reported; a refused report closes the window", async () => {
    const clock = testClock(Date.UTC(2026, 0, 5, 12, 0, 0));
    const { limiter } = sharedLimiter(clock, { weightPerMinute: 100, ordersPerMinute: 1_000 });
    const batching = { flushMs: 60_000, flushShare: 0.1 };
    const processes = [0, 1, 2].map(() => new BatchedRateLimiter(limiter, batching, clock));
    let passed = 0;
    for (let i = 0; i < 300; i++) if (await processes[i % 3]!.spend('key-a', 1, 0)) passed++;
    // The limit, plus under a tenth of it per process unreported.
    expect(passed).toBeGreaterThanOrEqual(100);
    expect(passed).toBeLessThanOrEqual(100 + 3 * 10);
    for (const p of processes) expect(await p.spend('key-a', 1, 0)).toBeUndefined();
  });

  test("the totals it answers are the shared limiter's at the last report plus this process's spend since", async () => {
    const clock = testClock(Date.UTC(2026, 0, 5, 12, 0, 0));
    const { limiter } = sharedLimiter(clock);
    const batching = { flushMs: 1_000, flushShare: 1 };
    const [one, two] = [0, 1].map(() => new BatchedRateLimiter(limiter, batching, clock));
    expect(await one!.spend('key-a', 5, 0)).toEqual({ weight: 5, orders: 0 });
    // The other process's first request is reported at once: the shared total holds both.
    expect(await two!.spend('key-a', 3, 1)).toEqual({ weight: 8, orders: 1 });
    // Unreported, the first process knows only its own spend since its report.
    expect(await one!.spend('key-a', 2, 0)).toEqual({ weight: 7, orders: 0 });
    clock.advance(1_000);
    expect(await one!.spend('key-a', 1, 0)).toEqual({ weight: 11, orders: 1 });
  });

  test('a reply while a report is on its way still counts what that report carries', async () => {
    const clock = testClock(Date.UTC(2026, 0, 5, 12, 0, 0));
    const { limiter } = sharedLimiter(clock, { weightPerMinute: 2_400, ordersPerMinute: 1_200 });
    let release: () => void = () => {};
    let gate: Promise<void> | undefined;
    const slow: RateLimiter = {
      limits: limiter.limits,
      async spend(caller, weight, orders) {
        if (gate) await gate;
        return limiter.spend(caller, weight, orders);
      },
    };
    const batched = new BatchedRateLimiter(slow, { flushMs: 1_000, flushShare: 0.5 }, clock);
    for (let i = 1; i <= 5; i++) expect((await batched.spend('key-a', 20))!.weight).toBe(20 * i);
    clock.advance(1_000);
    gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const reporting = batched.spend('key-a', 20); // reports 100 (80 unreported and its own 20)
    const meanwhile = await batched.spend('key-a', 5);
    release();
    expect(meanwhile!.weight).toBe(125);
    expect((await reporting)!.weight).toBe(125);
  });
});
