import type { EngineEvent } from '../engine/events';
import { INSURANCE_FUND_ACCOUNT } from '../engine/state';
import { type Money, moneyOf } from '../numbers/money';
import { unrealizedPnlAt } from '../risk/positionValue';
import type { Instrument } from '../symbol/instrument';
import { priceUnitsOf, type ValuationPrice } from '../symbol/valuation';

/**
 * A symbol's insurance fund as readers see it (the engine's own is core/engine/insuranceFund.ts), money (10^-8
 * USDT) as decimal integer strings so it stores as JSON: its balance (liquidation fees and funding: what the
 * last Liquidated event carried, plus the fund's funding since), what the positions it took over realized, the
 * position it holds (lots, entry notional), and the time of the last event that changed any of them (0: none).
 */
export interface InsuranceFund {
  readonly balance: string;
  readonly realizedPnl: string;
  readonly positionSize: number;
  readonly entryNotional: string;
  readonly time: number;
}

export const EMPTY_INSURANCE_FUND: InsuranceFund = {
  balance: '0',
  realizedPnl: '0',
  positionSize: 0,
  entryNotional: '0',
  time: 0,
};

/** The fund after one event (the same fund when the event is not about it). */
export function evolveInsuranceFund(fund: InsuranceFund, event: EngineEvent): InsuranceFund {
  switch (event.type) {
    case 'Liquidated':
      return { ...fund, balance: String(moneyOf(event.insuranceBalance)), time: event.time };
    case 'FundingPaid': {
      // Payments go by ascending account id: the fund's (account 0), when it holds a position, is the first.
      const first = event.payments[0];
      if (first === undefined || first[0] !== INSURANCE_FUND_ACCOUNT) return fund;
      return { ...fund, balance: String(BigInt(fund.balance) + moneyOf(first[1])), time: event.time };
    }
    case 'PositionTransferred': {
      // Either side: a takeover (the fund is the counterparty), or its own position deleveraged (the liquidated).
      const side = [event.liquidated, event.counterparty].find((s) => s.accountId === INSURANCE_FUND_ACCOUNT);
      if (side === undefined) return fund;
      return {
        balance: fund.balance,
        realizedPnl: String(BigInt(fund.realizedPnl) + moneyOf(side.realizedPnl)),
        positionSize: side.position.size,
        entryNotional: String(moneyOf(side.position.entryNotional)),
        time: event.time,
      };
    }
    default:
      return fund;
  }
}

/**
 * The fund's margin balance: its balance, plus what its positions realized, plus the PnL of the position it holds
 * at `price` (the mark; without one the position counts at its entry). GET /fapi/v1/insuranceBalance.
 */
export function insuranceMarginBalance(
  fund: InsuranceFund,
  instrument: Instrument,
  price: ValuationPrice | undefined,
): Money {
  const cash = BigInt(fund.balance) + BigInt(fund.realizedPnl);
  if (price === undefined) return cash;
  const position = { size: fund.positionSize, entryNotional: BigInt(fund.entryNotional), realizedPnl: 0n };
  return cash + unrealizedPnlAt(instrument, position, priceUnitsOf(instrument, price));
}
