import { SYMBOL_PRESETS } from '../../../../bin/symbolPresets';
import { type AccountState, openedAccount } from '../../../../core/accounts/account';
import type { Instruments } from '../../../../core/accounts/margin';
import { marginSummary } from '../../../../core/accounts/margin';
import type { Position } from '../../../../core/position/position';
import { accountRisk, MARGIN_CALL_RATIO } from '../../../../core/risk/accountRisk';
import { bankruptcyPriceTicks } from '../../../../core/risk/bankruptcyPrice';
import { liquidationPrice, restOfAccount } from '../../../../core/risk/liquidationPrice';
import { compileInstrument, type Instrument } from '../../../../core/symbol/instrument';
import { markPrice } from '../../../../core/symbol/valuation';

const USDT = 100_000_000n;
const UNITS = 100_000_000n; // mark units per USDT of price
const btc = compileInstrument(SYMBOL_PRESETS.BTCUSDT!);
const eth = compileInstrument(SYMBOL_PRESETS.ETHUSDT!);
const instruments: Instruments = {
  get: (symbol) => ({ BTCUSDT: btc, ETHUSDT: eth })[symbol] as Instrument | undefined,
};

function account(wallet: bigint, positions: Record<string, Position>): AccountState {
  return { ...openedAccount(7), walletBalance: wallet, positions };
}

/** size in lots (BTC 0.001, ETH 0.001), entry in whole USDT per coin. */
function position(instrument: Instrument, lots: number, entryPrice: bigint): Position {
  const coins = BigInt(Math.abs(lots)) * instrument.stepUnits;
  return {
    size: lots,
    entryNotional: (coins * entryPrice * USDT) / 10n ** BigInt(instrument.stepDecimals),
    realizedPnl: 0n,
  };
}

function riskAt(state: AccountState, marks: Record<string, bigint>) {
  return accountRisk(state, instruments, (symbol) =>
    marks[symbol] === undefined ? undefined : markPrice(Number(marks[symbol])),
  );
}

/** The ticks of a symbol, walked from `fromUnits` in the direction given, until the account is liquidatable. */
function firstLiquidatingTick(
  state: AccountState,
  symbol: string,
  fromUnits: bigint,
  direction: -1n | 1n,
  marks: Record<string, bigint> = {},
): bigint {
  const tick = BigInt(instruments.get(symbol)!.unitsPerTick);
  let mark = (fromUnits / tick) * tick;
  while (!riskAt(state, { ...marks, [symbol]: mark }).liquidatable) mark += direction * tick;
  return mark;
}

describe('the liquidation price (cross margin, one-way) is the mark at which liquidation starts', () => {
  // The issue's account: long 0.1 BTC at 64,000 with 400 USDT. Tier 1 (≤ 50,000 USDT): 0.4 %, cum 0.
  const issueAccount = account(400n * USDT, { BTCUSDT: position(btc, 100, 64_000n) });

  test('long 0.1 BTC at 64,000 with 400 USDT: (6,400 − 400) ÷ (0.1 × 0.996) = 60,240.96385542', () => {
    const risk = riskAt(issueAccount, { BTCUSDT: 64_000n * UNITS });
    const price = liquidationPrice(risk, 'BTCUSDT');
    // The formula gives 60,240.96385542; the trigger rounds maintenance margin up to 10^-8 USDT (two units of a
    // 0.1 BTC notional), so the exact boundary is 1.7 × 10^-7 USDT above it.
    expect(price).toBe(6_024_096_385_559n);
    // At the liquidation price the account is liquidated; one 10^-8 USDT above, it is not.
    expect(riskAt(issueAccount, { BTCUSDT: price }).liquidatable).toBe(true);
    expect(riskAt(issueAccount, { BTCUSDT: price + 1n }).liquidatable).toBe(false);
  });

  test('to the tick: marks falling tick by tick first liquidate at the liquidation price rounded down to a tick', () => {
    const price = liquidationPrice(riskAt(issueAccount, { BTCUSDT: 64_000n * UNITS }), 'BTCUSDT');
    const tick = BigInt(btc.unitsPerTick);
    expect(firstLiquidatingTick(issueAccount, 'BTCUSDT', 60_300n * UNITS, -1n)).toBe((price / tick) * tick);
  });

  test('a short: the lowest mark that liquidates, and marks rising tick by tick first liquidate at it rounded up', () => {
    const short = account(400n * USDT, { BTCUSDT: position(btc, -100, 64_000n) });
    const price = liquidationPrice(riskAt(short, { BTCUSDT: 64_000n * UNITS }), 'BTCUSDT');
    // (400 + 6,400) ÷ (0.1 × 1.004) = 67,729.08366533…, less the rounding of maintenance margin up.
    expect(price).toBe(6_772_908_366_521n);
    expect(riskAt(short, { BTCUSDT: price }).liquidatable).toBe(true);
    expect(riskAt(short, { BTCUSDT: price - 1n }).liquidatable).toBe(false);
    const tick = BigInt(btc.unitsPerTick);
    expect(firstLiquidatingTick(short, 'BTCUSDT', 67_700n * UNITS, 1n)).toBe(
      ((price + tick - 1n) / tick) * tick,
    );
  });

  test('in a higher tier the formula uses that tier’s ratio and cum (BTC tier 2: 0.5 %, cum 50)', () => {
    // Long 1 BTC at 64,000 with 4,000 USDT: notional ≈ 60,300, tier 2. (64,000 − 4,000 − 50) ÷ 0.995 = 60,251.25628140
    const big = account(4_000n * USDT, { BTCUSDT: position(btc, 1_000, 64_000n) });
    const price = liquidationPrice(riskAt(big, { BTCUSDT: 64_000n * UNITS }), 'BTCUSDT');
    expect(price).toBe(6_025_125_628_141n);
    expect(riskAt(big, { BTCUSDT: price }).liquidatable).toBe(true);
    expect(riskAt(big, { BTCUSDT: price + 1n }).liquidatable).toBe(false);
  });

  test('cross margin: the other position’s PnL and maintenance margin at its mark move the price', () => {
    const two = account(1_000n * USDT, {
      BTCUSDT: position(btc, 100, 64_000n),
      ETHUSDT: position(eth, -2_000, 3_000n),
    });
    const marks = { BTCUSDT: 64_000n * UNITS, ETHUSDT: 3_100n * UNITS };
    const risk = riskAt(two, marks);
    const price = liquidationPrice(risk, 'BTCUSDT');
    expect(riskAt(two, { ...marks, BTCUSDT: price }).liquidatable).toBe(true);
    expect(riskAt(two, { ...marks, BTCUSDT: price + 1n }).liquidatable).toBe(false);
    // The ETH short loses 200 USDT and holds 6,200 × 0.5 % − 0... of margin: lower wallet, higher price.
    const alone = liquidationPrice(
      riskAt(account(1_000n * USDT, { BTCUSDT: position(btc, 100, 64_000n) }), marks),
      'BTCUSDT',
    );
    expect(price).toBeGreaterThan(alone);
  });

  test('a long the account can always carry has none: 0', () => {
    const safe = account(10_000n * USDT, { BTCUSDT: position(btc, 100, 64_000n) });
    expect(liquidationPrice(riskAt(safe, { BTCUSDT: 64_000n * UNITS }), 'BTCUSDT')).toBe(0n);
  });

  test('random accounts: liquidated at the price, not one unit on the safe side of it', () => {
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let i = 0; i < 300; i++) {
      const lots = (1 + next(5_000)) * (next(2) === 0 ? 1 : -1);
      const entry = BigInt(20_000 + next(80_000));
      const state = account((BigInt(next(2_000_000)) * USDT) / 100n, {
        BTCUSDT: position(btc, lots, entry),
        ...(next(2) === 0
          ? { ETHUSDT: position(eth, (1 + next(20_000)) * (next(2) ? 1 : -1), BigInt(1_000 + next(4_000))) }
          : {}),
      });
      const marks = { BTCUSDT: entry * UNITS, ETHUSDT: BigInt(1_000 + next(4_000)) * UNITS };
      const price = liquidationPrice(riskAt(state, marks), 'BTCUSDT');
      if (price === 0n) {
        expect(riskAt(state, { ...marks, BTCUSDT: 1n }).liquidatable).toBe(false);
        continue;
      }
      expect(riskAt(state, { ...marks, BTCUSDT: price }).liquidatable).toBe(true);
      expect(riskAt(state, { ...marks, BTCUSDT: lots > 0 ? price + 1n : price - 1n }).liquidatable).toBe(
        false,
      );
    }
  });
});

