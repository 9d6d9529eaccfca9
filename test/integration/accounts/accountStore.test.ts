// The accounts table under contention, on dynalite with the real SDK: two instances of the account decisions
// (application/accounts/accounts.ts), each over its own store, stand for two processes (two Lambdas, or a Lambda
// and the settler), each with many decisions in flight on one account.

import { DynamoAccountStore } from '../../../adapters/aws/accounts/accountStore';
import { createAwsClients } from '../../../adapters/aws/clients';
import { Accounts } from '../../../application/accounts/accounts';
import { AccountBusy } from '../../../application/ports/accountStore';
import { deposit, withdraw } from '../../../core/accounts/decideAccount';
import { type LocalEmulators, startEmulators } from '../../../local/emulators';

const USDT = 100_000_000n; // 10^8: money is in 10^-8 USDT
const noInstruments = new Map<string, never>(); // no positions or orders: no margin in use
const noMarks = () => undefined;

describe('account store: optimistic appends', () => {
  let local: LocalEmulators;
  let first: Accounts;
  let second: Accounts;

  beforeAll(async () => {
    local = await startEmulators();
    first = new Accounts(new DynamoAccountStore(local.clients.documents, local.names.tables.accounts));
    second = new Accounts(new DynamoAccountStore(local.clients.documents, local.names.tables.accounts));
  }, 60_000);

  afterAll(() => local?.stop());

  test('deposits racing from two processes are all applied, once each, at consecutive versions', async () => {
    await first.open(1);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? first : second).decide(1, (state) => deposit(state, USDT, `d${i}`), 60_000),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);

    const history = await first.store.history(1);
    expect(history.map((h) => h.version)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    const references = history.flatMap((h) =>
      h.event.type === 'CollateralDeposited' ? [h.event.reference] : [],
    );
    expect(references.sort()).toEqual(Array.from({ length: 40 }, (_, i) => `d${i}`).sort());
    expect((await first.load(1))?.walletBalance).toBe(40n * USDT);
  });

  test('withdrawals racing for the same balance never spend it twice', async () => {
    await first.open(2);
    await first.decide(2, (state) => deposit(state, 10n * USDT, 'seed'));
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? first : second).decide(2, (s) => withdraw(s, USDT, `w${i}`, noInstruments, noMarks), 60_000),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.rejection.code)).toEqual(Array(20).fill(-2018));
    expect((await first.load(2))?.walletBalance).toBe(0n);
  });

  test('a decision that keeps losing past its deadline gives up with AccountBusy and appends nothing', async () => {
    await first.open(3);
    // A third process whose every put is preceded by another process's append: it always loses the race.
    const loserClients = createAwsClients({ endpoints: local.endpoints });
    let interferences = 0;
    loserClients.documents.middlewareStack.add(
      (next) => async (args) => {
        interferences += 1;
        await second.decide(3, (s) => deposit(s, USDT, `other${interferences}`));
        return next(args);
      },
      { step: 'initialize', name: 'appendFirst' },
    );
    const loser = new Accounts(new DynamoAccountStore(loserClients.documents, local.names.tables.accounts));
    // Loads go through the same client, so the interference also runs before each load; that only adds versions.
    try {
      await expect(loser.decide(3, (state) => deposit(state, USDT, 'loser'), 300)).rejects.toBeInstanceOf(
        AccountBusy,
      );
    } finally {
      loserClients.destroy();
    }
    const history = await first.store.history(3);
    expect(interferences).toBeGreaterThan(1);
    expect(history.some((h) => h.event.type === 'CollateralDeposited' && h.event.reference === 'loser')).toBe(
      false,
    );
  });
});
