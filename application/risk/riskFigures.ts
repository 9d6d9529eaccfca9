import { INSURANCE_FUND_ACCOUNT } from '../../core/engine/state';
import type { Money } from '../../core/numbers/money';
import {
  EMPTY_INSURANCE_FUND,
  evolveInsuranceFund,
  type InsuranceFund,
  insuranceMarginBalance,
} from '../../core/projections/insuranceFund';
import type { Instrument } from '../../core/symbol/instrument';
import { markPrice, type ValuationPrice } from '../../core/symbol/valuation';
import type { EventItem } from '../ports/eventLog';

/** What the risk service has seen of one symbol since it started (risk-fargate publishes it as metrics). */
export interface SymbolRiskFigures {
  /** Liquidation orders ended (Liquidated events) of accounts this instance's shards own. */
  readonly liquidations: number;
  /**
   * Those of them that deleveraged counterparties (adlQuantity > 0), and the insurance fund's own deleveragings:
   * each an ADL event, each an alarm.
   */
  readonly adlEvents: number;
  /**
   * The insurance fund's drawdown: the sum of its margin balance's falls (money, exact) — a takeover under water,
   * the mark moving against a position it holds, funding it pays.
   */
  readonly insurancePaid: Money;
  /** The fund's margin balance after the newest item seen (undefined before the symbol is known). */
  readonly insuranceBalance: Money | undefined;
}

const NONE: SymbolRiskFigures = {
  liquidations: 0,
  adlEvents: 0,
  insurancePaid: 0n,
  insuranceBalance: undefined,
};

interface FundSeen {
  readonly fund: InsuranceFund;
  readonly mark: ValuationPrice | undefined;
}

/**
 * Counts liquidations, ADL and the insurance fund per symbol from the events the shards read. The fund is folded
 * from the whole log (core/projections/insuranceFund.ts, as GET /fapi/v1/insuranceBalance does), so its margin
 * balance is exact even for an instance that started late; but only items committed after the instance started
 * count as news (a recovering shard replays the whole log, which is history), and a liquidation counts in the
 * instance owning the liquidated account, so the fleet's sum counts each once.
 */
export class RiskFigures {
  private readonly symbols = new Map<string, SymbolRiskFigures>();
  private readonly funds = new Map<string, FundSeen>();
  private readonly seenSeq = new Map<string, number>();
  private readonly instruments = new Map<string, Instrument>();

  constructor(private readonly startedAt: number) {}

  /** The symbol's contract, which values the fund's position (the service tells each poll). */
  know(instrument: Instrument): void {
    this.instruments.set(instrument.spec.symbol, instrument);
  }

  observe(symbol: string, item: EventItem, owned: (accountId: number) => boolean): void {
    if (item.events === null) return;
    const news = item.time >= this.startedAt;
    let figures = this.of(symbol);
    // Each held shard reads the same items: the fund moves once per item, however many shards read it.
    if ((this.seenSeq.get(symbol) ?? 0) < item.seq) {
      let { fund, mark } = this.funds.get(symbol) ?? { fund: EMPTY_INSURANCE_FUND, mark: undefined };
      for (const event of item.events) {
        fund = evolveInsuranceFund(fund, event);
        if (event.type === 'MarkPriceUpdated') mark = markPrice(event.markPrice);
      }
      this.funds.set(symbol, { fund, mark });
      const instrument = this.instruments.get(symbol);
      if (instrument !== undefined) {
        const balance = insuranceMarginBalance(fund, instrument, mark);
        const before = figures.insuranceBalance;
        const fall = news && before !== undefined && balance < before ? before - balance : 0n;
        figures = { ...figures, insuranceBalance: balance, insurancePaid: figures.insurancePaid + fall };
      }
      this.seenSeq.set(symbol, item.seq);
    }
    if (news) {
      // The fund's own deleveraging (a mark left its equity below zero) is an ADL event too: one per command,
      // counted by the instance holding the fund's shard (account 0's).
      const fundDeleveraged = new Set<string>();
      for (const event of item.events) {
        if (event.type === 'Liquidated' && owned(event.accountId))
          figures = {
            ...figures,
            liquidations: figures.liquidations + 1,
            adlEvents: figures.adlEvents + (event.adlQuantity > 0 ? 1 : 0),
          };
        if (
          event.type === 'PositionTransferred' &&
          event.liquidated.accountId === INSURANCE_FUND_ACCOUNT &&
          owned(INSURANCE_FUND_ACCOUNT)
        )
          fundDeleveraged.add(event.commandId);
      }
      figures = { ...figures, adlEvents: figures.adlEvents + fundDeleveraged.size };
    }
    this.symbols.set(symbol, figures);
  }

  of(symbol: string): SymbolRiskFigures {
    return this.symbols.get(symbol) ?? NONE;
  }

  /** Every symbol with figures, in order. */
  get bySymbol(): [string, SymbolRiskFigures][] {
    return [...this.symbols.entries()].sort(([a], [b]) => a.localeCompare(b));
  }
}
