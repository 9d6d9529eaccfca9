import type { AccountShardLeases } from '../../application/ports/accountShardLeases';
import { type Make, testClock } from './support';

export function accountShardLeasesContract(make: Make<AccountShardLeases>): void {
  describe('AccountShardLeases', () => {
    // One story, in order: the adapters of one run share their table, and a shard's row is the shard's.
    test('a lease is taken once, renewed by its holder only, taken over when seen expired, released by its holder', async () => {
      const leases = await make(testClock());
      const [free] = await leases.list(2);
      expect(free).toEqual({ shard: 0, owner: null, counter: 0, expires: 0 });
      expect((await leases.list(3)).map((l) => l.shard)).toEqual([0, 1, 2]);

      // Two instances race for the free shard: one wins, the other's view is stale.
      const a = await leases.take(free!, 'risk-a', 1_000);
      expect(a).toEqual({ shard: 0, owner: 'risk-a', counter: 1, expires: 1_000 });
      expect(await leases.take(free!, 'risk-b', 1_000)).toBeUndefined();
      expect((await leases.list(1))[0]).toEqual(a);

      const renewed = await leases.renew(a!, 2_000);
      expect(renewed).toEqual({ ...a, expires: 2_000 });
      expect((await leases.list(1))[0]!.expires).toBe(2_000);

      // A take on a view from before a renewal fails: the taker would not know how long a still acts.
      expect(await leases.take(a!, 'risk-b', 5_000)).toBeUndefined();
      // b takes it over as it is now; a's renewal then fails: a is fenced off.
      const b = await leases.take(renewed!, 'risk-b', 5_000);
      expect(b).toEqual({ shard: 0, owner: 'risk-b', counter: 2, expires: 5_000 });
      expect(await leases.renew(renewed!, 3_000)).toBeUndefined();
      await leases.release(renewed!);
      expect((await leases.list(1))[0]).toEqual(b);

      await leases.release(b!);
      const released = (await leases.list(1))[0]!;
      expect(released).toEqual({ shard: 0, owner: null, counter: 2, expires: 0 });
      expect(await leases.take(released, 'risk-a', 9_000)).toEqual({
        shard: 0,
        owner: 'risk-a',
        counter: 3,
        expires: 9_000,
      });
      // The other shard was never touched.
      expect((await leases.list(2))[1]).toEqual({ shard: 1, owner: null, counter: 0, expires: 0 });
    });
  });
}
