import type { EventItem, EventLog } from '../ports/eventLog';
import { ForwardingEventLog } from './forwardingEventLog';

/** The newest items kept per symbol: enough for every caught-up shard; a shard further behind reads the log. */
const KEPT_ITEMS = 5_000;

/**
 * One read of each symbol's log per poll round, shared by the account shards of one risk service instance. Each
 * shard follows every symbol from its own cursor; without sharing, N caught-up shards would query the events table
 * N times per symbol per poll for the same few items. Here the first shard of a round to ask reads the log from its
 * cursor to the tip and the newest items are kept; the others of that round are served from them when their
 * cursor lies inside what is kept. A shard further behind (recovering from the start) reads the log itself.
 *
 * Served items are exactly the log's: what is kept is contiguous from its first item to the tip as of this round,
 * and a claim (an item without events yet) is read again by the next round's first reader, since no cursor passes
 * an item without events.
 */
export class SharedLogReads extends ForwardingEventLog {
  private readonly kept = new Map<string, { items: EventItem[]; round: number }>();
  private round = 0;

  constructor(
    log: EventLog,
    private readonly keptItems = KEPT_ITEMS,
  ) {
    super(log);
  }

  /** Starts a poll round: the next read of each symbol goes to the log again. */
  nextRound(): void {
    this.round++;
  }

  override async *itemsAfter(stream: string, afterSeq: number): AsyncIterable<EventItem> {
    const kept = this.kept.get(stream);
    if (kept !== undefined && kept.round === this.round && covers(kept.items, afterSeq)) {
      for (const item of kept.items) if (item.seq > afterSeq) yield item;
      return;
    }
    const read: EventItem[] = [];
    for await (const item of this.log.itemsAfter(stream, afterSeq)) {
      read.push(item);
      yield item;
    }
    // What was kept up to the read's start, then the read (it replaces anything kept after its start).
    const before =
      kept !== undefined && covers(kept.items, afterSeq) ? kept.items.filter((i) => i.seq <= afterSeq) : [];
    const items = [...before, ...read];
    this.kept.set(stream, { items: items.slice(-this.keptItems), round: this.round });
  }
}

/** Whether the kept items hold everything after `afterSeq` that they hold at all (no gap before them). */
function covers(items: readonly EventItem[], afterSeq: number): boolean {
  const first = items[0];
  return first !== undefined && afterSeq >= first.seq - 1;
}
