import { aggregateTrades } from '../../core/projections/aggTrades';
import { tradeFacts } from '../../core/projections/tradeFacts';
import type { AggTradeLog } from '../ports/marketData';
import type { ReadModel } from './readModel';

/**
 * Aggregate trades. A batch's trades are folded onto the aggregate before them, which they continue when one
 * command's trades were cut across two event items. That aggregate is found by key (the highest id not above the
 * batch's first trade), so a retry after a partial write still finds the right one: if it already holds the
 * batch's first trade, the extension was written before and is not repeated; the other writes are held back by
 * their items' lastSeq.
 */
export function aggTradesModel(log: AggTradeLog): ReadModel {
  return {
    name: 'aggTrades',
    async apply(batch, { instrument }) {
      const trades = tradeFacts(batch.events, instrument);
      const first = trades[0];
      if (first === undefined) return;
      const before = await log.atOrBefore(batch.symbol, first.id);
      const seqOf = new Map(trades.map((t) => [t.id, t.seq]));
      if (before !== undefined && before.l >= first.id) {
        // Applied before, up to at least the aggregate holding the batch's first trade, which was written whole;
        // the trades after it start aggregates of their own (rewrites of those are held back by lastSeq).
        const rest = trades.filter((t) => t.id > before.l);
        for (const aggregate of aggregateTrades(undefined, rest))
          await log.put(batch.symbol, aggregate, seqOf.get(aggregate.f)!);
        return;
      }
      const previous = before?.l === first.id - 1 ? before : undefined;
      for (const aggregate of aggregateTrades(previous, trades)) {
        // An extended aggregate's earlier trades were applied with an earlier batch.
        await log.put(batch.symbol, aggregate, seqOf.get(Math.max(aggregate.f, first.id))!);
      }
    },
  };
}
