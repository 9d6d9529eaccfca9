import { type AggTrade, continuesAggregate, extendAggregate, startAggregate } from './aggTrades';
import type { ReadModelFold } from './readModelFold';
import { tradeFact } from './tradeFacts';

/**
 * The aggregate trades' state: the newest aggregate (the one the next trade may continue: one command's trades
 * can be cut across two event items) and the aggregates the batch changed, by id.
 */
export interface AggTradeState {
  readonly last: AggTrade | undefined;
  readonly changed: ReadonlyMap<number, AggTrade>;
}

export const NO_AGG_TRADES: AggTradeState = { last: undefined, changed: new Map() };

/**
 * Aggregate trades as a fold: each trade extends the newest aggregate or starts one. A trade at or below the
 * newest aggregate's last trade id is in the store already.
 */
export const aggTradeFold: ReadModelFold<AggTradeState, AggTrade> = {
  initial: NO_AGG_TRADES,
  evolve: (state, event, instrument) => aggTradeFold.evolveAll!(state, [event], instrument),
  evolveAll(state, events, instrument) {
    let last = state.last;
    let changed: Map<number, AggTrade> | undefined;
    for (const event of events) {
      if (event.type !== 'Trade') continue;
      const trade = tradeFact(event, instrument);
      if (last !== undefined && trade.id <= last.l) continue;
      last =
        last !== undefined && continuesAggregate(last, trade)
          ? extendAggregate(last, trade)
          : startAggregate(trade);
      changed ??= new Map(state.changed);
      changed.set(last.a, last);
    }
    return changed === undefined ? state : { last, changed };
  },
  changes: (before, after) => [...after.changed.values()].filter((a) => before.changed.get(a.a) !== a),
  retain: (state) => ({ last: state.last, changed: new Map() }),
};
