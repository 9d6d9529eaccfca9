import type { DepthSnapshot, DepthUpdate, Level } from '../api/wire';
import { cmp, type Decimal, dec, isZero, normalize, toPlain } from './decimal';

/**
 * Binance USDⓈ-M's "how to manage a local order book correctly", as a state machine the page drives:
 *
 * 1. subscribe to the diff stream and buffer its events (`buffering`);
 * 2. fetch the REST depth snapshot and hand it over (`onSnapshot`): events with u < lastUpdateId are dropped,
 *    the first applied must have U ≤ lastUpdateId ≤ u;
 * 3. from then on (`synced`) each event's pu must equal the previous event's u; quantities are absolute and a
 *    zero quantity removes the level.
 *
 * Anything else is a gap: the book answers `resync`, forgets its levels and buffers again, and the page fetches a
 * new snapshot. A book that is not synced has no levels to show, so the page can never draw a stale one.
 */
export type BookStatus = 'buffering' | 'synced';

export type BookOutcome = { readonly kind: 'ok' } | { readonly kind: 'resync'; readonly reason: string };

export interface BookLevel {
  readonly price: Decimal;
  /** The price as the API wrote it. */
  readonly priceText: string;
  readonly qty: Decimal;
  readonly qtyText: string;
}

/** Events kept while waiting for a snapshot; a snapshot that takes longer than this many is too old anyway. */
export const MAX_BUFFERED = 10_000;

const OK: BookOutcome = { kind: 'ok' };

export class LocalOrderBook {
  private readonly bids = new Map<string, BookLevel>();
  private readonly asks = new Map<string, BookLevel>();
  private buffer: DepthUpdate[] = [];
  private snapshotId = 0;
  /** u of the last event applied; undefined right after the snapshot, before the first event. */
  private lastU: number | undefined;
  private state: BookStatus = 'buffering';

  get status(): BookStatus {
    return this.state;
  }

  /** The update id the book stands at (the last event's u, or the snapshot's id). */
  get updateId(): number {
    return this.lastU ?? this.snapshotId;
  }

  /** Back to step 1: no levels, events buffered until the next snapshot. */
  reset(): void {
    this.bids.clear();
    this.asks.clear();
    this.buffer = [];
    this.lastU = undefined;
    this.snapshotId = 0;
    this.state = 'buffering';
  }

  onDiff(update: DepthUpdate): BookOutcome {
    if (this.state === 'buffering') {
      if (this.buffer.length >= MAX_BUFFERED)
        return this.resync('too many events while waiting for a snapshot');
      this.buffer.push(update);
      return OK;
    }
    if (this.lastU === undefined) {
      if (update.u < this.snapshotId) return OK;
      if (!(update.U <= this.snapshotId && this.snapshotId <= update.u))
        return this.resync(
          `first event U=${update.U} u=${update.u} does not cover lastUpdateId=${this.snapshotId}`,
        );
    } else if (update.pu !== this.lastU) {
      return this.resync(`gap: pu=${update.pu} after u=${this.lastU}`);
    }
    apply(this.bids, update.b);
    apply(this.asks, update.a);
    this.lastU = update.u;
    return OK;
  }

  /** Step 2. A snapshot that arrives while synced (an answer to an older request) is ignored. */
  onSnapshot(snapshot: DepthSnapshot): BookOutcome {
    if (this.state !== 'buffering') return OK;
    this.bids.clear();
    this.asks.clear();
    apply(this.bids, snapshot.bids);
    apply(this.asks, snapshot.asks);
    this.snapshotId = snapshot.lastUpdateId;
    this.lastU = undefined;
    this.state = 'synced';
    const buffered = this.buffer;
    this.buffer = [];
    for (const update of buffered) {
      const outcome = this.onDiff(update);
      if (outcome.kind === 'resync') return outcome;
    }
    return OK;
  }

  /** The best `depth` levels of a side, best first; nothing unless synced. */
  levels(side: 'bids' | 'asks', depth: number): BookLevel[] {
    if (this.state !== 'synced') return [];
    const levels = [...(side === 'bids' ? this.bids : this.asks).values()];
    levels.sort(side === 'bids' ? (x, y) => cmp(y.price, x.price) : (x, y) => cmp(x.price, y.price));
    return levels.slice(0, depth);
  }

  private resync(reason: string): BookOutcome {
    this.reset();
    return { kind: 'resync', reason };
  }
}

function apply(side: Map<string, BookLevel>, levels: readonly Level[]): void {
  for (const [priceText, qtyText] of levels) {
    const price = dec(priceText);
    const qty = dec(qtyText);
    // Keyed by the value, not the text: "64000.1" and "64000.10" are one level.
    const key = toPlain(normalize(price));
    if (isZero(qty)) side.delete(key);
    else side.set(key, { price, priceText, qty, qtyText });
  }
}
