import type { EventLog } from '../application/ports/eventLog';

/**
 * The matcher's event log, telling the local stream poller (and the RESULT answers waiting for the symbol:
 * commitSignal.ts) the moment an item is committed. On AWS, DynamoDB
 * Streams delivers a new item to the consumers' Lambdas without them asking; locally the poller (which stands in
 * for Streams) would otherwise find it only at its next poll, up to a busy interval later. Both run in one
 * process locally, so the commit nudges the poller and the poll interval becomes a fallback.
 */
export function nudgingEventLog(log: EventLog, nudge: (stream: string) => void): EventLog {
  return {
    lastSeq: (stream) => log.lastSeq(stream),
    lastItem: (stream) => log.lastItem(stream),
    itemsAfter: (stream, afterSeq) => log.itemsAfter(stream, afterSeq),
    claim: (stream, seq, writer) => log.claim(stream, seq, writer),
    streams: () => log.streams(),
    async append(seq, item, writer, intoClaim) {
      const result = await log.append(seq, item, writer, intoClaim);
      if (result === 'written') nudge(item.stream);
      return result;
    },
  };
}
