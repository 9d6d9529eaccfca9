// Decisions on one account that arrive while its turn is writing are decided together and appended in one write
// (application/accounts/accounts.ts): given an account, when decisions arrive at once, then each caller gets its
// own outcome and the store one append for the group.

import fc from 'fast-check';
import type { MemoryAccountStore } from '../../adapters/memory/accountStore';
import { Accounts } from '../../application/accounts/accounts';
import { UnknownAccount } from '../../application/ports/accountStore';
import type { AccountState } from '../../core/accounts/account';
import { deposit, withdraw } from '../../core/accounts/decideAccount';
import { evolveAccount } from '../../core/accounts/evolveAccount';
import { referenceOf, watchedAccountStore } from './support/watchedAccountStore';

const noInstruments = { get: () => undefined };
const noMarks = () => undefined;

/** Lets a finished turn's loop see that nothing waits, so that the next decision starts a turn of its own. */
const idle = () => new Promise((resolve) => setImmediate(resolve));

async function openedAccount(store: MemoryAccountStore, accounts: Accounts): Promise<number> {
  const id = await store.nextAccountId();
  await accounts.open(id);
  return id;
}

describe('an account’s decisions in one turn, appended together', () => {
  test('decisions arriving while a turn writes are the next turn: decided in order, appended in one write', async () => {
    const { store, appends } = watchedAccountStore();
    const accounts = new Accounts(store, Date.now, { cachedStates: 100 });
    const id = await openedAccount(store, accounts);
    appends.length = 0;

    const outcomes = await Promise.all(
      ['a', 'b', 'c', 'd'].map((reference) => accounts.decide(id, (s) => deposit(s, 10n, reference))),
    );

    // The first is a turn of its own; the three that arrived while it wrote are one append.
    expect(appends).toEqual([['a'], ['b', 'c', 'd']]);
    // Each caller sees the state after its own decision.
    expect(outcomes.map((o) => o.ok && [o.state.version, o.state.walletBalance])).toEqual([
      [2, 10n],
      [3, 20n],
      [4, 30n],
      [5, 40n],
    ]);
    expect((await store.history(id)).map((h) => [h.version, referenceOf(h.event)])).toEqual([
      [1, 'AccountOpened'],
      [2, 'a'],
      [3, 'b'],
      [4, 'c'],
      [5, 'd'],
    ]);
  });

  test('a refusal refuses its own decision alone; the others of the turn are appended', async () => {
    const { store, appends } = watchedAccountStore();
    const accounts = new Accounts(store, Date.now, { cachedStates: 100 });
    const id = await openedAccount(store, accounts);
    await accounts.decide(id, (s) => deposit(s, 100n, 'in'));
    await idle();
    appends.length = 0;

    const first = accounts.decide(id, (s) => withdraw(s, 60n, 'out 1', noInstruments, noMarks));
    const [second, third] = await Promise.all([
      // Decided after the first withdrawal: 40 left, so 60 more is refused.
      accounts.decide(id, (s) => withdraw(s, 60n, 'out 2', noInstruments, noMarks)),
      accounts.decide(id, (s) => deposit(s, 5n, 'more')),
    ]);
    expect((await first).ok).toBe(true);
    expect(second).toEqual({ ok: false, rejection: { code: -2018, msg: 'Balance is insufficient.' } });
    expect(third.ok && third.state.walletBalance).toBe(45n);
    expect(appends).toEqual([['out 1'], ['more']]);
    expect((await store.load(id))?.walletBalance).toBe(45n);
  });

  test('a decision that throws fails its own caller alone', async () => {
    const { store, appends } = watchedAccountStore();
    const accounts = new Accounts(store, Date.now, { cachedStates: 100 });
    const id = await openedAccount(store, accounts);
    appends.length = 0;

    const first = accounts.decide(id, (s) => deposit(s, 1n, 'first'));
    const failing = accounts.decide(id, async () => {
      throw new Error('marks unavailable');
    });
    const after = accounts.decide(id, (s) => deposit(s, 2n, 'after'));
    await expect(failing).rejects.toThrow('marks unavailable');
    expect((await first).ok).toBe(true);
    expect((await after).ok).toBe(true);
    expect(appends).toEqual([['first'], ['after']]);
  });

  test('another process appended first: the whole turn is decided again on the newer state, still one append', async () => {
    const { store, appends, counts } = watchedAccountStore();
    const here = new Accounts(store, Date.now, { cachedStates: 100 });
    const there = new Accounts(store);
    const id = await openedAccount(store, here);
    await here.decide(id, (s) => deposit(s, 100n, 'here'));
    await there.decide(id, (s) => deposit(s, 1_000n, 'there'));
    await idle();
    appends.length = 0;
    counts.refused = 0;

    const outcomes = await Promise.all([
      here.decide(id, (s) => withdraw(s, 1_050n, 'needs there', noInstruments, noMarks)),
      here.decide(id, (s) => deposit(s, 1n, 'small')),
    ]);

    // The first decision is a turn of its own: on the remembered state it is refused, so it is decided again on
    // the stored one, which allows it. The second waited for it.
    expect(outcomes.map((o) => o.ok && o.state.walletBalance)).toEqual([50n, 51n]);
    expect(appends).toEqual([['needs there'], ['small']]);

    // Now a group whose remembered state is stale: one refused append, then one append of the whole group.
    await there.decide(id, (s) => deposit(s, 7n, 'there again'));
    await idle();
    appends.length = 0;
    counts.refused = 0;
    const gate = here.decide(id, (s) => deposit(s, 1n, 'opens the turn'));
    const group = Promise.all([
      here.decide(id, (s) => deposit(s, 2n, 'g1')),
      here.decide(id, (s) => deposit(s, 3n, 'g2')),
    ]);
    expect((await gate).ok).toBe(true);
    const [g1, g2] = await group;
    expect(counts.refused).toBe(1);
    expect(appends).toEqual([['opens the turn'], ['g1', 'g2']]);
    expect([g1.ok && g1.state.walletBalance, g2.ok && g2.state.walletBalance]).toEqual([61n, 64n]);
  });

  test('an account that does not exist fails every decision of the turn with UnknownAccount', async () => {
    const { store } = watchedAccountStore();
    const accounts = new Accounts(store);
    const decisions = [1n, 2n, 3n].map((amount) => accounts.decide(404, (s) => deposit(s, amount, 'x')));
    for (const decision of decisions) await expect(decision).rejects.toBeInstanceOf(UnknownAccount);
  });
});

