import { floorDivNumber } from '../numbers/decimal';
import { type CompactMoney, compactMoney, type Money, moneyOf } from '../numbers/money';
import type { Side } from '../orders/order';

/**
 * An account's position in one symbol, one-way mode. The entry price is not stored: it is
 * entryNotional / |size|, and keeping the exact cost basis instead means no rounding ever accumulates.
 */
export interface Position {
  /** Signed size in lots: positive long, negative short. */
  readonly size: number;
  /** Cost basis of the open size in money units (always ≥ 0; 0 when flat). */
  readonly entryNotional: Money;
  /** Realized PnL accumulated in this symbol, fees excluded (as Binance reports realizedPnl). */
  readonly realizedPnl: Money;
}

export const FLAT: Position = Object.freeze({ size: 0, entryNotional: 0n, realizedPnl: 0n });

export interface PositionChange {
  readonly position: Position;
  /** PnL realized by this fill alone. */
  readonly realizedPnl: Money;
}

/**
 * Applies a fill of `lots` at a notional of `notional` (lots × price, in money) to a position.
 *
 * Increasing adds the notional to the cost basis. Reducing releases the closed share of the cost basis,
 * rounded toward zero, and realizes the difference to the fill's notional; a fill that closes the position
 * releases whatever basis is left, so over a position's life the realized PnL is exactly
 * Σ sell notional − Σ buy notional. Summed over all accounts that is zero, because every fill has a buyer and
 * a seller of the same notional. A fill larger than the position closes it and opens the rest the other way.
 */
export function applyFill(position: Position, side: Side, lots: number, notional: Money): PositionChange {
  const direction = side === 'BUY' ? 1 : -1;
  const size = position.size;
  if (size === 0 || Math.sign(size) === direction) {
    return {
      position: {
        size: size + direction * lots,
        entryNotional: position.entryNotional + notional,
        realizedPnl: position.realizedPnl,
      },
      realizedPnl: 0n,
    };
  }
  const open = Math.abs(size);
  const closing = Math.min(lots, open);
  const closingNotional = closing === lots ? notional : (notional * BigInt(closing)) / BigInt(lots);
  const releasedBasis =
    closing === open ? position.entryNotional : (position.entryNotional * BigInt(closing)) / BigInt(open);
  // A long is closed by selling (gain when the fill's notional exceeds the basis); a short by buying.
  const realized = size > 0 ? closingNotional - releasedBasis : releasedBasis - closingNotional;
  const opening = lots - closing;
  const nextSize = size + direction * lots;
  const entryNotional = opening > 0 ? notional - closingNotional : position.entryNotional - releasedBasis;
  return {
    position: { size: nextSize, entryNotional, realizedPnl: position.realizedPnl + realized },
    realizedPnl: realized,
  };
}

/**
 * A position as the matching engine keeps it and puts it on trade events: the same fields, money compact (see
 * CompactMoney). expandPosition and compactPosition convert; applyFillCompact is applyFill for it.
 */
export interface CompactPosition {
  readonly size: number;
  readonly entryNotional: CompactMoney;
  readonly realizedPnl: CompactMoney;
}

export const COMPACT_FLAT: CompactPosition = Object.freeze({ size: 0, entryNotional: 0, realizedPnl: 0 });

export function expandPosition(position: CompactPosition): Position {
  return {
    size: position.size,
    entryNotional: moneyOf(position.entryNotional),
    realizedPnl: moneyOf(position.realizedPnl),
  };
}

export function compactPosition(position: Position): CompactPosition {
  return {
    size: position.size,
    entryNotional: compactMoney(position.entryNotional),
    realizedPnl: compactMoney(position.realizedPnl),
  };
}

/**
 * applyFill on compact money, returning only the position: computed in doubles while every value, intermediate
 * products included, is a safe integer (so exactly), and by applyFill in bigint otherwise. The engine's hot path
 * (one fill of each side per trade, so it allocates nothing but the new position; the fill's own realized PnL is
 * realizedBetween(before, after)). The property tests hold it equal to applyFill.
 */
export function applyFillCompact(
  position: CompactPosition,
  side: Side,
  lots: number,
  notional: CompactMoney,
): CompactPosition {
  return fillPosition(position.size, position.entryNotional, position.realizedPnl, side, lots, notional);
}

/** applyFillCompact on a position given by its fields (the engine keeps positions as fields, not objects). */
export function fillPosition(
  size: number,
  basis: CompactMoney,
  realizedBefore: CompactMoney,
  side: Side,
  lots: number,
  notional: CompactMoney,
): CompactPosition {
  if (typeof notional !== 'number' || typeof basis !== 'number' || typeof realizedBefore !== 'number') {
    return applyFillExactly(size, basis, realizedBefore, side, lots, notional);
  }
  const direction = side === 'BUY' ? 1 : -1;
  if (size === 0 || Math.sign(size) === direction) {
    const increased = basis + notional;
    if (!Number.isSafeInteger(increased)) {
      return applyFillExactly(size, basis, realizedBefore, side, lots, notional);
    }
    return { size: size + direction * lots, entryNotional: increased, realizedPnl: realizedBefore };
  }
  const open = Math.abs(size);
  const closing = Math.min(lots, open);
  const closingProduct = notional * closing;
  const releasedProduct = basis * closing;
  if (!Number.isSafeInteger(closingProduct) || !Number.isSafeInteger(releasedProduct)) {
    return applyFillExactly(size, basis, realizedBefore, side, lots, notional);
  }
  const closingNotional = closing === lots ? notional : floorDivNumber(closingProduct, lots);
  const releasedBasis = closing === open ? basis : floorDivNumber(releasedProduct, open);
  const realized = size > 0 ? closingNotional - releasedBasis : releasedBasis - closingNotional;
  const realizedAfter = realizedBefore + realized;
  if (!Number.isSafeInteger(realizedAfter)) {
    return applyFillExactly(size, basis, realizedBefore, side, lots, notional);
  }
  return {
    size: size + direction * lots,
    entryNotional: lots > closing ? notional - closingNotional : basis - releasedBasis,
    realizedPnl: realizedAfter,
  };
}

function applyFillExactly(
  size: number,
  basis: CompactMoney,
  realizedBefore: CompactMoney,
  side: Side,
  lots: number,
  notional: CompactMoney,
): CompactPosition {
  const position: Position = { size, entryNotional: moneyOf(basis), realizedPnl: moneyOf(realizedBefore) };
  return compactPosition(applyFill(position, side, lots, moneyOf(notional)).position);
}

/**
 * The PnL realized between two states of a position, given their realized PnL: by one fill, when `to` is after
 * that fill and `from` before it (realized PnL only accumulates, so the difference is exactly the fill's).
 */
export function realizedBetween(from: CompactMoney, to: CompactMoney): CompactMoney {
  if (from === to) return 0;
  if (typeof from === 'number' && typeof to === 'number') {
    const realized = to - from;
    if (Number.isSafeInteger(realized)) return realized;
  }
  return compactMoney(moneyOf(to) - moneyOf(from));
}

/** How many lots an order on `side` may still trade without increasing or flipping the position. */
export function reducibleLots(position: { readonly size: number }, side: Side): number {
  const size = position.size;
  return side === 'SELL' ? Math.max(size, 0) : Math.max(-size, 0);
}