describe('margin balance, maintenance margin and margin ratio', () => {
  test('agree with the account summary; MARGIN_CALL at 80 %', () => {
    const state = account(400n * USDT, { BTCUSDT: position(btc, 100, 64_000n) });
    const marks = { BTCUSDT: 60_500n * UNITS };
    const risk = riskAt(state, marks);
    const summary = marginSummary(state, instruments, () => markPrice(Number(marks.BTCUSDT)));
    expect(risk.marginBalance).toBe(summary.marginBalance);
    // 400 − 350 = 50 USDT of margin balance; 6,050 × 0.4 % = 24.2 USDT maintenance: ratio 48.4 %.
    expect(risk.marginBalance).toBe(50n * USDT);
    expect(risk.maintMargin).toBe(2_420_000_000n);
    expect(risk.marginRatio).toBe(48_400_000n);
    expect(risk.marginRatio! >= MARGIN_CALL_RATIO).toBe(false);
    expect(riskAt(state, { BTCUSDT: 60_300n * UNITS }).marginRatio! >= MARGIN_CALL_RATIO).toBe(true);
  });

  test('the issue’s account at 53,500: margin balance −653.20 USDT, liquidatable, no ratio', () => {
    const state = account(400n * USDT, { BTCUSDT: position(btc, 100, 64_000n) });
    const risk = riskAt(state, { BTCUSDT: 53_500n * UNITS });
    expect(risk.marginBalance).toBe(-650n * USDT);
    expect(risk.liquidatable).toBe(true);
    expect(risk.marginRatio).toBeUndefined();
  });
});

describe('the bankruptcy price', () => {
  test('of a long: the lowest tick whose fill leaves the margin balance ≥ 0 ((6,400 − 400) ÷ 0.1 = 60,000)', () => {
    const state = account(400n * USDT, { BTCUSDT: position(btc, 100, 64_000n) });
    const risk = riskAt(state, { BTCUSDT: 60_200n * UNITS });
    expect(bankruptcyPriceTicks(restOfAccount(risk, 'BTCUSDT'), risk.positions[0]!)).toBe(600_000);
  });

  test('of a short: the highest such tick, rounded down ((6,400 + 401.23) ÷ 0.1 = 68,012.3)', () => {
    const state = account(40_123_000_000n, { BTCUSDT: position(btc, -100, 64_000n) });
    const risk = riskAt(state, { BTCUSDT: 67_000n * UNITS });
    expect(bankruptcyPriceTicks(restOfAccount(risk, 'BTCUSDT'), risk.positions[0]!)).toBe(680_123);
  });
});
