// The account fold: folding events at once (foldAccount, which copies each map once for all of them: the store's
// load, a decision with several events, account-at) gives what evolving by each in turn gives, and neither changes a
// state it was given, nor one it returned before: states are shared, kept and compared (Accounts remembers them,
// each caller of a turn keeps its own).

import fc from 'fast-check';
import { type AccountState, openedAccount } from '../../../core/accounts/account';
import type { AccountEvent } from '../../../core/accounts/accountEvents';
import { evolveAccount, foldAccount } from '../../../core/accounts/evolveAccount';
import { propertyParameters } from '../properties/support/config';

const symbol = fc.constantFrom('BTCUSDT', 'ETHUSDT');
const orderId = fc.integer({ min: 1, max: 12 });
const money = fc.bigInt({ min: 1n, max: 10n ** 12n });
const time = fc.integer({ min: 1_760_000_000_000, max: 1_760_000_100_000 });

const accountEvent: fc.Arbitrary<AccountEvent> = fc.oneof(
  fc.record({
    type: fc.constant('CollateralDeposited' as const),
    amount: money,
    reference: fc.string(),
    time,
  }),
  fc.record({ type: fc.constant('CollateralWithdrawn' as const), amount: money, reference: fc.string() }),
  fc.record({
    type: fc.constant('AccountFrozen' as const),
    reason: fc.constant('LIQUIDATION' as const),
    time,
  }),
  fc.record({ type: fc.constant('AccountUnfrozen' as const), time }),
  fc.record({
    type: fc.constant('LeverageSet' as const),
    symbol,
    leverage: fc.integer({ min: 1, max: 125 }),
  }),
  fc.record(
    {
      type: fc.constant('MarginReserved' as const),
      orderId,
      symbol,
      amount: money,
      openLots: fc.integer({ min: 1, max: 100 }),
      side: fc.constantFrom('BUY' as const, 'SELL' as const),
    },
    { requiredKeys: ['type', 'orderId', 'symbol', 'amount', 'openLots'] },
  ),
  fc.record({
    type: fc.constant('SymbolEventsSettled' as const),
    symbol,
    seq: fc.integer({ min: 1, max: 1_000 }),
    changes: fc.record(
      {
        walletDelta: fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }),
        realizedPnl: fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }),
        fees: fc.bigInt({ min: 0n, max: 10n ** 6n }),
        position: fc.option(
          fc.record({
            size: fc.integer({ min: -5, max: 5 }),
            entryNotional: fc.bigInt({ min: 0n, max: 10n ** 12n }),
            realizedPnl: fc.constantFrom(0n, 7n),
          }),
          { nil: null },
        ),
        reservations: fc.dictionary(
          orderId.map(String),
          fc.option(fc.record({ amount: money, openLots: fc.integer({ min: 1, max: 100 }) }), { nil: null }),
        ),
        fundingFees: fc.array(
          fc.record({ amount: money, fundingTime: time, time, seq: fc.integer({ min: 1, max: 1_000 }) }),
          { maxLength: 2 },
        ),
      },
      { requiredKeys: ['walletDelta', 'realizedPnl', 'fees', 'position', 'reservations'] },
    ),
  }),
);

/** A deep copy to compare against later: what the state was when it was made. */
const copyOf = (state: AccountState): AccountState => structuredClone(state);

describe('the account fold', () => {
  test('folding events at once is evolving by each in turn, and no state given or returned changes after', () => {
    fc.assert(
      fc.property(
        fc.array(accountEvent, { maxLength: 40 }),
        fc.array(accountEvent, { maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        (before, events, chunk) => {
          const start = foldAccount(openedAccount(7), [{ type: 'AccountOpened', accountId: 7 }, ...before]);
          const startThen = copyOf(start);

          const stepwise: { state: AccountState; asMade: AccountState }[] = [];
          let state = start;
          for (const event of events) {
            state = evolveAccount(state, event);
            stepwise.push({ state, asMade: copyOf(state) });
          }

          // All at once, and in chunks (a turn's decisions, an item's events), from the same start.
          expect(foldAccount(start, events)).toEqual(state);
          let chunked = start;
          for (let i = 0; i < events.length; i += chunk)
            chunked = foldAccount(chunked, events.slice(i, i + chunk));
          expect(chunked).toEqual(state);
          expect(state.version).toBe(start.version + events.length);

          // Nothing folded since changed a state already made.
          expect(start).toEqual(startThen);
          for (const { state: made, asMade } of stepwise) expect(made).toEqual(asMade);
        },
      ),
      propertyParameters(200),
    );
  });

  test('no events: the same state', () => {
    const state = evolveAccount(openedAccount(1), { type: 'AccountOpened', accountId: 1 });
    expect(foldAccount(state, [])).toBe(state);
  });
});
