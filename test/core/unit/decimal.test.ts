import {
  ceilDiv,
  ceilDivNumber,
  floorDiv,
  floorDivNumber,
  formatScaled,
  parseScaled,
  significantDecimals,
} from '../../../core/numbers/decimal';
import { feeOn, feeOnSafe, formatMoney, parseMoney } from '../../../core/numbers/money';

describe('decimal strings ⇄ scaled integers', () => {
  it.each([
    ['0', 2, 0n],
    ['12', 2, 1200n],
    ['0.001', 3, 1n],
    ['65000.10', 2, 6500010n],
    ['65000.1000', 2, 6500010n],
    ['1.5', 0, undefined],
    ['-1', 2, undefined],
    ['1e3', 2, undefined],
    ['.5', 2, undefined],
    ['1.', 2, undefined],
    ['', 2, undefined],
    [' 1', 2, undefined],
    ['0x10', 2, undefined],
  ])('parseScaled(%j, %i) = %p', (text, scale, expected) => {
    expect(parseScaled(text, scale)).toBe(expected);
  });

  it.each([
    [6500010n, 2, 2, '65000.10'],
    [1n, 8, 8, '0.00000001'],
    [-1n, 8, 8, '-0.00000001'],
    [0n, 8, 8, '0.00000000'],
    [0n, 0, 0, '0'],
    [123n, 0, 2, '123.00'],
    [6500010n, 2, 1, '65000.1'],
  ])('formatScaled(%p, %i, %i) = %j', (units, scale, digits, expected) => {
    expect(formatScaled(units, scale, digits)).toBe(expected);
  });

  it('never rounds when asked for fewer digits', () => {
    expect(() => formatScaled(6500011n, 2, 1)).toThrow(/would round/);
  });

  it('counts significant fractional digits', () => {
    expect(significantDecimals('0.10')).toBe(1);
    expect(significantDecimals('1')).toBe(0);
    expect(significantDecimals('0.00000100')).toBe(6);
  });

  it('divides toward ±infinity exactly', () => {
    expect([ceilDiv(7n, 2n), ceilDiv(-7n, 2n), ceilDiv(6n, 2n)]).toEqual([4n, -3n, 3n]);
    expect([floorDiv(7n, 2n), floorDiv(-7n, 2n), floorDiv(-6n, 2n)]).toEqual([3n, -4n, -3n]);
  });
});

describe('money', () => {
  it('round-trips through its decimal form', () => {
    for (const text of ['0.00000000', '122607.35137903', '-0.07819010']) {
      expect(formatMoney(parseMoney(text)!)).toBe(text);
    }
  });

  it('charges fees rounded up, rebates rounded toward zero', () => {
    expect(feeOn(1n, 50_000n)).toBe(1n); // 0.0005 of 10^-8 rounds up to 10^-8
    expect(feeOn(1n, -50_000n)).toBe(0n); // a rebate of less than 10^-8 is nothing
    expect(feeOn(100_000_000n, 20_000n)).toBe(20_000n);
  });
});

describe('exact arithmetic without bigint', () => {
  it('feeOnSafe equals feeOn wherever it answers', () => {
    let seed = 3;
    const random = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    for (let i = 0; i < 20_000; i++) {
      const notional = Math.floor(random() * 2 ** (10 + Math.floor(random() * 43)));
      const rate = Math.floor((random() - 0.3) * 200_000);
      const fast = feeOnSafe(notional, rate);
      if (fast !== undefined) expect(BigInt(fast)).toBe(feeOn(BigInt(notional), BigInt(rate)));
    }
  });

  it('floorDivNumber and ceilDivNumber are exact where floating division rounds', () => {
    const a = 2 ** 53 - 1;
    expect(floorDivNumber(a, 3)).toBe(Number(BigInt(a) / 3n));
    expect(ceilDivNumber(a, 10_000)).toBe(Number((BigInt(a) + 9_999n) / 10_000n));
    expect(floorDivNumber(10, 5)).toBe(2);
    expect(ceilDivNumber(10, 5)).toBe(2);
    expect(ceilDivNumber(11, 5)).toBe(3);
  });
});
