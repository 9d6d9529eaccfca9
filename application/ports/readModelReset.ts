/**
 * The read models a rebuild may drop and replay. `accounts` is not one: an account's stream also holds deposits,
 * withdrawals, leverage and margin reservations that no symbol event carries, so it cannot be dropped; its
 * settlement is idempotent per symbol sequence instead.
 */
export const REBUILDABLE_MODELS = [
  'symbols',
  'orders',
  'userTrades',
  'marketTrades',
  'aggTrades',
  'klines',
  'depth',
  'tickers',
  'priceKlines',
  'fundingRates',
] as const;
export type RebuildableModel = (typeof REBUILDABLE_MODELS)[number];

export function isRebuildable(name: string): name is RebuildableModel {
  return (REBUILDABLE_MODELS as readonly string[]).includes(name);
}

/** Drops a read model's items: all, or one symbol's. */
export interface ReadModelReset {
  /** Returns how many items went. */
  drop(model: RebuildableModel, symbol?: string): Promise<number>;
}
