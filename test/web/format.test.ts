// Numbers on screen come from the API's decimal strings at the symbol's precision, grouped, never through a float.

import { dec } from '../../web/src/model/decimal';
import { formatCountdown, formatDecimal, formatPercent, formatRatePercent } from '../../web/src/model/format';

describe('formatDecimal', () => {
  test.each([
    ['64945.70', 1, '64,945.7'],
    ['64945.75', 1, '64,945.8'],
    ['1234567.891', 2, '1,234,567.89'],
    ['0.05', 3, '0.050'],
    ['-1234.5', 2, '-1,234.50'],
    ['100000.00000000', 2, '100,000.00'],
    ['999.995', 2, '1,000.00'],
    ['12', 0, '12'],
  ])('%s with %s digits is %s', (value, digits, expected) => {
    expect(formatDecimal(value, digits)).toBe(expected);
  });

  test('balances round down, so the page never shows more than there is', () => {
    expect(formatDecimal('99999.99999999', 2, { rounding: 'down' })).toBe('99,999.99');
    expect(formatDecimal('99999.99999999', 2)).toBe('100,000.00');
  });

  test('signed values show their sign; a value that rounds to zero has none', () => {
    expect(formatDecimal('12.5', 2, { signed: true })).toBe('+12.50');
    expect(formatDecimal('-12.5', 2, { signed: true })).toBe('-12.50');
    expect(formatDecimal('-0.001', 2, { signed: true })).toBe('0.00');
    expect(formatDecimal('0', 2, { signed: true })).toBe('0.00');
  });

  test('without grouping', () => {
    expect(formatDecimal(dec('64945.7'), 2, { group: false })).toBe('64945.70');
  });

  test('what is not a decimal shows as a dash, not as NaN', () => {
    expect(formatDecimal('abc', 2)).toBe('—');
  });
});

test('a funding rate as a percentage with 4 digits', () => {
  expect(formatRatePercent('0.00010000', 4)).toBe('0.0100%');
  expect(formatRatePercent('-0.00037500', 4)).toBe('-0.0375%');
  expect(formatRatePercent('0.00000000', 4)).toBe('0.0000%');
});

test('a 24 h change already in percent', () => {
  expect(formatPercent('-0.037', 2)).toBe('-0.04%');
  expect(formatPercent('2.345', 2)).toBe('+2.35%');
  expect(formatPercent('0.000', 2)).toBe('0.00%');
});

test('the funding countdown', () => {
  expect(formatCountdown(5 * 3600_000 + 2 * 60_000 + 3_999)).toBe('05:02:03');
  expect(formatCountdown(0)).toBe('00:00:00');
  expect(formatCountdown(-5_000)).toBe('00:00:00');
});
