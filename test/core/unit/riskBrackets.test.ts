import { SYMBOL_PRESETS } from '../../../bin/symbolPresets';
import {
  bracketOf,
  checkNotionalCap,
  leverageBrackets,
  maintenanceMargin,
  maxNotional,
  maxNotionalValue,
  notionalIfFilled,
} from '../../../core/projections/riskBracket';
import { compileInstrument, InvalidSymbolSpec } from '../../../core/symbol/instrument';
import type { LeverageBracketSpec, SymbolSpec } from '../../../core/symbol/symbolSpec';
import { markPrice } from '../../../core/symbol/valuation';
import { BTCUSDT, TESTUSDT } from '../support/specs';

const USDT = 100_000_000n;
const btc = compileInstrument(SYMBOL_PRESETS.BTCUSDT!);

describe('risk brackets of the presets', () => {
  test('compile, with Binance’s cum for BTCUSDT derived from floors and ratios', () => {
    expect(leverageBrackets(btc).map((b) => b.cum)).toEqual([
      0, 50, 950, 11_450, 131_450, 481_450, 2_981_450, 14_481_450, 26_481_450, 41_481_450, 121_481_450,
      421_481_450,
    ]);
    expect(leverageBrackets(btc)[1]).toEqual({
      bracket: 2,
      initialLeverage: 100,
      notionalCap: 600_000,
      notionalFloor: 50_000,
      maintMarginRatio: 0.005,
      cum: 50,
    });
    for (const spec of Object.values(SYMBOL_PRESETS)) expect(() => compileInstrument(spec)).not.toThrow();
  });

  test('funding terms: BTCUSDT’s published ±0.3 % cap, the impact notional 200 USDT × max leverage', () => {
    expect(btc.futures.fundingRateCap).toBe(300_000n);
    expect(btc.futures.fundingRateFloor).toBe(-300_000n);
    expect(btc.futures.impactMarginNotional).toBe(25_000n * USDT);
    expect(btc.futures.interestRate).toBe(10_000n);
    expect(btc.futures.fundingIntervalMs).toBe(8 * 3_600_000);
    // ETHUSDT: the default cap, 0.75 × its first tier's 0.5 %.
    expect(compileInstrument(SYMBOL_PRESETS.ETHUSDT!).futures.fundingRateCap).toBe(375_000n);
  });
});

describe('maintenance margin by tier: notional × ratio − cum', () => {
  test('in the first tier, up to and including its cap', () => {
    expect(maintenanceMargin(btc, 10_000n * USDT)).toBe(40n * USDT); // 0.4 %
    expect(maintenanceMargin(btc, 50_000n * USDT)).toBe(200n * USDT);
  });

  test('above a cap, the next tier, continuous at the boundary thanks to cum', () => {
    // 50,000.00000001 × 0.5 % − 50 = 200.00000000005 → rounded up to 200.00000001.
    expect(bracketOf(btc, 50_000n * USDT + 1n).bracket).toBe(2);
    expect(maintenanceMargin(btc, 50_000n * USDT + 1n)).toBe(200n * USDT + 1n);
    expect(maintenanceMargin(btc, 1_000_000n * USDT)).toBe((6_500n - 950n) * USDT); // 0.65 % − 950
  });

  test('beyond the last cap, the last tier', () => {
    expect(bracketOf(btc, 2_000_000_000n * USDT).bracket).toBe(12);
    expect(maintenanceMargin(btc, 2_000_000_000n * USDT)).toBe((1_000_000_000n - 421_481_450n) * USDT);
  });

  test('a flat position has none', () => {
    expect(maintenanceMargin(btc, 0n)).toBe(0n);
  });

  test('a spec without brackets: one ratio, half the initial margin rate at max leverage, published as its ladder', () => {
    const legacy = compileInstrument(BTCUSDT);
    const tiers = leverageBrackets(legacy);
    expect(tiers).toHaveLength(125);
    expect(tiers[0]).toEqual({
      bracket: 1,
      initialLeverage: 125,
      notionalCap: 400_000,
      notionalFloor: 0,
      maintMarginRatio: 0.004,
      cum: 0,
    });
    expect(tiers[124]).toMatchObject({ bracket: 125, initialLeverage: 1, notionalFloor: 25_000_000 });
    expect(tiers[124]!.notionalCap).toBe(50_000_000);
    // What a client reads off the tiers for a leverage is what the exchange enforces (maxNotionalValue).
    for (let leverage = 1; leverage <= 125; leverage++) {
      const cap = tiers.filter((t) => t.initialLeverage >= leverage).at(-1)!.notionalCap;
      expect([leverage, cap]).toEqual([leverage, Number(maxNotionalValue(legacy, leverage))]);
    }
    expect(new Set(tiers.map((t) => t.maintMarginRatio))).toEqual(new Set([0.004]));
    expect(maintenanceMargin(legacy, 1_000_000n * USDT)).toBe(4_000n * USDT);
  });
});

