import type { Money } from '../numbers/money';

/**
 * Binance's auto-deleveraging ranking of one position, as an exact fraction (numerator / denominator,
 * denominator > 0), compared by cross-multiplication:
 *
 *   PnL %              = (mark value − cost) / |cost|                    (unrealized PnL over the entry notional)
 *   effective leverage = |mark value| / margin balance
 *   ranking            = PnL % × effective leverage   when PnL % > 0
 *                        PnL % ÷ effective leverage   otherwise
 *
 * The highest ranking is deleveraged first. A margin balance ≤ 0 counts as 10^-8 USDT (the most leveraged).
 */
export interface AdlScore {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

export interface AdlCandidate {
  readonly accountId: number;
  readonly unrealizedPnl: Money;
  /** Entry notional (cost), > 0. */
  readonly cost: Money;
  /** |notional at mark|, > 0. */
  readonly markValue: Money;
  readonly marginBalance: Money;
}

export function adlScore(candidate: AdlCandidate): AdlScore {
  const balance = candidate.marginBalance > 0n ? candidate.marginBalance : 1n;
  const cost = candidate.cost > 0n ? candidate.cost : 1n;
  const value = candidate.markValue > 0n ? candidate.markValue : 1n;
  return candidate.unrealizedPnl > 0n
    ? { numerator: candidate.unrealizedPnl * value, denominator: cost * balance }
    : { numerator: candidate.unrealizedPnl * balance, denominator: cost * value };
}

export function compareAdlScores(a: AdlScore, b: AdlScore): number {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Candidates in deleveraging order: highest ranking first, ties by account id (deterministic). */
export function adlQueue<T extends AdlCandidate>(candidates: readonly T[]): T[] {
  const scored = candidates.map((candidate) => ({ candidate, score: adlScore(candidate) }));
  scored.sort((x, y) => compareAdlScores(y.score, x.score) || x.candidate.accountId - y.candidate.accountId);
  return scored.map((s) => s.candidate);
}

/** A position the engine can rank without its account's margin balance. */
export interface AdlPosition {
  readonly accountId: number;
  readonly unrealizedPnl: Money;
  /** Entry notional (cost), > 0. */
  readonly cost: Money;
}

/**
 * The order the symbol's engine deleverages in once a liquidation's queue is used up: by PnL % alone (unrealized
 * PnL over cost), highest first, ties by account id. It is Binance's ranking with every effective leverage taken
 * as equal — the engine holds the symbol's positions but not the accounts' balances, which only the risk service
 * knows; the queue the risk service sends ranks its own accounts exactly and goes first.
 */
export function adlQueueByProfit<T extends AdlPosition>(positions: readonly T[]): T[] {
  const score = (p: AdlPosition): AdlScore => ({
    numerator: p.unrealizedPnl,
    denominator: p.cost > 0n ? p.cost : 1n,
  });
  return [...positions].sort((x, y) => compareAdlScores(score(y), score(x)) || x.accountId - y.accountId);
}

/**
 * GET /fapi/v1/adlQuantile: each position's quintile in its side's queue, 0 (last to go) to 4 (first), as
 * Binance shows 0–4. `index` is the position's place in adlQueue order (0 = first), of `count`.
 */
export function adlQuantile(index: number, count: number): number {
  if (count <= 0) return 0;
  return 4 - Math.floor((index * 5) / count);
}

/** Each candidate's adlQuantile in its own queue (give one side's positions: longs, or shorts). */
export function adlQuantiles(candidates: readonly AdlCandidate[]): Map<number, number> {
  const queue = adlQueue(candidates);
  return new Map(queue.map((c, index) => [c.accountId, adlQuantile(index, queue.length)]));
}
