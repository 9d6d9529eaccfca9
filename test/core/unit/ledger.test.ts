// The account ledger read from the account's own events: every wallet change one entry, traced to its cause,
// adding up to the wallet.

import { openedAccount } from '../../../core/accounts/account';
import type { AccountEvent } from '../../../core/accounts/accountEvents';
import { evolveAccount } from '../../../core/accounts/evolveAccount';
import { ledgerOf } from '../../../core/accounts/ledger';

const USDT = 100_000_000n;
const history: AccountEvent[] = [
  { type: 'AccountOpened', accountId: 7 },
  { type: 'CollateralDeposited', amount: 1_000n * USDT, reference: 'wire-1', time: 100 },
  { type: 'LeverageSet', symbol: 'BTCUSDT', leverage: 10 },
  {
    type: 'SymbolEventsSettled',
    symbol: 'BTCUSDT',
    seq: 12,
    changes: {
      walletDelta: 5n * USDT - 3n - 2n + 40n,
      realizedPnl: 5n * USDT,
      fees: 5n,
      position: null,
      reservations: {},
      // A fill that opened (no PnL), a funding payment between, and a fill that closed with profit.
      fills: [
        { tradeId: 31, orderId: 4, realizedPnl: 0n, fee: 3n, time: 200, seq: 9 },
        { tradeId: 33, orderId: 5, realizedPnl: 5n * USDT, fee: 2n, time: 300, seq: 12 },
      ],
      fundingFees: [{ amount: 40n, fundingTime: 250, time: 251, seq: 10 }],
    },
  },
  // A batch settled before fills were kept: its totals, at the time it was recorded.
  {
    type: 'SymbolEventsSettled',
    symbol: 'ETHUSDT',
    seq: 4,
    changes: { walletDelta: -7n - 1n, realizedPnl: -7n, fees: 1n, position: null, reservations: {} },
  },
  { type: 'CollateralWithdrawn', amount: 10n * USDT, reference: 'out-1' },
];
const recorded = history.map((event, i) => ({ version: i + 1, event, time: 1_000 + i }));

test('one entry per wallet change, in the order of the symbol events, with its cause and the balance after', () => {
  const ledger = ledgerOf(recorded);
  expect(ledger.map((e) => [e.incomeType, e.symbol, e.amount, e.time, e.tradeId])).toEqual([
    ['TRANSFER', '', 1_000n * USDT, 100, null],
    ['COMMISSION', 'BTCUSDT', -3n, 200, 31],
    ['FUNDING_FEE', 'BTCUSDT', 40n, 250, null],
    ['REALIZED_PNL', 'BTCUSDT', 5n * USDT, 300, 33],
    ['COMMISSION', 'BTCUSDT', -2n, 300, 33],
    ['REALIZED_PNL', 'ETHUSDT', -7n, 1_004, null],
    ['COMMISSION', 'ETHUSDT', -1n, 1_004, null],
    // A withdrawal without its own time is dated when the store recorded it.
    ['TRANSFER', '', -10n * USDT, 1_005, null],
  ]);
  expect(ledger[2]!.cause).toEqual({ kind: 'symbolEvent', symbol: 'BTCUSDT', seq: 10 });
  expect(ledger[0]!.cause).toEqual({ kind: 'transfer', reference: 'wire-1' });
  expect(ledger.map((e) => e.tranId)).toEqual([
    200_000, 400_000, 400_001, 400_002, 400_003, 500_000, 500_001, 600_000,
  ]);
});

test('the entries add up to the wallet, and each balance is the wallet after it', () => {
  const state = history.reduce(evolveAccount, openedAccount(7));
  const ledger = ledgerOf(recorded);
  expect(ledger.reduce((sum, e) => sum + e.amount, 0n)).toBe(state.walletBalance);
  expect(ledger.at(-1)!.balance).toBe(state.walletBalance);
  for (let i = 1; i < ledger.length; i++)
    expect(ledger[i]!.balance).toBe(ledger[i - 1]!.balance + ledger[i]!.amount);
});
