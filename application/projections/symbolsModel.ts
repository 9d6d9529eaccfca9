import type { SymbolDirectory } from '../ports/symbolDirectory';
import type { ReadModel } from './readModel';

/** The symbols read model: each symbol's newest spec (exchangeInfo, ingress filters), and when it was listed. */
export function symbolsModel(symbols: SymbolDirectory): ReadModel {
  return {
    name: 'symbols',
    async apply(batch) {
      for (const event of batch.events) {
        if (event.type === 'SymbolListed') await symbols.record(event.spec, event.seq, event.time);
        else if (event.type === 'SymbolUpdated') await symbols.record(event.spec, event.seq);
      }
    },
  };
}
