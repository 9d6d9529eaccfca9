import { MatchingEngine } from '../../core/engine/matchingEngine';
import type { EventLog } from '../ports/eventLog';
import type { SnapshotArchive } from '../ports/snapshotStore';

/** A moment of a symbol's log: after event `seq`, or after every event stamped at or before `time` (epoch ms). */
export type LogMoment = { readonly seq: number } | { readonly time: number };

export interface SymbolAt {
  /** A private engine holding the state at the moment: never one the matcher runs. */
  readonly engine: MatchingEngine;
  /** The last event applied (0: the symbol had no events by then). */
  readonly seq: number;
  /** The snapshot it started from, or null (replayed from seq 1). */
  readonly fromSnapshot: number | null;
  readonly eventsReplayed: number;
}

/**
 * Rebuilds a symbol's engine as it was at a moment, from the log alone: the nearest snapshot at or before it
 * (application/ports/snapshotStore.ts: a look back replays at most one archive window), then the events after it.
 * A symbol's event times never go back (core/engine/decide.ts), so "as of a time" is a prefix of the log, and
 * every event of one command shares its time: a time never splits a command. A sequence may: the state is then
 * the one after exactly that event, as the log has it.
 */
export async function symbolAt(
  ports: { readonly events: EventLog; readonly snapshots: SnapshotArchive },
  symbol: string,
  moment: LogMoment,
): Promise<SymbolAt> {
  const { engine, fromSnapshot } = await startingPoint(ports.snapshots, symbol, moment);
  const includes =
    'seq' in moment
      ? (seq: number) => seq <= moment.seq
      : (_seq: number, time: number) => time <= moment.time;
  let replayed = 0;
  let done = false;
  for await (const item of ports.events.itemsAfter(symbol, engine.seq)) {
    if (item.events === null) break; // a claim: the end of the log
    for (const event of item.events) {
      if (event.seq <= engine.seq) continue;
      if (!includes(event.seq, event.time)) {
        done = true;
        break;
      }
      engine.apply(event);
      replayed++;
    }
    if (done) break;
  }
  return { engine, seq: engine.seq, fromSnapshot, eventsReplayed: replayed };
}

/** The newest snapshot not after the moment; for a time, walking back until one's last event is not later. */
export async function startingPoint(
  snapshots: SnapshotArchive,
  symbol: string,
  moment: LogMoment,
): Promise<{ engine: MatchingEngine; fromSnapshot: number | null }> {
  let below = 'seq' in moment ? moment.seq : Number.MAX_SAFE_INTEGER;
  for (;;) {
    const snapshot = below > 0 ? await snapshots.atOrBefore(symbol, below) : undefined;
    if (snapshot === undefined) return { engine: MatchingEngine.create(symbol), fromSnapshot: null };
    const engine = MatchingEngine.restore(snapshot.engine);
    if ('seq' in moment || engine.lastEventTime <= moment.time) return { engine, fromSnapshot: snapshot.seq };
    below = snapshot.seq - 1;
  }
}
