import { CommandNotSent } from '../../adapters/commands/commandBus';
import type { CommandEnvelope } from '../../adapters/commands/commandEnvelope';
import type { EventStore } from '../../adapters/eventStore/eventStore';
import type { EngineEvent } from '../../core/engine/events';
import { ApiError } from './apiError';
import type { Deps } from './deps';

/** The answer when a command may or may not have taken effect: Binance's "execution status unknown". */
export const STATUS_UNKNOWN = new ApiError(
  503,
  -1007,
  'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
);

/**
 * Puts a command on the stream and, with `wait`, waits for the matcher's events for it (none without). A put
 * that did not go through, or no outcome within resultTimeoutMs, is STATUS_UNKNOWN.
 */
export async function putCommand(
  deps: Deps,
  envelope: CommandEnvelope,
  wait: boolean,
): Promise<EngineEvent[]> {
  const afterSeq = wait ? await deps.events.lastSeq(envelope.symbol) : 0;
  try {
    await deps.commands.put(envelope);
  } catch (error) {
    if (error instanceof CommandNotSent) throw STATUS_UNKNOWN;
    throw error;
  }
  if (!wait) return [];
  const events = await waitForOutcome(
    deps.events,
    envelope.symbol,
    envelope.commandId,
    afterSeq,
    deps.resultTimeoutMs,
    deps.clock,
  );
  if (events === undefined) throw STATUS_UNKNOWN;
  return events;
}

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
