import { type DepthItem, type DepthState, depthFold } from '../../core/projections/depthFold';
import type { DepthBook } from '../ports/marketData';
import { foldedModel } from './foldedModel';
import { FoldRunner, type FoldStore } from './foldRunner';
import type { ReadModel } from './readModel';

/** The depth fold (core/projections/depthFold.ts) over the depth table. */
export const depthStore = (book: DepthBook): FoldStore<DepthState, DepthItem> => ({
  load: (symbol) => book.load(symbol),
  write: (symbol, items, guarded) => book.write(symbol, items, guarded),
});

export const depthRunner = (book: DepthBook) => new FoldRunner(depthFold, depthStore(book));

/** The aggregated book (REST depth with lastUpdateId = the last event sequence applied). */
export function depthModel(book: DepthBook): ReadModel {
  return foldedModel('depth', depthRunner(book));
}
