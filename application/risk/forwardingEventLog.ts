import type { EventLog } from '../ports/eventLog';

/**
 * An event log that hands every call to `log`: the base of the risk service's decorators of its reads
 * (SharedLogReads, TappedEventLog), which override `itemsAfter` alone.
 */
export abstract class ForwardingEventLog implements EventLog {
  constructor(protected readonly log: EventLog) {}

  itemsAfter(stream: string, afterSeq: number): ReturnType<EventLog['itemsAfter']> {
    return this.log.itemsAfter(stream, afterSeq);
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
