import type { EventItem, EventLog } from '../ports/eventLog';
import { ForwardingEventLog } from './forwardingEventLog';

/** An event log whose reads (itemsAfter) are also shown to `seen`: how the risk service counts what it reads. */
export class TappedEventLog extends ForwardingEventLog {
  constructor(
    log: EventLog,
    private readonly seen: (stream: string, item: EventItem) => void,
  ) {
    super(log);
  }

  override async *itemsAfter(stream: string, afterSeq: number): AsyncIterable<EventItem> {
    for await (const item of this.log.itemsAfter(stream, afterSeq)) {
      this.seen(stream, item);
      yield item;
    }
  }
}
