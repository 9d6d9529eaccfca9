import type { Money } from '../numbers/money';
import type { Side } from '../orders/order';
import type { Position } from '../position/position';

/** What happens to an account. Money as bigint; the store's codec turns it into decimal strings and back. */
export type AccountEvent =
  | { readonly type: 'AccountOpened'; readonly accountId: number }
  /** `time`: when the operator moved it (absent on events recorded before it was kept). */
  | {
      readonly type: 'CollateralDeposited';
      readonly amount: Money;
      readonly reference: string;
      readonly time?: number;
    }
  | {
      readonly type: 'CollateralWithdrawn';
      readonly amount: Money;
      readonly reference: string;
      readonly time?: number;
    }
  | { readonly type: 'LeverageSet'; readonly symbol: string; readonly leverage: number }
  | {
      readonly type: 'MarginReserved';
      readonly orderId: number;
      readonly symbol: string;
      readonly amount: Money;
      readonly openLots: number;
      readonly side?: Side;
    }
  /** A batch of one symbol's events settled into the account (fills, releases), up to `seq`. */
  | {
      readonly type: 'SymbolEventsSettled';
      readonly symbol: string;
      readonly seq: number;
      readonly changes: SettlementChanges;
    };

export interface SettlementChanges {
  /** Σ realized PnL − Σ fees of the settled fills + Σ funding payments. */
  readonly walletDelta: Money;
  readonly realizedPnl: Money;
  readonly fees: Money;
  /** The position after the last settled fill, if any fill was settled. */
  readonly position: Position | null;
  /** Reservations after settlement, for the orders it touched; null = released entirely. */
  readonly reservations: Readonly<Record<string, ReservationChange | null>>;
  /** Funding payments settled, oldest first (absent when none): income FUNDING_FEE, ACCOUNT_UPDATE FUNDING_FEE. */
  readonly fundingFees?: readonly FundingFee[];
  /**
   * The account's fills settled, oldest first (absent when none; and on batches settled before fills were kept,
   * whose ledger shows only the batch's totals): income REALIZED_PNL and COMMISSION, one per fill, as Binance.
   */
  readonly fills?: readonly SettledFill[];
}

/** One fill of the account, as its ledger records it: the trade, and what it did to the wallet. */
export interface SettledFill {
  readonly tradeId: number;
  readonly orderId: number;
  readonly realizedPnl: Money;
  /** Commission charged (negative: rebate). */
  readonly fee: Money;
  /** Time and symbol sequence of the Trade event. */
  readonly time: number;
  readonly seq: number;
}

/** One funding payment of the account: the wallet change (negative: paid), as income history shows it. */
export interface FundingFee {
  readonly amount: Money;
  readonly fundingTime: number;
  /** Time and symbol sequence of the FundingPaid event. */
  readonly time: number;
  readonly seq: number;
}

export interface ReservationChange {
  readonly amount: Money;
  readonly openLots: number;
}
