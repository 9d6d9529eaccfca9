import type { EngineEvent } from '../../core/engine/events';

/** Where the matcher was in the command stream: the shard and the last record whose effect is stored. */
export interface Checkpoint {
  readonly shardId: string;
  readonly sequenceNumber: string;
}

/** One item of a symbol's log: a commit batch of events, or a claim (no events yet). */
export interface EventItem {
  readonly stream: string;
  /** The sequence of the item's first event (the key). */
  readonly seq: number;
  /** The sequence of its last event; seq − 1 on a claim. */
  readonly last: number;
  readonly events: readonly EngineEvent[] | null;
  /** The item's link in the symbol's hash chain (application/ports/eventChain.ts); null on a claim, and on items
   * written before the chain existed. */
  readonly chain: string | null;
  /** Set when the item ends at a command boundary (always, except on the leading parts of one huge command). */
  readonly checkpoint: Checkpoint | null;
  readonly writer: string;
  readonly fence: number;
  readonly time: number;
}

/** Who writes: a matcher instance holding one shard's lease at one counter. Equal incarnations are one writer. */
export interface Writer {
  /** Instance id, shard and lease counter, e.g. "matcher-a1b2/shardId-000000000001/7". */
  readonly id: string;
  readonly fence: number;
}

export type ClaimResult = 'claimed' | 'taken';
export type AppendResult = 'written' | 'conflict';

export interface NewEventItem {
  readonly stream: string;
  readonly events: readonly EngineEvent[];
  readonly checkpoint: Checkpoint | null;
  /** The item's link in the hash chain, computed by the writer (it rides in the same write). */
  readonly chain?: string;
}

/**
 * The append-only log of every symbol: the single source of truth. Written only with conditions, so nothing is
 * ever overwritten and a writer that lost its shard cannot add to it.
 */
export interface EventLog {
  /** The sequence of the last committed event of a stream (0 if none). */
  lastSeq(stream: string): Promise<number>;
  /** The newest item of a stream that holds events (claims skipped), or undefined for an empty stream. */
  lastItem(stream: string): Promise<EventItem | undefined>;
  /** The items of a stream after `afterSeq`, in order, claims included. */
  itemsAfter(stream: string, afterSeq: number): AsyncIterable<EventItem>;
  /**
   * Claims the key `seq` of a stream for the writer, so that a previous owner of the shard cannot write there.
   * An unfilled claim of someone else is taken over (its claimant no longer holds the shard); a key that already
   * holds events is 'taken': the caller's view of the log is behind and it must read on.
   */
  claim(stream: string, seq: number, writer: Writer): Promise<ClaimResult>;
  /**
   * Appends events at `seq`: into the writer's own claim there (`intoClaim`), else as a new item. If the key holds
   * exactly these events, written by this writer or an earlier owner (a fence not above the writer's), a previous
   * incarnation already wrote them (the engine is deterministic) and the append counts as written. Anything else
   * is a conflict: another writer owns the log now, and the caller must stop.
   */
  append(seq: number, item: NewEventItem, writer: Writer, intoClaim: boolean): Promise<AppendResult>;
  /** Every stream with at least one event, sorted (rebuilds replay them all). */
  streams(): Promise<string[]>;
}

/** One committed item of one symbol, as the log's consumers (the projector, the fan-out) receive it. */
export interface SymbolBatch {
  readonly symbol: string;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly events: readonly EngineEvent[];
  /** The batch's link in the symbol's hash chain, when it has one (see EventItem.chain). */
  readonly chain?: string | null;
  /** The record's position in its delivery (a stream shard), reported back when the batch fails. */
  readonly recordId: string;
}
