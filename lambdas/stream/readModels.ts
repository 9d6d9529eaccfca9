import type { AccountStore } from '../../adapters/accounts/accountStore';
import type { AwsClients } from '../../adapters/aws/clients';
import { AggTradeLog } from '../../adapters/readModels/aggTradeLog';
import { DepthBook } from '../../adapters/readModels/depthBook';
import { KlineSeries } from '../../adapters/readModels/klineSeries';
import { MarketTradeLog } from '../../adapters/readModels/marketTradeLog';
import { UserTradeLog } from '../../adapters/readModels/userTradeLog';
import type { ResourceNames } from '../../resources/declarations';
import type { ReadModel } from './projector';
import { accountsModel } from './readModels/accounts';
import { aggTradesModel } from './readModels/aggTrades';
import { depthModel } from './readModels/depth';
import { klinesModel } from './readModels/klines';
import { marketTradesModel } from './readModels/marketTrades';
import { ordersModel } from './readModels/orders';
import { symbolsModel } from './readModels/symbols';
import { tickersModel } from './readModels/tickers';
import { userTradesModel } from './readModels/userTrades';

/**
 * Every read model the projector keeps, in the order they are applied to each batch: symbols first (the others
 * format with its spec); an account's orders, then its fills; public trades, aggregates and candles before depth
 * and tickers, so a reader that sees a last price finds its candle too (the 24 h ticker joins the two); depth
 * before tickers (the touch is read from the book); settlement last.
 */
export function readModels(clients: AwsClients, names: ResourceNames, accounts: AccountStore): ReadModel[] {
  const t = names.tables;
  const documents = clients.documents;
  const book = new DepthBook(documents, t.depth);
  return [
    symbolsModel(documents, t.symbols),
    ordersModel(documents, t.orders),
    userTradesModel(new UserTradeLog(documents, t.userTrades)),
    marketTradesModel(new MarketTradeLog(documents, t.marketTrades)),
    aggTradesModel(new AggTradeLog(documents, t.aggTrades)),
    klinesModel(new KlineSeries(documents, t.klines)),
    depthModel(book),
    tickersModel(documents, t.tickers, book),
    accountsModel(accounts),
  ];
}
