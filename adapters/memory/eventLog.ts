import type { Clock } from '../../application/ports/clock';
import type {
  AppendResult,
  Checkpoint,
  ClaimResult,
  EventItem,
  EventLog,
  NewEventItem,
  Writer,
} from '../../application/ports/eventLog';
import { eventsFromJson, eventsToJson } from '../../core/engine/eventCodec';

interface StoredItem {
  readonly seq: number;
  /** The events as their JSON (what a store keeps): readers get fresh objects, as from a table. */
  readonly events: string | null;
  readonly last: number;
  readonly checkpoint: Checkpoint | null;
  readonly chain: string | null;
  readonly writer: string;
  readonly fence: number;
  readonly time: number;
}

/** The event log in memory, with the conditions of the DynamoDB one (test/contracts/eventLog.contract.ts). */
export class MemoryEventLog implements EventLog {
  private readonly streamsById = new Map<string, Map<number, StoredItem>>();

  constructor(private readonly clock: Clock = Date.now) {}

  async lastSeq(stream: string): Promise<number> {
    return (await this.lastItem(stream))?.last ?? 0;
  }

  async lastItem(stream: string): Promise<EventItem | undefined> {
    const items = this.sorted(stream);
    for (let i = items.length - 1; i >= 0; i--)
      if (items[i]!.events !== null) return decode(stream, items[i]!);
    return undefined;
  }

  async *itemsAfter(stream: string, afterSeq: number): AsyncGenerator<EventItem> {
    for (const item of this.sorted(stream)) if (item.seq > afterSeq) yield decode(stream, item);
  }

  async claim(stream: string, seq: number, writer: Writer): Promise<ClaimResult> {
    const existing = this.itemsOf(stream).get(seq);
    if (existing !== undefined && existing.events !== null) return 'taken';
    this.itemsOf(stream).set(seq, {
      seq,
      events: null,
      last: seq - 1,
      checkpoint: null,
      chain: null,
      writer: writer.id,
      fence: writer.fence,
      time: this.clock(),
    });
    return 'claimed';
  }

  async append(seq: number, item: NewEventItem, writer: Writer, intoClaim: boolean): Promise<AppendResult> {
    const items = this.itemsOf(item.stream);
    const existing = items.get(seq);
    const last = seq + item.events.length - 1;
    const json = eventsToJson(item.events);
    const free = intoClaim
      ? existing !== undefined && existing.events === null && existing.writer === writer.id
      : existing === undefined;
    if (free) {
      items.set(seq, {
        seq,
        events: json,
        last,
        checkpoint: item.checkpoint,
        chain: item.chain ?? null,
        writer: writer.id,
        fence: writer.fence,
        time: this.clock(),
      });
      return 'written';
    }
    // The same events by this writer or an earlier owner: a previous incarnation wrote them already.
    const same =
      existing !== undefined &&
      existing.events === json &&
      existing.last === last &&
      existing.fence <= writer.fence;
    return same ? 'written' : 'conflict';
  }

  async streams(): Promise<string[]> {
    return [...this.streamsById]
      .filter(([, items]) => items.has(1))
      .map(([stream]) => stream)
      .sort();
  }

  /**
   * Replaces a stored item's fields as they are (tests only): what an attacker with write access to the table could
   * do, so that verify-log and recovery can be shown to notice.
   */
  tamper(
    stream: string,
    seq: number,
    change: (item: { events: string | null; chain: string | null; last: number }) =>
      | {
          events: string | null;
          chain: string | null;
          last: number;
        }
      | undefined,
  ): void {
    const items = this.itemsOf(stream);
    const item = items.get(seq);
    if (item === undefined) throw new Error(`no item ${seq} in ${stream}`);
    const changed = change({ events: item.events, chain: item.chain, last: item.last });
    if (changed === undefined) items.delete(seq);
    else items.set(seq, { ...item, ...changed });
  }

  private itemsOf(stream: string): Map<number, StoredItem> {
    let items = this.streamsById.get(stream);
    if (items === undefined) {
      items = new Map();
      this.streamsById.set(stream, items);
    }
    return items;
  }

  private sorted(stream: string): StoredItem[] {
    return [...this.itemsOf(stream).values()].sort((a, b) => a.seq - b.seq);
  }
}

function decode(stream: string, item: StoredItem): EventItem {
  return {
    stream,
    seq: item.seq,
    last: item.last,
    events: item.events === null ? null : eventsFromJson(item.events),
    checkpoint: item.checkpoint,
    chain: item.chain,
    writer: item.writer,
    fence: item.fence,
    time: item.time,
  };
}
