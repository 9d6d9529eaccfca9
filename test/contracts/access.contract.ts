import type { ApiKey, ApiKeyStore } from '../../application/ports/apiKeyStore';
import type { IdSlots } from '../../application/ports/idSlots';
import type { ListenKeyStore } from '../../application/ports/listenKeyStore';
import type { RateLimiter, RateLimits } from '../../application/ports/rateLimiter';
import type { RequestLog } from '../../application/ports/requestLog';
import { type Make, testClock, unique } from './support';

/** The ports of ingress bookkeeping: API keys, listen keys, rate limits, idempotency records, id slots. */
export interface AccessFamily {
  readonly apiKeys: Make<ApiKeyStore>;
  readonly listenKeys: Make<ListenKeyStore>;
  readonly rateLimiter: (
    clock: ReturnType<typeof testClock>,
    limits: RateLimits,
  ) => RateLimiter | Promise<RateLimiter>;
  readonly requests: Make<RequestLog>;
  readonly idSlots: Make<IdSlots>;
}

const key = (accountId: number, n: number, createdAt: number): ApiKey => ({
  apiKey: `K${accountId}x${n}`,
  accountId,
  secret: `S${accountId}x${n}`,
  permissions: ['TRADE', 'READ'],
  status: 'ACTIVE',
  label: `key ${n}`,
  createdAt,
});

