import { formatScaled, parseScaled } from '../numbers/decimal';

/**
 * A symbol's index price: what the underlying trades at on the big spot markets, as one number the engine can
 * trust. Each source (an exchange's public ticker) has a weight; a source that has not updated for a while, or
 * whose price strays too far from the others' median, is left out and the remaining weights are renormalised.
 * This is the composite index of Binance USDⓈ-M and of every major venue (see docs/futures.md). It is pure: the
 * index feed service fetches the quotes and the clock; this decides the price from them, so a test or a replay
 * of recorded quotes gets the same index.
 */
export interface IndexSource {
  readonly name: string;
  /** Relative weight, a positive decimal ("0.4", "40": only ratios matter). */
  readonly weight: string;
}

/** The last price a source reported, as the decimal text it sent, and when it was received (epoch ms). */
export interface SourceQuote {
  readonly source: string;
  readonly price: string;
  readonly receivedAt: number;
}

export interface IndexRules {
  /** A quote older than this is stale and left out (Binance and most venues: 10 s). */
  readonly staleAfterMs: number;
  /** A quote further than this fraction from the median of the fresh quotes is an outlier (0.05 = 5%). */
  readonly maxDeviation: string;
}

export const DEFAULT_INDEX_RULES: IndexRules = { staleAfterMs: 10_000, maxDeviation: '0.05' };

/** Index prices carry 8 decimals, as Binance publishes them; every quote is read exactly at that scale. */
export const INDEX_DECIMALS = 8;

export type LeftOutReason = 'MISSING' | 'STALE' | 'INVALID' | 'OUTLIER';

export interface IndexComposition {
  /** The index, a plain decimal with INDEX_DECIMALS digits; undefined when no source is usable. */
  readonly price: string | undefined;
  /** The sources that made the price, with the price each gave and its share of the weight. */
  readonly used: readonly { readonly source: string; readonly price: string; readonly weight: string }[];
  readonly leftOut: readonly { readonly source: string; readonly reason: LeftOutReason }[];
}

/**
 * Composes the index at `now` from the latest quote of each configured source. Prices finer than 10^-8 are
 * truncated to it (no venue quotes finer); the weighted average is rounded half up to 10^-8.
 */
export function composeIndex(
  sources: readonly IndexSource[],
  quotes: readonly SourceQuote[],
  now: number,
  rules: IndexRules = DEFAULT_INDEX_RULES,
): IndexComposition {
  const scale = 10n ** BigInt(INDEX_DECIMALS);
  const maxDeviation = parseScaled(rules.maxDeviation, INDEX_DECIMALS);
  if (maxDeviation === undefined) throw new Error(`maxDeviation ${rules.maxDeviation} is not a decimal`);
  const latest = new Map<string, SourceQuote>();
  for (const quote of quotes) {
    const seen = latest.get(quote.source);
    if (seen === undefined || quote.receivedAt >= seen.receivedAt) latest.set(quote.source, quote);
  }

  const leftOut: { source: string; reason: LeftOutReason }[] = [];
  const fresh: { source: string; units: bigint; weight: bigint }[] = [];
  for (const source of sources) {
    const weight = parseScaled(source.weight, INDEX_DECIMALS);
    if (weight === undefined || weight <= 0n)
      throw new Error(`source ${source.name}: weight must be positive`);
    const quote = latest.get(source.name);
    if (quote === undefined) {
      leftOut.push({ source: source.name, reason: 'MISSING' });
      continue;
    }
    if (now - quote.receivedAt > rules.staleAfterMs) {
      leftOut.push({ source: source.name, reason: 'STALE' });
      continue;
    }
    const units = quoteUnits(quote.price);
    if (units === undefined || units <= 0n) {
      leftOut.push({ source: source.name, reason: 'INVALID' });
      continue;
    }
    fresh.push({ source: source.name, units, weight });
  }
  if (fresh.length === 0) return { price: undefined, used: [], leftOut };

  // |p − m| / m > d  ⇔  |p − m| × scale > d × m, all in integers (m may be a half unit: compare doubled).
  const doubledMedian = medianDoubled(fresh.map((q) => q.units));
  const kept = fresh.filter((q) => {
    const distance = abs(2n * q.units - doubledMedian) * scale;
    const allowed = maxDeviation * doubledMedian;
    if (distance <= allowed) return true;
    leftOut.push({ source: q.source, reason: 'OUTLIER' });
    return false;
  });
  // The median is within the band of itself, so with one fresh quote or more at least one is kept... unless the
  // fresh quotes split evenly around a median that none of them is near: then none is trusted.
  if (kept.length === 0) return { price: undefined, used: [], leftOut };

  let weightSum = 0n;
  let weighted = 0n;
  for (const q of kept) {
    weightSum += q.weight;
    weighted += q.units * q.weight;
  }
  const index = (2n * weighted + weightSum) / (2n * weightSum);
  return {
    price: formatScaled(index, INDEX_DECIMALS),
    used: kept.map((q) => ({
      source: q.source,
      price: formatScaled(q.units, INDEX_DECIMALS),
      weight: formatScaled((q.weight * scale) / weightSum, INDEX_DECIMALS),
    })),
    leftOut,
  };
}

/** A quote's price in 10^-8 units, digits beyond the eighth dropped; undefined if it is not a plain decimal. */
function quoteUnits(text: string): bigint | undefined {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (match === null) return undefined;
  const fraction = (match[2] ?? '').slice(0, INDEX_DECIMALS);
  return parseScaled(fraction === '' ? match[1]! : `${match[1]}.${fraction}`, INDEX_DECIMALS);
}

/** Twice the median (so an even count's mean of the middle two stays an integer). */
function medianDoubled(values: readonly bigint[]): bigint {
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? 2n * sorted[middle]! : sorted[middle - 1]! + sorted[middle]!;
}

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}
