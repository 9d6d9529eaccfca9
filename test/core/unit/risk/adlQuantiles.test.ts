import { type AdlCandidate, adlQuantiles } from '../../../../core/risk/adlRanking';

const USDT = 100_000_000n;
const candidate = (accountId: number, pnl: bigint, balance: bigint): AdlCandidate => ({
  accountId,
  unrealizedPnl: pnl * USDT,
  cost: 1_000n * USDT,
  markValue: (1_000n + pnl) * USDT,
  marginBalance: balance * USDT,
});

test('GET /fapi/v1/adlQuantile: each position’s fifth of its side’s queue, 4 for the first to be deleveraged', () => {
  const quantiles = adlQuantiles([
    candidate(1, -100n, 1_000n), // last: a loser with little leverage
    candidate(2, 100n, 100n), // first: profit × high leverage
    candidate(3, 200n, 1_000n),
    candidate(4, 100n, 1_000n),
    candidate(5, -100n, 100n),
  ]);
  expect(Object.fromEntries(quantiles)).toEqual({ 2: 4, 3: 3, 4: 2, 5: 1, 1: 0 });
  expect(adlQuantiles([])).toEqual(new Map());
});
