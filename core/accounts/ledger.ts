import { assertNever } from '../assertNever';
import type { Money } from '../numbers/money';
import type { AccountEvent, SettlementChanges } from './accountEvents';

/**
 * The account's ledger: every change of its wallet, one entry each, traced to its cause, read from the account's
 * own event stream (the events already carry it: no second write per fill). It serves the income history (GET
 * /fapi/v1/income, as Binance's income types) and the operator's ledger (admin `ledger`).
 *
 * Entries, in the order the wallet changed: a deposit or withdrawal is TRANSFER; each settled fill gives a
 * REALIZED_PNL entry (when its PnL is not zero, as Binance) and a COMMISSION entry (minus its fee, when not
 * zero); each funding payment a FUNDING_FEE entry. Settlements recorded before fills were kept give one
 * REALIZED_PNL and one COMMISSION entry for the batch, without a trade id.
 */
export type IncomeType = 'TRANSFER' | 'REALIZED_PNL' | 'COMMISSION' | 'FUNDING_FEE';

export const INCOME_TYPES: readonly IncomeType[] = ['TRANSFER', 'REALIZED_PNL', 'COMMISSION', 'FUNDING_FEE'];

/** What made a wallet change: a symbol event (its symbol and sequence) or an operator's transfer (its note). */
export type LedgerCause =
  | { readonly kind: 'symbolEvent'; readonly symbol: string; readonly seq: number }
  | { readonly kind: 'transfer'; readonly reference: string };

export interface LedgerEntry {
  /**
   * Unique per account: the account version that recorded the change × 100,000 + its place in that version (a
   * settlement of one batch holds far fewer than 100,000 changes of one account).
   */
  readonly tranId: number;
  readonly version: number;
  readonly incomeType: IncomeType;
  /** "" for transfers. */
  readonly symbol: string;
  /** The wallet change (negative: out). */
  readonly amount: Money;
  /** The wallet after it. */
  readonly balance: Money;
  readonly time: number;
  readonly tradeId: number | null;
  readonly cause: LedgerCause;
}

/** One stored version of the account: its event, and when the store appended it. */
export interface RecordedAccountEvent {
  readonly version: number;
  readonly event: AccountEvent;
  readonly time: number;
}

export const TRAN_IDS_PER_VERSION = 100_000;

/** The ledger of an account's history (oldest first), oldest entry first. */
export function ledgerOf(history: readonly RecordedAccountEvent[]): LedgerEntry[] {
  const entries: LedgerEntry[] = [];
  let balance: Money = 0n;
  for (const { version, event, time } of history) {
    let index = 0;
    const add = (entry: Omit<LedgerEntry, 'tranId' | 'version' | 'balance'>) => {
      balance += entry.amount;
      entries.push({ ...entry, tranId: version * TRAN_IDS_PER_VERSION + index++, version, balance });
    };
    switch (event.type) {
      case 'CollateralDeposited':
      case 'CollateralWithdrawn':
        add({
          incomeType: 'TRANSFER',
          symbol: '',
          amount: event.type === 'CollateralDeposited' ? event.amount : -event.amount,
          time: event.time ?? time,
          tradeId: null,
          cause: { kind: 'transfer', reference: event.reference },
        });
        break;
      case 'SymbolEventsSettled':
        for (const entry of settlementEntries(event.symbol, event.seq, event.changes, time)) add(entry);
        break;
      case 'AccountOpened':
      case 'LeverageSet':
      case 'MarginReserved':
        break;
      default:
        assertNever(event);
    }
  }
  return entries;
}

type Unnumbered = Omit<LedgerEntry, 'tranId' | 'version' | 'balance'>;

/** A settlement's wallet changes, in symbol sequence order; they add up to its walletDelta. */
function settlementEntries(
  symbol: string,
  lastSeq: number,
  changes: SettlementChanges,
  recordedAt: number,
): Unnumbered[] {
  const bySeq: { seq: number; entry: Unnumbered }[] = [];
  const cause = (seq: number): LedgerCause => ({ kind: 'symbolEvent', symbol, seq });
  if (changes.fills === undefined) {
    // Recorded before fills were kept: the batch's totals, at its last sequence.
    if (changes.realizedPnl !== 0n)
      bySeq.push({ seq: lastSeq, entry: pnl(symbol, changes.realizedPnl, recordedAt, null, cause(lastSeq)) });
    if (changes.fees !== 0n)
      bySeq.push({ seq: lastSeq, entry: commission(symbol, changes.fees, recordedAt, null, cause(lastSeq)) });
  } else {
    for (const fill of changes.fills) {
      if (fill.realizedPnl !== 0n)
        bySeq.push({
          seq: fill.seq,
          entry: pnl(symbol, fill.realizedPnl, fill.time, fill.tradeId, cause(fill.seq)),
        });
      if (fill.fee !== 0n)
        bySeq.push({
          seq: fill.seq,
          entry: commission(symbol, fill.fee, fill.time, fill.tradeId, cause(fill.seq)),
        });
    }
  }
  for (const fee of changes.fundingFees ?? [])
    bySeq.push({
      seq: fee.seq,
      // Binance dates a funding payment at its funding time.
      entry: {
        incomeType: 'FUNDING_FEE',
        symbol,
        amount: fee.amount,
        time: fee.fundingTime,
        tradeId: null,
        cause: cause(fee.seq),
      },
    });
  // Stable: a fill's PnL stays before its commission.
  return bySeq.sort((a, b) => a.seq - b.seq).map((e) => e.entry);
}

function pnl(
  symbol: string,
  amount: Money,
  time: number,
  tradeId: number | null,
  cause: LedgerCause,
): Unnumbered {
  return { incomeType: 'REALIZED_PNL', symbol, amount, time, tradeId, cause };
}

function commission(
  symbol: string,
  fee: Money,
  time: number,
  tradeId: number | null,
  cause: LedgerCause,
): Unnumbered {
  return { incomeType: 'COMMISSION', symbol, amount: -fee, time, tradeId, cause };
}
