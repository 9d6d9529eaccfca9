/** An account that has no number yet. */
export const NO_ACCOUNT = -1;

/**
 * Dense numbers for the accounts one symbol's engine has seen, 0, 1, 2, … in order of first appearance.
 *
 * Account ids are arbitrary integers, so per-account data keyed by them needs a hash map, and a map lookup per
 * maker met (its position, its list of orders) was a large share of the cost of a trade. Per-account data is
 * kept in arrays indexed by these numbers instead, and an order's record holds its account's number, so a trade
 * reaches the maker's account without hashing. Numbers are an index, not state: they are never snapshotted, and
 * a restored engine may number its accounts differently without any observable difference.
 */
export class AccountNumbers {
  private readonly numbers = new Map<number, number>();
  private readonly ids: number[] = [];

  /** The account's number, giving it the next one if it has none. */
  numberOf(accountId: number): number {
    let number = this.numbers.get(accountId);
    if (number === undefined) {
      number = this.ids.length;
      this.ids.push(accountId);
      this.numbers.set(accountId, number);
    }
    return number;
  }

  /** The account's number, or NO_ACCOUNT if it has none. */
  find(accountId: number): number {
    return this.numbers.get(accountId) ?? NO_ACCOUNT;
  }

  idOf(number: number): number {
    return this.ids[number]!;
  }

  /** How many accounts have a number: numbers run from 0 to count − 1. */
  get count(): number {
    return this.ids.length;
  }
}
