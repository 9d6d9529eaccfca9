import { assertNever } from '../assertNever';
import type { EngineEvent } from '../engine/events';
import { opposite, type Side } from '../orders/order';

/** A price level's new aggregated quantity (0 = the level is gone): one entry of a Binance depth update. */
export interface LevelChange {
  readonly side: Side;
  readonly price: number;
  readonly quantity: number;
}

/**
 * The depth update carried by a run of events, without the book: each event that touches a level carries the
 * level's new quantity, so the last one per (side, price) wins. Returned bids then asks, in first-touch order.
 */
export function depthChanges(events: readonly EngineEvent[]): LevelChange[] {
  const latest = new Map<string, LevelChange>();
  const touch = (side: Side, price: number, quantity: number) => {
    const key = `${side}:${price}`;
    latest.delete(key);
    latest.set(key, { side, price, quantity });
  };
  for (const event of events) {
    switch (event.type) {
      case 'OrderRested':
        touch(event.side, event.price, event.levelQuantity);
        break;
      case 'Trade':
        touch(opposite(event.takerSide), event.price, event.makerLevelQuantity);
        break;
      case 'OrderCanceled':
        touch(event.side, event.price, event.levelQuantity);
        break;
      case 'OrderExpired':
        if (event.levelQuantity !== null) touch(event.side, event.price, event.levelQuantity);
        break;
      case 'OrderAmended':
        touch(event.side, event.oldPrice, event.oldLevelQuantity);
        if (event.levelQuantity !== null) touch(event.side, event.price, event.levelQuantity);
        break;
      case 'SymbolListed':
      case 'SymbolUpdated':
      case 'OrderAccepted':
      case 'OrderRejected':
      case 'AllOrdersCanceled':
      case 'CommandRejected':
      case 'MarkPriceUpdated':
      case 'FundingSettled':
      case 'FundingPaid':
      case 'AlgoOrderPlaced':
      case 'AlgoOrderTriggered':
      case 'AlgoOrderCanceled':
      case 'AlgoOrderExpired':
        break;
      default:
        assertNever(event);
    }
  }
  const changes = [...latest.values()];
  return [...changes.filter((c) => c.side === 'BUY'), ...changes.filter((c) => c.side === 'SELL')];
}
