import type { LedgerEntry } from '../core/accounts/ledger';
import { formatMoney } from '../core/numbers/money';

/**
 * The operator's ledger as CSV (RFC 4180): one row per wallet change, with its cause — the symbol event
 * (`symbol`, `seq`) or the transfer's reference — and the balance after it, so every balance can be traced.
 */
export const LEDGER_CSV_HEADER =
  'tranId,version,time,timeUtc,incomeType,symbol,amount,balance,tradeId,causeSymbol,causeSeq,reference';

export function ledgerCsv(entries: readonly LedgerEntry[]): string {
  const rows = entries.map((e) =>
    [
      e.tranId,
      e.version,
      e.time,
      new Date(e.time).toISOString(),
      e.incomeType,
      e.symbol,
      formatMoney(e.amount),
      formatMoney(e.balance),
      e.tradeId ?? '',
      e.cause.kind === 'symbolEvent' ? e.cause.symbol : '',
      e.cause.kind === 'symbolEvent' ? e.cause.seq : '',
      e.cause.kind === 'transfer' ? e.cause.reference : '',
    ]
      .map((field) => csvField(String(field)))
      .join(','),
  );
  return `${[LEDGER_CSV_HEADER, ...rows].join('\n')}\n`;
}

/** Quoted when it holds a comma, a quote or a line break; quotes doubled. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
