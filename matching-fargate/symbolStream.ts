import type { DynamoSnapshotStore } from '../adapters/aws/eventStore/snapshotStore';
import { packSymbolSnapshot, unpackSymbolSnapshot } from '../adapters/aws/eventStore/symbolSnapshot';
import { BrokenChain, chainLink, GENESIS } from '../application/ports/eventChain';
import type { Checkpoint, EventItem, EventLog, Writer } from '../application/ports/eventLog';
import type { EngineCommand } from '../core/engine/commands';
import type { EngineEvent } from '../core/engine/events';
import { MatchingEngine } from '../core/engine/matchingEngine';
import { type CommandOutcome, planItems } from './itemPacking';
import { RecentCommands } from './recentCommands';

/** Another writer owns this symbol's log now: stop, and recover from the store before writing again. */
export class Fenced extends Error {}

export interface Stores {
  readonly events: EventLog;
  /** The matcher's snapshots (DynamoSnapshotStore on AWS): only an optimisation of replay. */
  readonly snapshots: Pick<DynamoSnapshotStore, 'newest' | 'write' | 'prune'>;
}

export type Executed =
  | { readonly kind: 'applied'; readonly events: readonly EngineEvent[] }
  | { readonly kind: 'duplicate' };

/**
 * One symbol as its matcher sees it: the engine, its position in the event log and the command stream, and the
 * outcomes decided but not yet committed. Built only by recover(), so it always starts from the store.
 */
export class SymbolStream {
  private pending: CommandOutcome[] = [];
  private pendingEvents = 0;

  private constructor(
    readonly symbol: string,
    readonly engine: MatchingEngine,
    private readonly recent: RecentCommands,
    /** The last command whose effect is committed, as far as this symbol is concerned. */
    private committedCheckpoint: Checkpoint | null,
    /** Sequence of the last committed event. */
    private committedSeq: number,
    /** The key this writer has claimed (the next key), or null. */
    private claimedSeq: number | null,
    private readonly writer: Writer,
    private readonly stores: Stores,
    private lastSnapshotSeq: number,
    /** The hash chain's link of the item that ends at committedSeq: the `prev` of the next item. */
    private chainHead: string,
  ) {}

  /**
   * Rebuilds the symbol from the store: the newest snapshot, then every committed item after it, then a claim on
   * the next key so that whoever held this symbol before can no longer append. If someone appends between our
   * read and our claim, we read on and claim again.
   */
  static async recover(
    symbol: string,
    stores: Stores,
    writer: Writer,
    /** Asked right before each claim: a claim is a write, and a writer that lost its lease must not make it. */
    mayClaim: () => boolean | Promise<boolean> = () => true,
  ): Promise<SymbolStream> {
    const stored = await stores.snapshots.newest(symbol);
    const snapshot = stored === undefined ? undefined : unpackSymbolSnapshot(stored);
    const engine =
      snapshot === undefined ? MatchingEngine.create(symbol) : MatchingEngine.restore(snapshot.engine);
    const recent = new RecentCommands(snapshot?.recentCommandIds ?? []);
    let checkpoint = snapshot?.checkpoint ?? null;
    let seq = snapshot?.seq ?? 0;
    // A snapshot from before the chain existed does not know the link at its sequence: the first item after it
    // is then taken as it is stored (every later link is still checked against it).
    let chain: string | null = snapshot === undefined ? GENESIS : snapshot.chain;
    for (;;) {
      const tail = await replay(stores.events, symbol, seq, chain, engine, recent);
      seq = tail.seq;
      chain = tail.chain;
      checkpoint = tail.checkpoint ?? checkpoint;
      // The rest of one huge command was never written: its record will be decided again, to the same events,
      // and the parts already stored will be recognised as written. There is no free key to claim.
      if (tail.unfinishedCommandAt !== null) {
        return new SymbolStream(
          symbol,
          engine,
          recent,
          checkpoint,
          seq,
          null,
          writer,
          stores,
          snapshot?.seq ?? 0,
          chain ?? GENESIS,
        );
      }
      // A process paused during the replay above may wake up after another matcher took the shard over: its claim
      // would take over the new owner's claim, or land after the new owner's items, and fence the new owner.
      if (!(await mayClaim()))
        throw new Fenced(`${symbol}: the lease was lost before the claim at ${seq + 1}`);
      if ((await stores.events.claim(symbol, seq + 1, writer)) === 'claimed') {
        return new SymbolStream(
          symbol,
          engine,
          recent,
          checkpoint,
          seq,
          seq + 1,
          writer,
          stores,
          snapshot?.seq ?? 0,
          chain ?? GENESIS,
        );
      }
    }
  }

  /** True if the store already holds the effect of this record (a re-read after a crash or a takeover). */
  reflects(checkpoint: Checkpoint): boolean {
    const committed = this.committedCheckpoint;
    return (
      committed !== null &&
      committed.shardId === checkpoint.shardId &&
      BigInt(checkpoint.sequenceNumber) <= BigInt(committed.sequenceNumber)
    );
  }

