import type { AccountState, MarginReservation } from '../../../core/accounts/account';
import type {
  AccountEvent,
  FundingFee,
  LiquidationFee,
  SettledFill,
} from '../../../core/accounts/accountEvents';
import { jsonWithMoney } from '../../../core/numbers/money';
import type { Position } from '../../../core/position/position';

/**
 * Accounts ⇄ JSON. Money is written as decimal integer strings (units of 10^-8 USDT) and read back into bigint by
 * field: the reader knows which fields are money, it never guesses from a value.
 */
export function encodeAccountState(state: AccountState): string {
  return jsonWithMoney(state);
}

export function encodeAccountEvent(event: AccountEvent): string {
  if (event.type !== 'SymbolEventsSettled' || event.changes.fills === undefined) return jsonWithMoney(event);
  // A settlement's fills are the bulk of a busy account's item: written as tuples, not objects (about half
  // the bytes; bench/accountLedger.bench.ts).
  const fills = event.changes.fills.map(
    (f): FillTuple => [f.tradeId, f.orderId, f.realizedPnl.toString(), f.fee.toString(), f.time, f.seq],
  );
  return jsonWithMoney({ ...event, changes: { ...event.changes, fills } });
}

/** [tradeId, orderId, realizedPnl, fee, time, seq], money as decimal integer strings. */
type FillTuple = [number, number, string, string, number, number];

function decodeFill(raw: FillTuple | SettledFill): SettledFill {
  if (Array.isArray(raw)) {
    const [tradeId, orderId, realizedPnl, fee, time, seq] = raw;
    return { tradeId, orderId, realizedPnl: BigInt(realizedPnl), fee: BigInt(fee), time, seq };
  }
  return { ...raw, realizedPnl: BigInt(raw.realizedPnl), fee: BigInt(raw.fee) };
}

export function decodeAccountState(json: string): AccountState {
  const raw = JSON.parse(json);
  return {
    ...raw,
    walletBalance: BigInt(raw.walletBalance),
    // States written before the time was kept read as "never changed".
    updateTime: raw.updateTime ?? 0,
    reservations: mapValues(raw.reservations, (r: MarginReservation) => ({ ...r, amount: BigInt(r.amount) })),
    positions: mapValues(raw.positions, revivePosition),
  };
}

export function decodeAccountEvent(json: string): AccountEvent {
  const raw = JSON.parse(json);
  switch (raw.type) {
    case 'CollateralDeposited':
    case 'CollateralWithdrawn':
    case 'MarginReserved':
      return { ...raw, amount: BigInt(raw.amount) };
    case 'SymbolEventsSettled': {
      const c = raw.changes;
      return {
        ...raw,
        changes: {
          walletDelta: BigInt(c.walletDelta),
          realizedPnl: BigInt(c.realizedPnl),
          fees: BigInt(c.fees),
          position: c.position === null ? null : revivePosition(c.position),
          reservations: mapValues(c.reservations, (r: { amount: string; openLots: number } | null) =>
            r === null ? null : { amount: BigInt(r.amount), openLots: r.openLots },
          ),
          ...(c.fundingFees === undefined
            ? {}
            : { fundingFees: c.fundingFees.map((f: FundingFee) => ({ ...f, amount: BigInt(f.amount) })) }),
          ...(c.liquidationFees === undefined
            ? {}
            : {
                liquidationFees: c.liquidationFees.map((f: LiquidationFee) => ({
                  ...f,
                  amount: BigInt(f.amount),
                })),
              }),
          ...(c.fills === undefined ? {} : { fills: c.fills.map(decodeFill) }),
        },
      };
    }
    default:
      return raw;
  }
}

function revivePosition(p: Position): Position {
  return { size: p.size, entryNotional: BigInt(p.entryNotional), realizedPnl: BigInt(p.realizedPnl) };
}

function mapValues<T, U>(record: Record<string, T>, f: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}
