import { canonicalJson } from './run';

/**
 * expect(actual).toEqual(expected), made cheap for the millions of checks a property run makes: values that
 * serialize identically pass without touching jest (whose expect costs tens of microseconds a call); anything
 * else goes through toEqual, so a failure reads as the usual diff.
 */
export function expectSame<T>(actual: T, expected: T): void {
  if (canonicalJson(actual) !== canonicalJson(expected)) expect(actual).toEqual(expected);
}
