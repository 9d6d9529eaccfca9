import { SYMBOL_PRESETS } from '../../../../bin/symbolPresets';
import { openedAccount } from '../../../../core/accounts/account';
import { accountRisk } from '../../../../core/risk/accountRisk';
import { type AdlCandidate, adlQuantile, adlQueue } from '../../../../core/risk/adlRanking';
import { nextLiquidationStep } from '../../../../core/risk/liquidationPlan';
import { compileInstrument } from '../../../../core/symbol/instrument';
import { markPrice } from '../../../../core/symbol/valuation';

const USDT = 100_000_000n;
const btc = compileInstrument(SYMBOL_PRESETS.BTCUSDT!);
const eth = compileInstrument(SYMBOL_PRESETS.ETHUSDT!);

describe('the ADL ranking (Binance: PnL% × effective leverage in profit, PnL% ÷ effective leverage in loss)', () => {
  const candidate = (accountId: number, pnl: bigint, cost: bigint, balance: bigint): AdlCandidate => ({
    accountId,
    unrealizedPnl: pnl * USDT,
    cost: cost * USDT,
    markValue: (cost + pnl) * USDT,
    marginBalance: balance * USDT,
  });

  test('profit and leverage first; losers after, the least leveraged loser last; ties by account', () => {
    const queue = adlQueue([
      candidate(1, 100n, 1_000n, 1_000n), // +10 %, leverage 1.1 → 0.11
      candidate(2, 100n, 1_000n, 100n), // +10 %, leverage 11 → 1.1
      candidate(3, 200n, 1_000n, 1_000n), // +20 %, leverage 1.2 → 0.24
      candidate(4, -100n, 1_000n, 100n), // −10 %, leverage 9 → −0.011
      candidate(5, -100n, 1_000n, 1_000n), // −10 %, leverage 0.9 → −0.111
      candidate(6, 100n, 1_000n, 1_000n), // as 1
    ]);
    expect(queue.map((c) => c.accountId)).toEqual([2, 3, 1, 6, 4, 5]);
  });

  test('adlQuantile: 4 for the first fifth of the queue, down to 0 for the last', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => adlQuantile(i, 10))).toEqual([
      4, 4, 3, 3, 2, 2, 1, 1, 0, 0,
    ]);
    expect(adlQuantile(0, 1)).toBe(4);
  });
});

describe('the liquidation steps', () => {
  const instruments = { get: (s: string) => (s === 'BTCUSDT' ? btc : s === 'ETHUSDT' ? eth : undefined) };
  const state = {
    ...openedAccount(3),
    walletBalance: 300n * USDT,
    positions: {
      BTCUSDT: { size: 100, entryNotional: 6_400n * USDT, realizedPnl: 0n },
      ETHUSDT: { size: -1_000, entryNotional: 3_000n * USDT, realizedPnl: 0n },
    },
  };
  const risk = (btcMark: bigint) =>
    accountRisk(state, instruments, (s) => markPrice(Number(s === 'BTCUSDT' ? btcMark : 3_000n * USDT)));

  test('safe: nothing', () => {
    expect(nextLiquidationStep(risk(64_000n * USDT), true)).toEqual({ type: 'Safe' });
  });

  test('breached: cancel the open orders first, then close the riskiest position by an IOC at its bankruptcy price', () => {
    // Margin balance 300 − 360 < 0 at 60,400.
    expect(nextLiquidationStep(risk(60_400n * USDT), true)).toEqual({ type: 'CancelOpenOrders' });
    expect(nextLiquidationStep(risk(60_400n * USDT), false)).toEqual({
      type: 'Liquidate',
      symbol: 'BTCUSDT',
      side: 'SELL',
      lots: 100,
      // (6,400 − 300) ÷ 0.1 = 61,000: the lowest price the account can sell at and stay ≥ 0.
      priceTicks: 610_000,
    });
  });
});
