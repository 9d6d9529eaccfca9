// The page's exact decimals: API strings in, exact arithmetic, rounding only where asked and as asked.

import {
  add,
  cmp,
  dec,
  div,
  isMultipleOf,
  mul,
  normalize,
  parseDecimal,
  partsOf,
  round,
  roundToStep,
  stepDecimals,
  sub,
  toPlain,
} from '../../web/src/model/decimal';

const text = (value: ReturnType<typeof dec>) => toPlain(value);

describe('parsing', () => {
  test.each([
    ['65000.10', 6500010n, 2],
    ['0.001', 1n, 3],
    ['-12.5', -125n, 1],
    ['+3', 3n, 0],
    ['.5', 5n, 1],
    ['7.', 7n, 0],
    ['0', 0n, 0],
  ])('%s is %s × 10^-%s', (input, units, scale) => {
    expect(parseDecimal(input)).toEqual({ units, scale });
  });

  test.each(['', '1e5', '1,000', ' 1', '1.2.3', '--1', 'NaN', 'Infinity', '0x10', '.'])(
    '%j is not a decimal',
    (input) => {
      expect(parseDecimal(input)).toBeUndefined();
    },
  );

  test('dec refuses what parseDecimal refuses', () => {
    expect(() => dec('1e5')).toThrow(/not a decimal/);
  });
});

describe('arithmetic is exact where binary floating point is not', () => {
  test('0.1 + 0.2 = 0.3', () => {
    expect(text(add(dec('0.1'), dec('0.2')))).toBe('0.3');
    expect(0.1 + 0.2).not.toBe(0.3);
  });

  test('notional of a price and a size', () => {
    expect(text(mul(dec('64945.70'), dec('0.013')))).toBe('844.29410');
  });

  test('a subtraction across scales', () => {
    expect(text(sub(dec('64000'), dec('0.01')))).toBe('63999.99');
  });

  test('comparison ignores how many digits a value is written with', () => {
    expect(cmp(dec('64000.10'), dec('64000.1'))).toBe(0);
    expect(cmp(dec('-0.5'), dec('0.25'))).toBe(-1);
    expect(cmp(dec('100'), dec('99.999'))).toBe(1);
  });

  test('values beyond 2^53 stay exact', () => {
    expect(text(mul(dec('9007199254740993'), dec('3')))).toBe('27021597764222979');
  });
});

describe('rounding', () => {
  test.each([
    ['1.005', 2, 'halfUp', '1.01'],
    ['1.004', 2, 'halfUp', '1.00'],
    ['-1.005', 2, 'halfUp', '-1.01'],
    ['1.009', 2, 'down', '1.00'],
    ['-1.009', 2, 'down', '-1.00'],
    ['1.001', 2, 'up', '1.01'],
    ['-1.001', 2, 'floor', '-1.01'],
    ['-1.009', 2, 'ceil', '-1.00'],
    ['2.5', 4, 'halfUp', '2.5000'],
  ] as const)('%s to %s digits (%s) is %s', (input, digits, mode, expected) => {
    expect(text(round(dec(input), digits, mode))).toBe(expected);
  });

  test('division rounds at the scale asked for', () => {
    expect(text(div(dec('1'), dec('3'), 4, 'halfUp'))).toBe('0.3333');
    expect(text(div(dec('2'), dec('3'), 4, 'halfUp'))).toBe('0.6667');
    expect(text(div(dec('2'), dec('3'), 4, 'down'))).toBe('0.6666');
    expect(text(div(dec('-2'), dec('3'), 2, 'floor'))).toBe('-0.67');
    expect(() => div(dec('1'), dec('0'), 2)).toThrow(RangeError);
  });
});

describe('ticks and steps', () => {
  test('multiples of a tick or step size', () => {
    expect(isMultipleOf(dec('64000.10'), dec('0.10'))).toBe(true);
    expect(isMultipleOf(dec('64000.15'), dec('0.10'))).toBe(false);
    expect(isMultipleOf(dec('3'), dec('1'))).toBe(true);
    expect(isMultipleOf(dec('0.0015'), dec('0.001'))).toBe(false);
  });

  test('rounding to a step', () => {
    expect(text(roundToStep(dec('68250.0735'), dec('0.10'), 'floor'))).toBe('68250.0000');
    expect(text(roundToStep(dec('61749.9335'), dec('0.10'), 'ceil'))).toBe('61750.0000');
    expect(text(roundToStep(dec('0.0129'), dec('0.001'), 'down'))).toBe('0.0120');
  });

  test('a step size written with trailing zeros has the digits it really needs', () => {
    expect(stepDecimals('0.10')).toBe(1);
    expect(stepDecimals('0.010')).toBe(2);
    expect(stepDecimals('0.001')).toBe(3);
    expect(stepDecimals('1')).toBe(0);
    expect(normalize(dec('5.000'))).toEqual({ units: 5n, scale: 0 });
  });
});

test('a share as whole parts, clamped, for depth bars', () => {
  expect(partsOf(dec('0.050'), dec('0.250'), 1000)).toBe(200);
  expect(partsOf(dec('1'), dec('3'), 1000)).toBe(333);
  expect(partsOf(dec('2'), dec('3'), 1000)).toBe(667);
  expect(partsOf(dec('5'), dec('3'), 1000)).toBe(1000);
  expect(partsOf(dec('1'), dec('0'), 1000)).toBe(0);
});
