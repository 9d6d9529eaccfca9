import type { EngineEvent } from '../../core/engine/events';
import type { AuditPorts } from '../ports/ports';
import { describeEvent } from './describeEvent';
import { startingPoint } from './symbolAt';

/** One command as the log tells it: its id, time and the events it decided, each with its reading. */
export interface ReplayedCommand {
  readonly commandId: string;
  readonly time: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly events: readonly { readonly event: EngineEvent; readonly reading: string }[];
}

/**
 * `replay`: the commands that decided events `fromSeq`..`toSeq` of a symbol, in order, each with its events (a
 * command cut by the range shows the part inside it). The log holds what the engine decided, not the requests:
 * a command is named by its id and told by its events. Read only: a private engine follows along (from the
 * nearest snapshot) so prices and quantities print in the symbol's decimals as they were then.
 */
export async function* replay(
  ports: Pick<AuditPorts, 'events' | 'snapshots'>,
  symbol: string,
  fromSeq: number,
  toSeq: number,
): AsyncGenerator<ReplayedCommand> {
  const { engine } = await startingPoint(ports.snapshots, symbol, { seq: Math.max(0, fromSeq - 1) });
  let current: { commandId: string; time: number; events: ReplayedCommand['events'][number][] } | undefined;
  const finish = (): ReplayedCommand | undefined => {
    if (current === undefined) return undefined;
    const done = {
      ...current,
      firstSeq: current.events[0]!.event.seq,
      lastSeq: current.events.at(-1)!.event.seq,
    };
    current = undefined;
    return done;
  };
  for await (const item of ports.events.itemsAfter(symbol, engine.seq)) {
    if (item.events === null || item.seq > toSeq) break;
    for (const event of item.events) {
      if (event.seq <= engine.seq) continue;
      if (event.seq > toSeq) break;
      engine.apply(event);
      if (event.seq < fromSeq) continue;
      if (current !== undefined && current.commandId !== event.commandId) yield finish()!;
      current ??= { commandId: event.commandId, time: event.time, events: [] };
      current.events.push({ event, reading: describeEvent(event, engine.instrument) });
    }
  }
  const last = finish();
  if (last !== undefined) yield last;
}
