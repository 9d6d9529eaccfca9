import type { Side } from '../../../../core/orders/order';
import type { Position } from '../../../../core/position/position';

/**
 * The one-way position rule of docs/matching-semantics.md, written from the page: a fill on the position's
 * side (or from flat) adds its notional to the basis; a fill against it releases basis × closed / open
 * (toward zero; all of it when the position closes) and realizes closing notional − released basis for a long,
 * released − closing for a short; the part of a fill beyond the position opens the other way with the rest of
 * the fill's notional.
 */
export function referenceFill(
  position: Position,
  side: Side,
  lots: number,
  notional: bigint,
): { position: Position; realizedPnl: bigint } {
  const signed = side === 'BUY' ? lots : -lots;
  const open = Math.abs(position.size);
  const increases = position.size === 0 || Math.sign(position.size) === Math.sign(signed);
  if (increases) {
    return {
      position: {
        size: position.size + signed,
        entryNotional: position.entryNotional + notional,
        realizedPnl: position.realizedPnl,
      },
      realizedPnl: 0n,
    };
  }
  const closed = Math.min(lots, open);
  const opened = lots - closed;
  // The closing share of the fill's notional; the opening share is what is left of it.
  const closingNotional = opened === 0 ? notional : (notional * BigInt(closed)) / BigInt(lots);
  const released =
    closed === open ? position.entryNotional : (position.entryNotional * BigInt(closed)) / BigInt(open);
  const realized = position.size > 0 ? closingNotional - released : released - closingNotional;
  return {
    position: {
      size: position.size + signed,
      entryNotional: opened > 0 ? notional - closingNotional : position.entryNotional - released,
      realizedPnl: position.realizedPnl + realized,
    },
    realizedPnl: realized,
  };
}
