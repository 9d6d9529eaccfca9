import type { EventStore } from '../../adapters/eventStore/eventStore';
import type { EngineEvent } from '../../core/engine/events';

/**
 * Waits until the matcher has committed the events of a command, reading the symbol's log from `afterSeq`
 * (taken before the command was put, so the command's events come later). Returns them, or undefined at the
 * deadline: then the answer to the client is "execution status unknown".
 */
export async function waitForOutcome(
  events: EventStore,
  symbol: string,
  commandId: string,
  afterSeq: number,
  timeoutMs: number,
  clock: () => number = Date.now,
): Promise<EngineEvent[] | undefined> {
  const deadline = clock() + timeoutMs;
  let seq = afterSeq;
  const found: EngineEvent[] = [];
  let delay = 5;
  while (clock() < deadline) {
    for await (const item of events.itemsAfter(symbol, seq)) {
      if (item.events === null) break;
      for (const event of item.events) if (event.commandId === commandId) found.push(event);
      seq = item.last;
      // A command's events are consecutive; once an item that ends on a command boundary holds some of them, the
      // command is complete.
      if (found.length > 0 && item.checkpoint !== null) return found;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 50);
  }
  return undefined;
}
