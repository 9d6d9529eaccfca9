import type { MatchingEngine } from '../../core/engine/matchingEngine';
import { formatScaled } from '../../core/numbers/decimal';
import { formatMoney } from '../../core/numbers/money';
import type { Side } from '../../core/orders/order';
import type { Instrument } from '../../core/symbol/instrument';
import { formatPrice, formatQuantity } from '../../core/symbol/units';
import type { AuditPorts } from '../ports/ports';
import { type LogMoment, symbolAt } from './symbolAt';

/** A symbol's order book and positions as they were, in the exchange's decimals (what `book-at` prints). */
export interface BookAt {
  readonly symbol: string;
  /** The last event the state includes, and its time (epoch ms; 0 before any event). */
  readonly seq: number;
  readonly time: number;
  readonly fromSnapshot: number | null;
  readonly eventsReplayed: number;
  /** The engine's state hash there: equal to what the matcher's engine hashed to after the same event. */
  readonly stateHash: string;
  readonly status: string | null;
  readonly markPrice: string | null;
  readonly indexPrice: string | null;
  readonly lastPrice: string | null;
  /** [price, quantity], best first. */
  readonly bids: [string, string][];
  readonly asks: [string, string][];
  /** Every resting order, best price first, in queue order within a price. */
  readonly orders: RestingOrderAt[];
  readonly positions: PositionAt[];
}

export interface RestingOrderAt {
  readonly orderId: number;
  readonly accountId: number;
  readonly clientOrderId: string;
  readonly side: Side;
  readonly price: string;
  readonly remaining: string;
  readonly executed: string;
  readonly reduceOnly: boolean;
}

export interface PositionAt {
  readonly accountId: number;
  readonly positionAmt: string;
  readonly entryNotional: string;
  readonly realizedPnl: string;
}

/** `book-at`: read only, from the log and snapshots (never a live engine); `depthLimit` levels a side. */
export async function bookAt(
  ports: Pick<AuditPorts, 'events' | 'snapshots'>,
  symbol: string,
  moment: LogMoment,
  depthLimit = Number.MAX_SAFE_INTEGER,
): Promise<BookAt> {
  const at = await symbolAt(ports, symbol, moment);
  return {
    ...describeBook(at.engine, depthLimit),
    fromSnapshot: at.fromSnapshot,
    eventsReplayed: at.eventsReplayed,
  };
}

export function describeBook(
  engine: MatchingEngine,
  depthLimit = Number.MAX_SAFE_INTEGER,
): Omit<BookAt, 'fromSnapshot' | 'eventsReplayed'> {
  const instrument = engine.instrument;
  const units8 = (value: number | undefined) => (value === undefined ? null : formatScaled(BigInt(value), 8));
  return {
    symbol: engine.symbol,
    seq: engine.seq,
    time: engine.lastEventTime,
    stateHash: engine.stateHash(),
    status: instrument?.spec.status ?? null,
    markPrice: units8(engine.markPrice),
    indexPrice: units8(engine.indexPrice),
    lastPrice:
      instrument && engine.lastPrice !== undefined ? formatPrice(instrument, engine.lastPrice) : null,
    bids: instrument ? levels(engine, instrument, 'BUY', depthLimit) : [],
    asks: instrument ? levels(engine, instrument, 'SELL', depthLimit) : [],
    orders: instrument ? restingOrders(engine, instrument) : [],
    positions: [...engine.positions()]
      .filter(([, p]) => p.size !== 0 || p.realizedPnl !== 0n)
      .sort(([a], [b]) => a - b)
      .map(([accountId, p]) => ({
        accountId,
        positionAmt: instrument ? signedQuantity(instrument, p.size) : String(p.size),
        entryNotional: formatMoney(p.entryNotional),
        realizedPnl: formatMoney(p.realizedPnl),
      })),
  };
}

function levels(
  engine: MatchingEngine,
  instrument: Instrument,
  side: Side,
  limit: number,
): [string, string][] {
  return engine
    .depth(side, limit)
    .map(([ticks, lots]) => [formatPrice(instrument, ticks), formatQuantity(instrument, lots)]);
}

function restingOrders(engine: MatchingEngine, instrument: Instrument): RestingOrderAt[] {
  return (['BUY', 'SELL'] as const).flatMap((side) =>
    engine.depth(side).flatMap(([ticks]) =>
      engine.queueAt(side, ticks).map((order) => ({
        orderId: order.orderId,
        accountId: order.accountId,
        clientOrderId: order.clientOrderId,
        side: order.side,
        price: formatPrice(instrument, order.price),
        remaining: formatQuantity(instrument, order.remaining),
        executed: formatQuantity(instrument, order.filled),
        reduceOnly: order.reduceOnly,
      })),
    ),
  );
}

function signedQuantity(instrument: Instrument, lots: number): string {
  return lots < 0 ? `-${formatQuantity(instrument, -lots)}` : formatQuantity(instrument, lots);
}
