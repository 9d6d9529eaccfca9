import type { EngineEvent } from '../../core/engine/events';
import { compileInstrument, type Instrument } from '../../core/symbol/instrument';
import type { SymbolDirectory } from '../ports/symbolDirectory';

/**
 * A symbol's spec as of a run of its events: the newest one the events themselves list or update, else the
 * symbols read model's (read afresh if the cached copy does not know the symbol yet). undefined if neither has it.
 * The projector and the fan-out read each batch with the units it was decided in.
 */
export async function specAsOf(
  symbol: string,
  events: readonly EngineEvent[],
  symbols: SymbolDirectory,
): Promise<Instrument | undefined> {
  let instrument = specIn(events) ?? (await symbols.get(symbol));
  if (instrument === undefined) {
    symbols.invalidate();
    instrument = await symbols.get(symbol);
  }
  return instrument;
}

/** The newest spec the events list or update the symbol with, if any. */
export function specIn(events: readonly EngineEvent[]): Instrument | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.type === 'SymbolListed' || event.type === 'SymbolUpdated') return compileInstrument(event.spec);
  }
  return undefined;
}