describe('property: grouped turns answer as one decision after another would', () => {
  type Step = { readonly kind: 'deposit' | 'withdraw'; readonly amount: bigint };
  const step = fc.record({
    kind: fc.constantFrom<'deposit' | 'withdraw'>('deposit', 'withdraw'),
    amount: fc.bigInt({ min: 1n, max: 150n }),
  });
  // Waves of decisions that arrive at once; between waves, maybe another process deposits.
  const waves = fc.array(
    fc.record({ steps: fc.array(step, { minLength: 1, maxLength: 12 }), elsewhere: fc.boolean() }),
    {
      minLength: 1,
      maxLength: 6,
    },
  );
  const decider = (s: Step, reference: string) => (state: AccountState) =>
    s.kind === 'deposit'
      ? deposit(state, s.amount, reference)
      : withdraw(state, s.amount, reference, noInstruments, noMarks);

  test('each caller gets what deciding in arrival order gives; the store holds exactly the accepted events', async () => {
    await fc.assert(
      fc.asyncProperty(waves, async (plan) => {
        const { store } = watchedAccountStore();
        const here = new Accounts(store, Date.now, { cachedStates: 10 });
        const there = new Accounts(store);
        const id = await openedAccount(store, here);
        let model = (await store.load(id))!;
        const accepted: string[] = [];
        let n = 0;
        for (const wave of plan) {
          const references = wave.steps.map(() => `r${n++}`);
          const outcomes = await Promise.all(
            wave.steps.map((s, i) => here.decide(id, decider(s, references[i]!))),
          );
          wave.steps.forEach((s, i) => {
            const decided = decider(s, references[i]!)(model);
            if ('rejection' in decided) {
              expect(outcomes[i]).toEqual({ ok: false, rejection: decided.rejection });
              return;
            }
            for (const event of decided.events) model = evolveAccount(model, event);
            accepted.push(references[i]!);
            expect(outcomes[i]).toEqual({ ok: true, state: model, events: decided.events });
          });
          if (wave.elsewhere) {
            const reference = `elsewhere${n++}`;
            await there.decide(id, (state) => deposit(state, 40n, reference));
            model = evolveAccount(model, { type: 'CollateralDeposited', amount: 40n, reference });
            accepted.push(reference);
          }
        }
        expect(await store.load(id)).toEqual(model);
        const history = await store.history(id);
        expect(history.map((h) => h.version)).toEqual(history.map((_, i) => i + 1));
        expect(history.slice(1).map((h) => referenceOf(h.event))).toEqual(accepted);
      }),
      { numRuns: 200 },
    );
  });
});
