import { depthFold } from '../../core/projections/depthFold';
import type { DepthBook } from '../ports/marketData';
import { foldedModel } from './foldedModel';
import { FoldRunner } from './foldRunner';
import type { ReadModel } from './readModel';

/** The depth fold (core/projections/depthFold.ts) over the depth table. */
export const depthRunner = (book: DepthBook) =>
  new FoldRunner(depthFold, {
    load: (symbol) => book.load(symbol),
    write: (symbol, items, guarded) => book.write(symbol, items, guarded),
  });

/** The aggregated book (REST depth with lastUpdateId = the last event sequence applied). */
export function depthModel(book: DepthBook): ReadModel {
  return foldedModel('depth', depthRunner(book));
}
