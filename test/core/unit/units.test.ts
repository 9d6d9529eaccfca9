import { compileInstrument, InvalidSymbolSpec, notionalOf } from '../../../core/symbol/instrument';
import { formatPrice, formatQuantity, parsePriceTicks, parseQuantityLots } from '../../../core/symbol/units';
import { BTCUSDT } from '../support/specs';

const btc = compileInstrument(BTCUSDT);

describe('prices and quantities at the edge', () => {
  it('parse to ticks and lots', () => {
    expect(parsePriceTicks(btc, '65000.10')).toEqual({ ok: true, value: 650001 });
    expect(parsePriceTicks(btc, '65000.1')).toEqual({ ok: true, value: 650001 });
    expect(parseQuantityLots(btc, '0.010')).toEqual({ ok: true, value: 10 });
  });

  it('reject a price between ticks with -4014 and one with too many digits with -1111', () => {
    expect(parsePriceTicks(btc, '65000.15')).toMatchObject({ ok: false, rejection: { code: -4014 } });
    expect(parsePriceTicks(btc, '65000.123')).toMatchObject({ ok: false, rejection: { code: -1111 } });
  });

  it('reject a quantity between steps with -4023 and too many digits with -1111', () => {
    const coarse = compileInstrument({
      ...BTCUSDT,
      stepSize: '0.005',
      minQty: '0.005',
      marketMinQty: '0.005',
    });
    expect(parseQuantityLots(coarse, '0.007')).toMatchObject({ ok: false, rejection: { code: -4023 } });
    expect(parseQuantityLots(btc, '0.0001')).toMatchObject({ ok: false, rejection: { code: -1111 } });
  });

  it('reject negatives and non-decimals', () => {
    expect(parsePriceTicks(btc, '-1')).toMatchObject({ ok: false, rejection: { code: -4001 } });
    expect(parseQuantityLots(btc, '-1')).toMatchObject({ ok: false, rejection: { code: -4003 } });
    expect(parsePriceTicks(btc, '1e5')).toMatchObject({ ok: false, rejection: { code: -1100 } });
  });

  it('format as Binance prints them, at the symbol precision', () => {
    expect(formatPrice(btc, 650001)).toBe('65000.10');
    expect(formatQuantity(btc, 10)).toBe('0.010');
  });

  it('give exact notionals in money units', () => {
    // 0.010 BTC × 65000.10 = 650.001 USDT
    expect(notionalOf(btc, 650001, 10)).toBe(65_000_100_000n);
  });
});

describe('symbol specs', () => {
  it.each([
    ['a tick × step finer than 10^-8', { tickSize: '0.000001', stepSize: '0.001' }],
    ['a min price off the tick', { minPrice: '556.85' }],
    ['min quantity above max', { minQty: '2000' }],
    [
      'a band that excludes the reference',
      { percentPrice: { multiplierUp: '0.9', multiplierDown: '0.8', multiplierDecimal: 4 } },
    ],
    ['a negative taker fee', { takerFeeRate: '-0.0001' }],
    ['a symbol that is not <BASE>USDT', { symbol: 'BTCUSD' }],
    ['leverage above 125', { maxLeverage: 200 }],
  ])('are refused for %s', (_, change) => {
    expect(() => compileInstrument({ ...BTCUSDT, ...change })).toThrow(InvalidSymbolSpec);
  });
});