export function accessContract(family: AccessFamily): void {
  describe('ApiKeyStore', () => {
    test('a key reads back whole; its account lists it without the secret, oldest first', async () => {
      const store = await family.apiKeys(testClock());
      const account = unique();
      await store.add(key(account, 2, 2_000));
      await store.add(key(account, 1, 1_000));
      expect(await store.find(`K${account}x1`)).toEqual({
        ...key(account, 1, 1_000),
        permissions: ['READ', 'TRADE'],
      });
      expect(await store.find('nosuchkey')).toBeUndefined();
      const listed = await store.listForAccount(account);
      expect(listed.map((k) => k.apiKey)).toEqual([`K${account}x1`, `K${account}x2`]);
      expect(listed.every((k) => !('secret' in k))).toBe(true);
    });

    test('adding a key that exists throws; revoking marks it, and a key that is not there is false', async () => {
      const store = await family.apiKeys(testClock());
      const account = unique();
      await store.add(key(account, 1, 1));
      await expect(store.add(key(account, 1, 1))).rejects.toThrow();
      expect(await store.revoke(`K${account}x1`)).toBe(true);
      expect((await store.find(`K${account}x1`))?.status).toBe('REVOKED');
      expect(await store.revoke(`K${account}x9`)).toBe(false);
    });
  });

  describe('ListenKeyStore', () => {
    test('keys by account and by name; extended only by their account while valid; deleted only by it', async () => {
      const store = await family.listenKeys(testClock());
      const [owner, other] = [unique(), unique()];
      const name = `L${owner}`;
      await store.put({ listenKey: name, accountId: owner, expiresAt: 1_000 });
      expect(await store.find(name)).toEqual({ listenKey: name, accountId: owner, expiresAt: 1_000 });
      expect(await store.ofAccount(owner)).toEqual([{ listenKey: name, accountId: owner, expiresAt: 1_000 }]);
      expect(await store.extend(other, name, 2_000, 500)).toBe(false);
      expect(await store.extend(owner, name, 2_000, 1_000)).toBe(false); // expired at 1,000
      expect(await store.extend(owner, name, 2_000, 999)).toBe(true);
      expect((await store.find(name))?.expiresAt).toBe(2_000);
      expect(await store.extend(owner, `L${other}`, 2_000, 1)).toBe(false);
      expect(await store.delete(other, name)).toBe(false);
      expect(await store.delete(owner, name)).toBe(true);
      expect(await store.find(name)).toBeUndefined();
      expect(await store.delete(owner, name)).toBe(false);
    });
  });

  describe('RateLimiter', () => {
    test("spends within a caller's minute up to the limits, answering the totals; refuses past them without spending, and starts over each minute", async () => {
      const clock = testClock(Date.UTC(2026, 0, 5, 12, 0, 10));
      const limiter = await family.rateLimiter(clock, { weightPerMinute: 10, ordersPerMinute: 2 });
      const caller = `caller-${unique()}`;
      expect(limiter.limits).toEqual({ weightPerMinute: 10, ordersPerMinute: 2 });
      expect(await limiter.spend(caller, 6, 1)).toEqual({ weight: 6, orders: 1 });
      expect(await limiter.spend(caller, 5, 0)).toBeUndefined();
      expect(await limiter.spend(caller, 4, 1)).toEqual({ weight: 10, orders: 2 });
      expect(await limiter.spend(caller, 0, 1)).toBeUndefined();
      expect(await limiter.spend(`${caller}-other`, 10, 2)).toEqual({ weight: 10, orders: 2 });
      clock.advance(60_000);
      expect(await limiter.spend(caller, 10, 2)).toEqual({ weight: 10, orders: 2 });
    });
  });

  describe('RequestLog', () => {
    test('the first request is new; its repeats see what it creates, what it was sending, then its answer; other parameters are different', async () => {
      const clock = testClock();
      const log = await family.requests(clock);
      const k = `req-${unique()}`;
      expect(await log.begin(k, 'fp', 60_000, 'order 7')).toEqual({ kind: 'new' });
      // A repeat names what it would create too: the first record's stays.
      expect(await log.begin(k, 'fp', 60_000, 'order 8')).toEqual({
        kind: 'repeat',
        response: undefined,
        sending: undefined,
        creates: 'order 7',
      });
      await log.sending(k, 'the command');
      expect(await log.begin(k, 'fp', 60_000)).toEqual({
        kind: 'repeat',
        response: undefined,
        sending: 'the command',
        creates: 'order 7',
      });
      await log.complete(k, 'the answer');
      expect(await log.begin(k, 'fp', 60_000)).toEqual({
        kind: 'repeat',
        response: 'the answer',
        sending: 'the command',
        creates: 'order 7',
      });
      expect(await log.begin(k, 'other fp', 60_000)).toEqual({ kind: 'different' });
    });

    test('a request that names nothing it creates is repeated with nothing named', async () => {
      const log = await family.requests(testClock());
      const k = `req-${unique()}`;
      await log.begin(k, 'fp', 60_000);
      expect(await log.begin(k, 'fp', 60_000)).toEqual({
        kind: 'repeat',
        response: undefined,
        sending: undefined,
        creates: undefined,
      });
    });

    test('a record expires after its time to live, and an abandoned one at once: the key starts over', async () => {
      const clock = testClock();
      const log = await family.requests(clock);
      const [expiring, abandoned] = [`req-${unique()}`, `req-${unique()}`];
      await log.begin(expiring, 'fp', 10_000);
      await log.complete(expiring, 'answer');
      clock.advance(9_000);
      expect((await log.begin(expiring, 'fp', 10_000)).kind).toBe('repeat');
      clock.advance(3_000);
      expect(await log.begin(expiring, 'another', 10_000)).toEqual({ kind: 'new' });
      await log.begin(abandoned, 'fp', 60_000);
      await log.abandon(abandoned);
      clock.advance(1_000);
      expect(await log.begin(abandoned, 'fp', 60_000)).toEqual({ kind: 'new' });
    });
  });

  describe('IdSlots', () => {
    test('a slot is leased to one owner at a time: renewed by it, taken by another only once expired', async () => {
      const slots = await family.idSlots(testClock());
      const slot = unique() % 1024;
      expect(await slots.lease(slot, 'a', 1_000, 2_000)).toBe(true);
      expect(await slots.lease(slot, 'b', 1_500, 2_500)).toBe(false);
      expect(await slots.lease(slot, 'a', 1_500, 3_000)).toBe(true);
      expect(await slots.lease(slot, 'b', 3_000, 4_000)).toBe(false);
      expect(await slots.lease(slot, 'b', 3_001, 4_000)).toBe(true);
      expect(await slots.lease(slot, 'a', 3_500, 5_000)).toBe(false);
    });
  });
}
