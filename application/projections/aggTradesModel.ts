import { aggTradeFold } from '../../core/projections/aggTradeFold';
import type { AggTradeLog } from '../ports/marketData';
import { foldedModel } from './foldedModel';
import { FoldRunner } from './foldRunner';
import type { ReadModel } from './readModel';

/**
 * Aggregate trades: the fold (core/projections/aggTradeFold.ts) over the aggTrades table. A cold start loads the
 * aggregate with the highest id at or below the batch's first trade (the one that trade continues, or, after a
 * crash, already holds), so a retry after a partial write folds to the same aggregates.
 */
export function aggTradesModel(log: AggTradeLog): ReadModel {
  return foldedModel(
    'aggTrades',
    new FoldRunner(aggTradeFold, {
      async load(symbol, events) {
        const first = events.find((e) => e.type === 'Trade');
        const last = await log.atOrBefore(
          symbol,
          first?.type === 'Trade' ? first.tradeId : Number.MAX_SAFE_INTEGER,
        );
        return { last, changed: new Map() };
      },
      write: (symbol, aggregates, guarded) => log.putMany(symbol, aggregates, guarded),
    }),
  );
}
