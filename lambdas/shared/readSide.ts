import { AggTradeLog } from '../../adapters/readModels/aggTradeLog';
import { DepthBook } from '../../adapters/readModels/depthBook';
import { KlineSeries } from '../../adapters/readModels/klineSeries';
import { MarketTradeLog } from '../../adapters/readModels/marketTradeLog';
import { TickerViews } from '../../adapters/readModels/tickerViews';
import { UserTradeLog } from '../../adapters/readModels/userTradeLog';
import type { Deps } from './deps';

/** The read models the query routes answer from, built from the deps' clients and table names. */
export interface ReadSide {
  readonly depth: DepthBook;
  readonly trades: MarketTradeLog;
  readonly aggTrades: AggTradeLog;
  readonly klines: KlineSeries;
  readonly tickers: TickerViews;
  readonly userTrades: UserTradeLog;
}

const built = new WeakMap<Deps, ReadSide>();

/** Once per Deps (per process), like the deps themselves. */
export function readSideOf(deps: Deps): ReadSide {
  let side = built.get(deps);
  if (side === undefined) {
    const documents = deps.clients.documents;
    const t = deps.names.tables;
    side = {
      depth: new DepthBook(documents, t.depth),
      trades: new MarketTradeLog(documents, t.marketTrades),
      aggTrades: new AggTradeLog(documents, t.aggTrades),
      klines: new KlineSeries(documents, t.klines),
      tickers: new TickerViews(documents, t.tickers),
      userTrades: new UserTradeLog(documents, t.userTrades),
    };
    built.set(deps, side);
  }
  return side;
}
