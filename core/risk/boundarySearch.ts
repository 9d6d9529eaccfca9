/**
 * The boundary of a monotone predicate over positive integers (mark units), found from a guess: gallop from the
 * guess until the predicate changes, then bisect. The guess is Binance's closed-form price, which is within a few
 * units of the exact boundary (the only difference is the 10^-8 USDT rounding of notionals and margins), so this
 * costs a handful of evaluations; a bad guess costs O(log price) of them, never a wrong answer.
 */
const CEILING = 2n ** 62n;

/** The largest m ≥ 1 with holds(m), where holds is true up to a point and false after; 0 when holds(1) is false. */
export function lastHolding(holds: (m: bigint) => boolean, guess: bigint): bigint {
  if (!holds(1n)) return 0n;
  let lo: bigint;
  let hi: bigint;
  const start = guess < 1n ? 1n : guess > CEILING ? CEILING : guess;
  if (holds(start)) {
    lo = start;
    let step = 1n;
    while (lo + step <= CEILING && holds(lo + step)) {
      lo += step;
      step *= 2n;
    }
    if (lo + step > CEILING) return lo;
    hi = lo + step;
  } else {
    hi = start;
    let step = 1n;
    while (hi - step >= 1n && !holds(hi - step)) {
      hi -= step;
      step *= 2n;
    }
    lo = hi - step >= 1n ? hi - step : 1n;
  }
  // holds(lo) and not holds(hi).
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (holds(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** The smallest m ≥ 1 with holds(m), where holds is false up to a point and true after. */
export function firstHolding(holds: (m: bigint) => boolean, guess: bigint): bigint {
  return lastHolding((m) => !holds(m), guess - 1n) + 1n;
}
