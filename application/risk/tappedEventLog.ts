import type { EventItem, EventLog } from '../ports/eventLog';

/** An event log whose reads (itemsAfter) are also shown to `seen`: how the risk service counts what it reads. */
export class TappedEventLog implements EventLog {
  constructor(
    private readonly log: EventLog,
    private readonly seen: (stream: string, item: EventItem) => void,
  ) {}

  async *itemsAfter(stream: string, afterSeq: number): AsyncIterable<EventItem> {
    for await (const item of this.log.itemsAfter(stream, afterSeq)) {
      this.seen(stream, item);
      yield item;
    }
  }

  lastSeq(stream: string): ReturnType<EventLog['lastSeq']> {
    return this.log.lastSeq(stream);
  }
  lastItem(stream: string): ReturnType<EventLog['lastItem']> {
    return this.log.lastItem(stream);
  }
  claim(...args: Parameters<EventLog['claim']>): ReturnType<EventLog['claim']> {
    return this.log.claim(...args);
  }
  append(...args: Parameters<EventLog['append']>): ReturnType<EventLog['append']> {
    return this.log.append(...args);
  }
  streams(): ReturnType<EventLog['streams']> {
    return this.log.streams();
  }
}
