// Monthly buckets are computed without Date (core/ is pure); Date, here in the test, is the oracle.

import fc from 'fast-check';
import { bucketClose, bucketOpen, DAY_MS, nextBucketOpen } from '../../../core/projections/intervals';

const monthOpen = (time: number) => {
  const date = new Date(time);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
};
const nextMonthOpen = (open: number) => {
  const date = new Date(open);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
};

describe('1M buckets', () => {
  test.each([
    ['1970-01-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z', '1970-02-01T00:00:00.000Z'],
    ['2024-02-29T23:59:59.999Z', '2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z'],
    ['2023-12-31T12:00:00.000Z', '2023-12-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z'],
    ['2000-03-01T00:00:00.000Z', '2000-03-01T00:00:00.000Z', '2000-04-01T00:00:00.000Z'],
    ['1969-12-31T23:59:59.999Z', '1969-12-01T00:00:00.000Z', '1970-01-01T00:00:00.000Z'],
  ])('%s lies in the month opening %s, followed by %s', (time, open, next) => {
    const opened = bucketOpen('1M', Date.parse(time));
    expect(new Date(opened).toISOString()).toBe(open);
    expect(new Date(nextBucketOpen('1M', opened)).toISOString()).toBe(next);
    expect(bucketClose('1M', opened)).toBe(Date.parse(next) - 1);
  });

  test('open and next open equal the calendar of Date for any time from 1900 to 2400', () => {
    const from = Date.UTC(1900, 0, 1);
    const to = Date.UTC(2400, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (time) => {
        const open = bucketOpen('1M', time);
        expect(open).toBe(monthOpen(time));
        expect(nextBucketOpen('1M', open)).toBe(nextMonthOpen(open));
      }),
      { numRuns: 20_000 },
    );
  });

  test('every first of a month from 1900 to 2400 opens its own bucket', () => {
    for (let open = Date.UTC(1900, 0, 1); open < Date.UTC(2400, 0, 1); open = nextMonthOpen(open)) {
      expect(bucketOpen('1M', open)).toBe(open);
      expect(bucketOpen('1M', open - 1)).toBe(monthOpen(open - 1));
      expect(nextBucketOpen('1M', open)).toBe(nextMonthOpen(open));
    }
    expect(DAY_MS).toBe(86_400_000);
  });
});
