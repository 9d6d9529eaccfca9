// Accounts deciding on the newest state this process knows (application/accounts/accounts.ts): two processes
// (two Accounts) on one store, counting the store's reads and refused appends.

import { Accounts } from '../../application/accounts/accounts';
import { deposit, withdraw } from '../../core/accounts/decideAccount';
import { watchedAccountStore } from './support/watchedAccountStore';

const noInstruments = { get: () => undefined };
const noMarks = () => undefined;

describe('accounts deciding on the state this process last saw', () => {
  test('decisions after the first read nothing; a state another process changed costs one refused append', async () => {
    const { store, counts } = watchedAccountStore();
    const here = new Accounts(store, Date.now, { cachedStates: 100 });
    const there = new Accounts(store);
    const id = await store.nextAccountId();
    await here.open(id);
    await here.decide(id, (s) => deposit(s, 100n, 'a'));
    await here.decide(id, (s) => deposit(s, 100n, 'b'));
    expect(counts).toEqual({ loads: 1, refused: 0 });

    await there.decide(id, (s) => deposit(s, 100n, 'elsewhere'));
    const outcome = await here.decide(id, (s) => deposit(s, 100n, 'c'));
    expect(outcome.ok && outcome.state.walletBalance).toBe(400n);
    expect(counts).toEqual({ loads: 3, refused: 1 });
  });

  test('a refusal on a remembered state is decided again on the stored one', async () => {
    const { store } = watchedAccountStore();
    const here = new Accounts(store, Date.now, { cachedStates: 100 });
    const there = new Accounts(store);
    const id = await store.nextAccountId();
    await here.open(id);
    await here.decide(id, (s) => deposit(s, 100n, 'a'));
    await there.decide(id, (s) => deposit(s, 500n, 'elsewhere'));
    const outcome = await here.decide(id, (s) => withdraw(s, 300n, 'out', noInstruments, noMarks));
    expect(outcome.ok && outcome.state.walletBalance).toBe(300n);
  });
});
