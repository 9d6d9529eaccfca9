import { type AccountNumbers, NO_ACCOUNT } from '../book/accountNumbers';
import { COMPACT_FLAT, type CompactPosition } from './position';

/**
 * Every account's position in one symbol, held in an array by account number (see AccountNumbers): a trade
 * reads and replaces both sides' positions, and by number that is an array access, not a hash lookup.
 * Accounts that never traded are flat; an account appears in `entries` once a position was set for it.
 */
export class AccountPositions {
  private readonly byNumber: (CompactPosition | undefined)[] = [];

  constructor(private readonly accounts: AccountNumbers) {}

  of(accountId: number): CompactPosition {
    const number = this.accounts.find(accountId);
    return number === NO_ACCOUNT ? COMPACT_FLAT : this.ofNumber(number);
  }

  ofNumber(accountNumber: number): CompactPosition {
    return this.byNumber[accountNumber] ?? COMPACT_FLAT;
  }

  set(accountId: number, position: CompactPosition): void {
    this.setNumber(this.accounts.numberOf(accountId), position);
  }

  setNumber(accountNumber: number, position: CompactPosition): void {
    const byNumber = this.byNumber;
    // Filled up to the number first, so the array never has holes (V8 keeps hole-free arrays faster).
    while (byNumber.length < accountNumber) byNumber.push(undefined);
    byNumber[accountNumber] = position;
  }

  /** [accountId, position] of every account a position was set for, in no particular order. */
  *entries(): IterableIterator<[number, CompactPosition]> {
    for (let number = 0; number < this.byNumber.length; number++) {
      const position = this.byNumber[number];
      if (position !== undefined) yield [this.accounts.idOf(number), position];
    }
  }
}
