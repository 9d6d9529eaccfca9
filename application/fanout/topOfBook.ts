import type { EngineEvent } from '../../core/engine/events';
import { depthChanges } from '../../core/marketData/depthChanges';
import type { DepthBook } from '../ports/marketData';
import type { SymbolRun } from './symbolRuns';

/** The best levels of each side as of `updateId` (at or past the run's last event): [ticks, lots]. */
export interface TopOfBook {
  readonly updateId: number;
  readonly time: number;
  readonly bids: readonly [number, number][];
  readonly asks: readonly [number, number][];
}

const WAIT_STEPS_MS = [0, 20, 40, 80, 160];

/**
 * The top `levels` of the book after the run, for partial depth and book tickers. The depth read model is read
 * as of its own lastUpdateId s: at or past the run's end it is used as is (a newer book is still a true book);
 * within the run, the run's level changes after s are laid over it. Deleted levels can bring up levels from
 * below the ones read, so each side is read deeper by the number of deletions laid over it. While the read model
 * is still before the run (the projector lags), it is waited for briefly; undefined if it stays behind.
 */
export async function topOfBook(
  depth: DepthBook,
  run: SymbolRun,
  levels: number,
): Promise<TopOfBook | undefined> {
  const deletions = depthChanges(run.events).filter((c) => c.quantity === 0).length;
  for (const wait of WAIT_STEPS_MS) {
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const book = await depth.read(run.symbol, levels + deletions);
    if (book.lastUpdateId >= run.lastSeq) {
      const { lastUpdateId: updateId, time } = book;
      return { updateId, time, bids: book.bids.slice(0, levels), asks: book.asks.slice(0, levels) };
    }
    if (book.lastUpdateId >= run.firstSeq - 1) {
      const newer = run.events.filter((e) => e.seq > book.lastUpdateId);
      return overlay(book, newer, levels, run.lastSeq);
    }
  }
  return undefined;
}

function overlay(
  book: { bids: [number, number][]; asks: [number, number][] },
  events: readonly EngineEvent[],
  levels: number,
  updateId: number,
): TopOfBook {
  const bids = new Map(book.bids);
  const asks = new Map(book.asks);
  for (const change of depthChanges(events)) {
    const side = change.side === 'BUY' ? bids : asks;
    if (change.quantity === 0) side.delete(change.price);
    else side.set(change.price, change.quantity);
  }
  const best = (side: Map<number, number>, descending: boolean) =>
    [...side].sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0])).slice(0, levels);
  return {
    updateId,
    time: events[events.length - 1]?.time ?? 0,
    bids: best(bids, true),
    asks: best(asks, false),
  };
}
