import type { EngineEvent } from '../../core/engine/events';
import type { IngressContext } from '../context';
import { PROJECTOR } from './projector';

/**
 * Past this many event items of a symbol not yet projected (the projector is down or far behind), a query shows the
 * symbol as the projector left it: it does not read a backlog. Live, the tail is a batch or two.
 */
export const UNPROJECTED_ITEMS_READ = 50;

/**
 * What the read models do not show yet, per symbol: the events committed past the projector's progress. A query
 * that reads the progress before its read models (`then`) sees every event up to it in them, and the rest here:
 * together, everything committed before the query. Ingress answers an order once the matcher has committed it
 * while the projector applies it a moment later (7–42 ms locally, about a second on AWS), so a trader's reads right
 * after his order would otherwise miss it. One GetItem per symbol, and one Query per symbol the read concerns
 * (`concerned`, all by default; the tail is read after the models, which only adds events they may hold already),
 * usually finding nothing. A symbol whose tail is past UNPROJECTED_ITEMS_READ items maps to undefined.
 */
export async function withUnprojected<T>(
  ctx: Pick<IngressContext, 'progress' | 'events'>,
  symbols: readonly string[],
  then: () => Promise<T>,
  concerned: (read: T) => readonly string[] = () => symbols,
): Promise<[T, Map<string, readonly EngineEvent[] | undefined>]> {
  const progress = new Map(
    await Promise.all(
      symbols.map(async (symbol) => [symbol, await ctx.progress.get(PROJECTOR, symbol)] as const),
    ),
  );
  const read = await then();
  const wanted = concerned(read).filter((symbol) => progress.has(symbol));
  const tails = await Promise.all(wanted.map((symbol) => eventsAfter(ctx, symbol, progress.get(symbol)!)));
  return [read, new Map(wanted.map((symbol, i) => [symbol, tails[i]]))];
}

async function eventsAfter(
  ctx: Pick<IngressContext, 'events'>,
  symbol: string,
  afterSeq: number,
): Promise<EngineEvent[] | undefined> {
  const events: EngineEvent[] = [];
  let items = 0;
  for await (const item of ctx.events.itemsAfter(symbol, afterSeq)) {
    if (++items > UNPROJECTED_ITEMS_READ) return undefined;
    events.push(...(item.events ?? []));
  }
  return events;
}
