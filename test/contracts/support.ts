/**
 * The contract tests: one suite per port, each run against the DynamoDB/Kinesis adapter (aws.test.ts, on
 * dynalite and kinesalite started by the test) and against the in-memory one (memory.test.ts), so the in-memory
 * adapter the application tests run on cannot drift from what production runs on. The adapters of one run share
 * their tables, so every test works under names of its own (unique()).
 */

let counter = 0;

/** A number no other test of this process has used: for symbols, accounts, keys. */
export function unique(): number {
  counter += 1;
  return Number(`${process.pid % 1000}${String(counter).padStart(5, '0')}`);
}

/** A symbol no other test has used, as the stores key them (upper case, ending in USDT). */
export function uniqueSymbol(): string {
  return `C${unique()}USDT`;
}

/** A clock the test moves: adapters read time through it (TTLs, windows, expiries). */
export interface TestClock {
  (): number;
  set(time: number): void;
  advance(ms: number): void;
}

export function testClock(start = Date.UTC(2026, 0, 5, 12)): TestClock {
  let now = start;
  const clock = (() => now) as TestClock;
  clock.set = (time) => {
    now = time;
  };
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

/** Each contract suite is given a way to make fresh adapters of one family. */
export type Make<T> = (clock: TestClock) => T | Promise<T>;
