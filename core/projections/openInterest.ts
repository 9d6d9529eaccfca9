import type { EngineEvent } from '../engine/events';

/**
 * What an event does to a symbol's open interest: the sum of its long positions in lots (equal to the sum of its
 * shorts), as GET /fapi/v1/openInterest reports it. Only fills and liquidation transfers move positions; each side
 * carries its position after, so the change of its long part needs nothing else: the position before is the one
 * after less the side's own signed quantity. One account on both sides of a trade (the maker's position is after
 * the maker's side, the taker's after both) changes nothing, as it must.
 */
export function openInterestChange(event: EngineEvent): number {
  switch (event.type) {
    case 'Trade': {
      const taker = event.takerSide === 'BUY' ? event.quantity : -event.quantity;
      return longChange(event.maker.position.size, -taker) + longChange(event.taker.position.size, taker);
    }
    case 'PositionTransferred': {
      // `side` is the liquidated account's: SELL closes its long; the counterparty takes the other side.
      const liquidated = event.side === 'BUY' ? event.quantity : -event.quantity;
      return (
        longChange(event.liquidated.position.size, liquidated) +
        longChange(event.counterparty.position.size, -liquidated)
      );
    }
    default:
      return 0;
  }
}

/** How much a position's long part grew when `signed` lots left it at `after`. */
function longChange(after: number, signed: number): number {
  return Math.max(after, 0) - Math.max(after - signed, 0);
}