  execute(command: EngineCommand, checkpoint: Checkpoint): Executed {
    if (this.recent.has(command.commandId)) return { kind: 'duplicate' };
    const events = this.engine.execute(command);
    this.recent.add(command.commandId);
    if (events.length > 0) {
      this.pending.push({ events, checkpoint });
      this.pendingEvents += events.length;
    }
    return { kind: 'applied', events };
  }

  get uncommittedEvents(): number {
    return this.pendingEvents;
  }

  /** Writes the uncommitted outcomes as items; throws Fenced if another writer got there first. */
  async commit(): Promise<{ items: number; events: number }> {
    if (this.pending.length === 0) return { items: 0, events: 0 };
    const planned = planItems(this.pending);
    for (const item of planned) {
      const seq = this.committedSeq + 1;
      const chain = chainLink(this.chainHead, {
        seq,
        last: seq + item.events.length - 1,
        events: item.events,
      });
      const result = await this.stores.events.append(
        seq,
        { stream: this.symbol, events: item.events, checkpoint: item.checkpoint, chain },
        this.writer,
        this.claimedSeq === seq,
      );
      if (result === 'conflict')
        throw new Fenced(`${this.symbol}: event ${seq} was written by another matcher`);
      this.chainHead = chain;
      this.committedSeq += item.events.length;
      if (item.checkpoint !== null) this.committedCheckpoint = item.checkpoint;
    }
    this.claimedSeq = null;
    const events = this.pendingEvents;
    this.pending = [];
    this.pendingEvents = 0;
    return { items: planned.length, events };
  }

  /** Events committed since the last snapshot this stream knows of. */
  get eventsSinceSnapshot(): number {
    return this.committedSeq - this.lastSnapshotSeq;
  }

  /**
   * Takes a snapshot of the committed state (only between commits, when nothing is pending) and stores it,
   * keeping the newest `keep`. The engine is copied synchronously; the writes happen while consumption goes on.
   */
  snapshot(keep: number): Promise<void> | undefined {
    if (this.pending.length > 0 || this.committedSeq === this.lastSnapshotSeq) return undefined;
    const packed = packSymbolSnapshot({
      seq: this.committedSeq,
      engine: this.engine.encodedSnapshot(),
      checkpoint: this.committedCheckpoint,
      recentCommandIds: this.recent.toArray(),
      chain: this.chainHead,
    });
    this.lastSnapshotSeq = this.committedSeq;
    return (async () => {
      await this.stores.snapshots.write(this.symbol, packed);
      await this.stores.snapshots.prune(this.symbol, keep);
    })();
  }
}

type ChainedEventItem = EventItem & { readonly events: readonly EngineEvent[] };

interface ReplayTail {
  readonly seq: number;
  /** The chain's link at `seq` (null only if nothing was read after a snapshot that does not know its link). */
  readonly chain: string | null;
  readonly checkpoint: Checkpoint | null;
  /** Set when the log ends inside one command's events (its last part is missing). */
  readonly unfinishedCommandAt: number | null;
}

/**
 * Applies the committed items after `afterSeq` to the engine. Items must follow each other without a gap; the
 * parts of one command are applied together, once its last part (the one with a checkpoint) is read. Every item's
 * link must follow from the one before (`chain`, the link at `afterSeq`): a log changed after it was written is
 * refused with BrokenChain, never traded on. Once an item carries a link, every later item must.
 */
async function replay(
  store: EventLog,
  symbol: string,
  afterSeq: number,
  chainAtStart: string | null,
  engine: MatchingEngine,
  recent: RecentCommands,
): Promise<ReplayTail> {
  let seq = afterSeq;
  let checkpoint: Checkpoint | null = null;
  let unfinished: EngineEvent[] = [];
  let unfinishedAt: number | null = null;
  let link = chainAtStart;
  let chain = chainAtStart;
  let linked = false;
  for await (const item of store.itemsAfter(symbol, afterSeq)) {
    if (item.events === null) break; // a claim: the end of the log
    const expected = seq + unfinished.length + 1;
    if (item.seq !== expected)
      throw new Error(`${symbol}: the log jumps from ${expected - 1} to ${item.seq}`);
    const computed = link === null ? item.chain : chainLink(link, item as ChainedEventItem);
    if (
      computed === null ||
      (item.chain !== null && item.chain !== computed) ||
      (linked && item.chain === null)
    )
      throw new BrokenChain(symbol, item.seq, computed ?? '(unknown)', item.chain);
    linked ||= item.chain !== null;
    link = computed;
    unfinishedAt ??= item.seq;
    unfinished = unfinished.concat(item.events);
    if (item.checkpoint === null) continue;
    for (const event of unfinished) {
      engine.apply(event);
      recent.add(event.commandId);
    }
    seq = item.last;
    chain = link;
    checkpoint = item.checkpoint;
    unfinished = [];
    unfinishedAt = null;
  }
  return { seq, chain, checkpoint, unfinishedCommandAt: unfinishedAt };
}
