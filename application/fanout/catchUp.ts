import type { EngineEvent } from '../../core/engine/events';
import { foldEvents, type ReadModelFold } from '../../core/projections/readModelFold';
import type { EventLog } from '../ports/eventLog';
import type { ProjectionProgress } from '../ports/projectionProgress';
import type { FoldStore } from '../projections/foldRunner';
import { PROJECTOR } from '../projections/projector';

/**
 * A read model's store as the fan-out resumes from it after a cold start: the fan-out keeps its own state of the
 * model (the same fold as the projector), but the stored items may stand behind the run (the projector lags): the
 * projector's progress is read first (the items reflect at least that much), then the events between it and the
 * run come from the log and are folded in. Items already past the run are fine: the fold skips what they hold,
 * and a newer book or candle is still a true one. The fan-out never writes.
 */
export function catchingUp<S, I>(
  fold: ReadModelFold<S, I>,
  store: FoldStore<S, I>,
  ctx: { readonly progress: ProjectionProgress; readonly events: Pick<EventLog, 'itemsAfter'> },
): FoldStore<S, I> {
  return {
    async load(symbol, events, instrument) {
      const firstSeq = events[0]?.seq ?? 1;
      const projected = await ctx.progress.get(PROJECTOR, symbol);
      const missing =
        projected < firstSeq - 1 ? await between(ctx.events, symbol, projected, firstSeq - 1) : [];
      const stored = await store.load(symbol, [...missing, ...events], instrument);
      return foldEvents(fold, stored, missing, instrument);
    },
    // A keyed model (orders) reads what a kept state lacks: those items may stand behind the run too.
    ...(store.fill === undefined
      ? {}
      : {
          async fill(symbol, state, events, instrument) {
            const filled = await store.fill!(symbol, state, events, instrument);
            if (filled === state) return state;
            const firstSeq = events[0]?.seq ?? 1;
            const projected = await ctx.progress.get(PROJECTOR, symbol);
            if (projected >= firstSeq - 1) return filled;
            // Items the state already had reflect every event up to the run: the fold skips these for them.
            const missing = await between(ctx.events, symbol, projected, firstSeq - 1);
            return foldEvents(fold, filled, missing, instrument);
          },
        }),
    write: async () => {},
  };
}

/** A symbol's committed events with after < seq ≤ upTo. */
async function between(
  log: Pick<EventLog, 'itemsAfter'>,
  symbol: string,
  after: number,
  upTo: number,
): Promise<EngineEvent[]> {
  const found: EngineEvent[] = [];
  for await (const item of log.itemsAfter(symbol, after)) {
    if (item.events === null) break;
    for (const event of item.events) if (event.seq > after && event.seq <= upTo) found.push(event);
    if (item.last >= upTo) break;
  }
  return found;
}
