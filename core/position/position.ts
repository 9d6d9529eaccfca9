import { floorDivNumber } from '../numbers/decimal';
import type { Money } from '../numbers/money';
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
 * applyFill for a notional given as a safe integer: the same result, computed in doubles while every value is
 * a safe integer (so exactly), and by applyFill in bigint otherwise. It spares the engine's hot path most
 * bigint arithmetic and allocation; the property tests hold the two equal.
 */
export function applyFillSafe(
  position: Position,
  side: Side,
  lots: number,
  notional: number,
): PositionChange {
  const entry = position.entryNotional;
  if (entry > MAX_SAFE) return applyFill(position, side, lots, BigInt(notional));
  const basis = Number(entry);
  const direction = side === 'BUY' ? 1 : -1;
  const size = position.size;
  if (size === 0 || Math.sign(size) === direction) {
    const increased = basis + notional;
    if (!Number.isSafeInteger(increased)) return applyFill(position, side, lots, BigInt(notional));
    return {
      position: {
        size: size + direction * lots,
        entryNotional: BigInt(increased),
        realizedPnl: position.realizedPnl,
      },
      realizedPnl: 0n,
    };
  }
  const open = Math.abs(size);
  const closing = Math.min(lots, open);
  const closingProduct = notional * closing;
  const releasedProduct = basis * closing;
  if (!Number.isSafeInteger(closingProduct) || !Number.isSafeInteger(releasedProduct)) {
    return applyFill(position, side, lots, BigInt(notional));
  }
  const closingNotional = closing === lots ? notional : floorDivNumber(closingProduct, lots);
  const releasedBasis = closing === open ? basis : floorDivNumber(releasedProduct, open);
  const realized = size > 0 ? closingNotional - releasedBasis : releasedBasis - closingNotional;
  const realizedPnl = realized === 0 ? 0n : BigInt(realized);
  const entryNotional = lots > closing ? notional - closingNotional : basis - releasedBasis;
  return {
    position: {
      size: size + direction * lots,
      entryNotional: BigInt(entryNotional),
      realizedPnl: realized === 0 ? position.realizedPnl : position.realizedPnl + realizedPnl,
    },
    realizedPnl,
  };
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** How many lots an order on `side` may still trade without increasing or flipping the position. */
export function reducibleLots(position: Position, side: Side): number {
  const size = position.size;
  return side === 'SELL' ? Math.max(size, 0) : Math.max(-size, 0);
}
