import { appendFold } from '../../core/projections/appendFold';
import type { SymbolSpec } from '../../core/symbol/symbolSpec';
import type { SymbolDirectory } from '../ports/symbolDirectory';
import { foldedModel } from './foldedModel';
import { FoldRunner } from './foldRunner';
import type { ReadModel } from './readModel';

/** A symbol's spec as of an event, and its listing time if the event listed it. */
export interface SymbolRecord {
  readonly spec: SymbolSpec;
  readonly seq: number;
  readonly listedAt?: number;
}

/** Every listing and spec update, in order (the directory keeps the newest by sequence). */
export const symbolsFold = appendFold<SymbolRecord>((event) =>
  event.type === 'SymbolListed'
    ? [{ spec: event.spec, seq: event.seq, listedAt: event.time }]
    : event.type === 'SymbolUpdated'
      ? [{ spec: event.spec, seq: event.seq }]
      : [],
);

/** The symbols read model: each symbol's newest spec (exchangeInfo, ingress filters), and when it was listed. */
export function symbolsModel(symbols: SymbolDirectory): ReadModel {
  return foldedModel(
    'symbols',
    new FoldRunner(symbolsFold, {
      load: async () => symbolsFold.initial,
      // Rare and few: each record in order, conditional on its sequence (SymbolDirectory.record).
      write: async (_symbol, records) => {
        for (const r of records) await symbols.record(r.spec, r.seq, r.listedAt);
      },
    }),
  );
}
