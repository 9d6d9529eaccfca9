import { depthChanges } from '../../core/marketData/depthChanges';
import type { DepthBook } from '../ports/marketData';
import type { ReadModel } from './readModel';

/** The aggregated book (REST depth with lastUpdateId = the last event sequence applied). */
export function depthModel(book: DepthBook): ReadModel {
  return {
    name: 'depth',
    async apply(batch) {
      const time = batch.events[batch.events.length - 1]?.time ?? 0;
      await book.apply(batch.symbol, batch.lastSeq, depthChanges(batch.events), time);
    },
  };
}
