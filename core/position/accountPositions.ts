import { type AccountNumbers, NO_ACCOUNT } from '../book/accountNumbers';
import type { CompactMoney } from '../numbers/money';
import type { Side } from '../orders/order';
import { COMPACT_FLAT, type CompactPosition, fillPosition } from './position';

/** Per account number: size, entry notional, realized PnL, and whether a position was ever set (1) or not (0). */
const FIELDS = 4;
const SIZE = 0;
const ENTRY_NOTIONAL = 1;
const REALIZED_PNL = 2;
const SET = 3;

/**
 * Every account's position in one symbol, by account number (see AccountNumbers), as numbers in one typed
 * array: a trade reads both sides' positions, and 32 bytes per account in one array stay in the core's cache
 * where a position object per account (each replaced by every trade) did not. A position whose money is not a
 * safe integer is kept whole beside the array (its money fields there are NaN); that takes ±90 million USDT.
 * Accounts that never traded are flat; an account appears in `entries` once a position was set for it.
 */
export class AccountPositions {
  private fields = new Float64Array(FIELDS * 64);
  /** Positions with a bigint amount, by account number. */
  private readonly large = new Map<number, CompactPosition>();

  constructor(private readonly accounts: AccountNumbers) {}

  of(accountId: number): CompactPosition {
    const number = this.accounts.find(accountId);
    return number === NO_ACCOUNT ? COMPACT_FLAT : this.ofNumber(number);
  }

  ofNumber(accountNumber: number): CompactPosition {
    const at = accountNumber * FIELDS;
    if (at >= this.fields.length || this.fields[at + SET] === 0) return COMPACT_FLAT;
    return {
      size: this.fields[at + SIZE]!,
      entryNotional: this.entryNotionalOf(accountNumber),
      realizedPnl: this.realizedPnlOf(accountNumber),
    };
  }

  /** The position after a fill, without changing the table (evolve records it from the Trade event). */
  afterFill(accountNumber: number, side: Side, lots: number, notional: CompactMoney): CompactPosition {
    const at = accountNumber * FIELDS;
    if (at >= this.fields.length) return fillPosition(0, 0, 0, side, lots, notional);
    return fillPosition(
      this.fields[at + SIZE]!,
      this.entryNotionalOf(accountNumber),
      this.realizedPnlOf(accountNumber),
      side,
      lots,
      notional,
    );
  }

  realizedPnlOf(accountNumber: number): CompactMoney {
    const at = accountNumber * FIELDS;
    if (at >= this.fields.length) return 0;
    const value = this.fields[at + REALIZED_PNL]!;
    return Number.isNaN(value) ? this.large.get(accountNumber)!.realizedPnl : value;
  }

  private entryNotionalOf(accountNumber: number): CompactMoney {
    const value = this.fields[accountNumber * FIELDS + ENTRY_NOTIONAL]!;
    return Number.isNaN(value) ? this.large.get(accountNumber)!.entryNotional : value;
  }

  set(accountId: number, position: CompactPosition): void {
    this.setNumber(this.accounts.numberOf(accountId), position);
  }

  setNumber(accountNumber: number, position: CompactPosition): void {
    const at = accountNumber * FIELDS;
    while (at >= this.fields.length) this.grow();
    const fields = this.fields;
    fields[at + SIZE] = position.size;
    fields[at + SET] = 1;
    const entryNotional = position.entryNotional;
    const realizedPnl = position.realizedPnl;
    if (typeof entryNotional === 'number' && typeof realizedPnl === 'number') {
      fields[at + ENTRY_NOTIONAL] = entryNotional;
      fields[at + REALIZED_PNL] = realizedPnl;
      if (this.large.size !== 0) this.large.delete(accountNumber);
    } else {
      fields[at + ENTRY_NOTIONAL] = Number.NaN;
      fields[at + REALIZED_PNL] = Number.NaN;
      this.large.set(accountNumber, position);
    }
  }

  /** [accountId, position] of every account a position was set for, in no particular order. */
  *entries(): IterableIterator<[number, CompactPosition]> {
    for (let number = 0; number * FIELDS < this.fields.length; number++) {
      if (this.fields[number * FIELDS + SET] === 1) yield [this.accounts.idOf(number), this.ofNumber(number)];
    }
  }

  private grow(): void {
    const grown = new Float64Array(this.fields.length * 2);
    grown.set(this.fields);
    this.fields = grown;
  }
}
