import { type Money, moneyOf } from '../../core/numbers/money';
import type { EventItem } from '../ports/eventLog';

/** What the risk service has seen of one symbol since it started (risk-fargate publishes it as metrics). */
export interface SymbolRiskFigures {
  /** Liquidation orders ended (Liquidated events) of accounts this instance's shards own. */
  readonly liquidations: number;
  /** Those of them that deleveraged counterparties (adlQuantity > 0): each an ADL event, each an alarm. */
  readonly adlEvents: number;
  /** What the symbol's insurance fund paid out: the sum of its balance's falls (money, exact). */
  readonly insurancePaid: Money;
  /** The fund's balance after the newest liquidation seen (undefined before any). */
  readonly insuranceBalance: Money | undefined;
}

const NONE: SymbolRiskFigures = {
  liquidations: 0,
  adlEvents: 0,
  insurancePaid: 0n,
  insuranceBalance: undefined,
};

/**
 * Counts liquidations, ADL and the insurance fund per symbol from the events the shards read. Only items committed
 * after the instance started count (a recovering shard replays the whole log, which is history, not news), and
 * a liquidation counts in the instance owning the liquidated account, so the fleet's sum counts each once. The
 * fund's balance is the symbol's, carried by every Liquidated event.
 */
export class RiskFigures {
  private readonly symbols = new Map<string, SymbolRiskFigures>();
  private readonly seenSeq = new Map<string, number>();

  constructor(private readonly startedAt: number) {}

  observe(symbol: string, item: EventItem, owned: (accountId: number) => boolean): void {
    if (item.events === null || item.time < this.startedAt) return;
    let figures = this.of(symbol);
    // Each held shard reads the same items: the balance moves once per item, however many shards read it.
    const balanceSeen = (this.seenSeq.get(symbol) ?? 0) >= item.seq;
    for (const event of item.events) {
      if (event.type !== 'Liquidated') continue;
      const balance = moneyOf(event.insuranceBalance);
      if (!balanceSeen) {
        const fall =
          figures.insuranceBalance !== undefined && balance < figures.insuranceBalance
            ? figures.insuranceBalance - balance
            : 0n;
        figures = { ...figures, insuranceBalance: balance, insurancePaid: figures.insurancePaid + fall };
      }
      if (owned(event.accountId))
        figures = {
          ...figures,
          liquidations: figures.liquidations + 1,
          adlEvents: figures.adlEvents + (event.adlQuantity > 0 ? 1 : 0),
        };
    }
    this.symbols.set(symbol, figures);
    this.seenSeq.set(symbol, Math.max(this.seenSeq.get(symbol) ?? 0, item.seq));
  }

  of(symbol: string): SymbolRiskFigures {
    return this.symbols.get(symbol) ?? NONE;
  }

  /** Every symbol with figures, in order. */
  get bySymbol(): [string, SymbolRiskFigures][] {
    return [...this.symbols.entries()].sort(([a], [b]) => a.localeCompare(b));
  }
}