describe('maxNotionalValue: the cap of the last tier that allows the leverage', () => {
  test.each([
    [125, '50000'],
    [101, '50000'],
    [100, '600000'],
    [20, '100000000'],
    [1, '1800000000'],
  ])('at %ix: %s USDT', (leverage, value) => {
    expect(maxNotionalValue(btc, leverage)).toBe(value);
  });

  test('above the maximum leverage there is none', () => {
    expect(maxNotional(btc, 126)).toBeUndefined();
    expect(maxNotionalValue(btc, 126)).toBe('0');
  });

  test('a spec without brackets keeps the flat rule, 50,000,000 ÷ leverage', () => {
    expect(maxNotionalValue(compileInstrument(BTCUSDT), 20)).toBe('2500000');
    expect(maxNotionalValue(compileInstrument(BTCUSDT), 125)).toBe('400000');
  });
});

describe('-2027: a position or order past the notional cap of the chosen leverage', () => {
  // BTCUSDT, tick 0.10, step 0.001: 65,000.0 is 650,000 ticks; 1 BTC is 1,000 lots.
  test('what is held plus the open orders on the side plus the order, at the order’s price', () => {
    const exposure = { positionSize: 500, openBuyLots: 250, openSellLots: 4_000 };
    // Buying 0.25 more: 0.5 + 0.25 + 0.25 = 1 BTC at 65,000 = 65,000 USDT; a sell of 0.25: 0.5 − 4 − 0.25.
    expect(notionalIfFilled(btc, exposure, 'BUY', 250, 650_000)).toBe(65_000n * USDT);
    expect(notionalIfFilled(btc, exposure, 'SELL', 250, 650_000)).toBe(243_750n * USDT);
    // At 125x the cap is 50,000 USDT; at 100x 600,000.
    expect(checkNotionalCap(btc, 125, 65_000n * USDT)).toEqual({
      code: -2027,
      msg: 'Exceeded the maximum allowable position at current leverage.',
    });
    expect(checkNotionalCap(btc, 100, 65_000n * USDT)).toBeUndefined();
    expect(checkNotionalCap(btc, 125, 50_000n * USDT)).toBeUndefined();
  });

  test('a MARKET order is valued at the mark, rounded up', () => {
    const exposure = { positionSize: 0, openBuyLots: 0, openSellLots: 0 };
    // 0.001 BTC at 65,000.12345678 = 65.00012345678 USDT → 65.00012346.
    expect(notionalIfFilled(btc, exposure, 'BUY', 1, markPrice(6_500_012_345_678))).toBe(6_500_012_346n);
  });
});

describe('a bracket table is refused unless it is Binance-shaped', () => {
  const tiers: LeverageBracketSpec[] = [
    { bracket: 1, initialLeverage: 20, notionalFloor: '0', notionalCap: '5000', maintMarginRatio: '0.01' },
    {
      bracket: 2,
      initialLeverage: 10,
      notionalFloor: '5000',
      notionalCap: '25000',
      maintMarginRatio: '0.025',
    },
  ];
  const spec = (changes: Partial<LeverageBracketSpec>[], extra: Partial<SymbolSpec> = {}): SymbolSpec => ({
    ...TESTUSDT,
    ...extra,
    leverageBrackets: tiers.map((tier, i) => ({ ...tier, ...changes[i] })),
  });

  test('a valid table compiles, with cum derived or given right', () => {
    expect(leverageBrackets(compileInstrument(spec([]))).map((b) => b.cum)).toEqual([0, 75]);
    expect(() => compileInstrument(spec([{}, { cum: '75' }]))).not.toThrow();
  });

  test.each<[string, Partial<LeverageBracketSpec>[], Partial<SymbolSpec>, RegExp]>([
    ['a wrong cum', [{}, { cum: '50' }], {}, /leverageBrackets\[1\]\.cum must be 75/],
    ['a gap between tiers', [{}, { notionalFloor: '6000' }], {}, /must be the cap of the tier before/],
    ['a first floor above 0', [{ notionalFloor: '1' }], {}, /notionalFloor must be 0/],
    ['leverage that does not fall', [{}, { initialLeverage: 20 }], {}, /must be below the tier before/],
    ['a ratio that falls', [{}, { maintMarginRatio: '0.005' }], {}, /must not be below the tier before/],
    [
      'maintenance at or above initial margin',
      [{ maintMarginRatio: '0.05' }],
      {},
      /below the initial margin rate/,
    ],
    ['a first tier off the max leverage', [{ initialLeverage: 25 }], {}, /must equal maxLeverage/],
    ['tiers out of order', [{ bracket: 2 }], {}, /bracket must be 1/],
    ['a cap at its floor', [{}, { notionalCap: '5000' }], {}, /must be above its floor/],
    ['a cap beyond the interest rate', [], { fundingRateCap: '0.00005' }, /interestRate must lie between/],
    ['a floor of 0', [], { fundingRateFloor: '0' }, /fundingRateFloor must be in/],
    ['a funding interval of 5 h', [], { fundingIntervalHours: 5 }, /divides 24/],
    ['a basis window of an hour and a second', [], { markPriceBasisWindow: 3601 }, /markPriceBasisWindow/],
  ])('%s', (_why, changes, extra, message) => {
    expect(() => compileInstrument(spec(changes, extra))).toThrow(InvalidSymbolSpec);
    expect(() => compileInstrument(spec(changes, extra))).toThrow(message);
  });
});
