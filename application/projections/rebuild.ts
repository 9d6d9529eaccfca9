import type { Instrument } from '../../core/symbol/instrument';
import type { EventLog } from '../ports/eventLog';
import { isRebuildable, type ReadModelReset } from '../ports/readModelReset';
import type { ReadModel } from './readModel';
import { specIn } from './specAsOf';

/**
 * The operator's rebuild: drop a read model's items (all, or one symbol's) and replay the event log into it
 * through the very model code the projector runs. Because every model is a fold of the symbol's events and keeps
 * integers, not formatted text, the rebuilt items equal the incrementally built ones.
 *
 * Run it while the projector is paused for the symbols concerned (disable the event source mapping, or stop the
 * local stream poller): a live batch landing between the drop and the replay would be held back by nothing and
 * the replay's older writes would then be refused by its newer lastSeq. The projector's progress is left alone;
 * once resumed it continues from where it was (the rebuild replayed up to the end of the log).
 */
export interface RebuildReport {
  readonly model: string;
  readonly dropped: number;
  readonly symbols: readonly string[];
  readonly batches: number;
  readonly events: number;
}

interface RebuildContext {
  readonly events: EventLog;
  readonly readModelReset: ReadModelReset;
}

export async function rebuildReadModel(
  ctx: RebuildContext,
  target: ReadModel,
  symbol?: string,
): Promise<RebuildReport> {
  if (!isRebuildable(target.name)) throw new Error(`read model ${target.name} cannot be rebuilt`);
  const dropped = await ctx.readModelReset.drop(target.name, symbol);
  const symbols = symbol === undefined ? await ctx.events.streams() : [symbol];
  const replayed = await replay(ctx.events, [target], symbols);
  return { model: target.name, dropped, symbols, ...replayed };
}

/**
 * Feeds every committed item of the symbols' logs, in order, to the targets, with the spec the projector would
 * use: the newest one the item itself lists or updates, else the one before it.
 */
export async function replay(
  events: EventLog,
  targets: readonly ReadModel[],
  symbols: readonly string[],
): Promise<{ batches: number; events: number }> {
  let batches = 0;
  let count = 0;
  for (const symbol of symbols) {
    let instrument: Instrument | undefined;
    for await (const item of events.itemsAfter(symbol, 0)) {
      if (item.events === null) break; // a claim not yet filled: nothing after it is committed
      instrument = specIn(item.events) ?? instrument;
      if (instrument === undefined) throw new Error(`${symbol}: events before its listing`);
      const batch = {
        symbol,
        firstSeq: item.seq,
        lastSeq: item.last,
        events: item.events,
        recordId: `${symbol}:${item.seq}`,
      };
      for (const target of targets) await target.apply(batch, { instrument, follows: true });
      batches++;
      count += item.events.length;
    }
  }
  return { batches, events: count };
}
