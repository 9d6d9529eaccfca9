import type { ProjectorContext } from '../context';
import { accountsModel } from './accountsModel';
import { aggTradesModel } from './aggTradesModel';
import { depthModel } from './depthModel';
import { fundingRatesModel } from './fundingRatesModel';
import { klinesModel } from './klinesModel';
import { marketTradesModel } from './marketTradesModel';
import { ordersModel } from './ordersModel';
import { priceKlinesModel } from './priceKlinesModel';
import type { ReadModel } from './readModel';
import { symbolsModel } from './symbolsModel';
import { tickersModel } from './tickersModel';
import { userTradesModel } from './userTradesModel';

/**
 * Every read model the projector keeps, in the order they are applied to each batch: symbols first (the others
 * format with its spec); an account's orders, then its fills; public trades, aggregates and candles before depth
 * and tickers, so a reader that sees a last price finds its candle too (the 24 h ticker joins the two); depth
 * before tickers (the touch is read from the book); the futures market data (mark/index/premium klines, funding
 * history) after the tickers; settlement last.
 */
export function readModelsOf(ctx: ProjectorContext): ReadModel[] {
  return [
    symbolsModel(ctx.symbols),
    ordersModel(ctx.orders),
    userTradesModel(ctx.userTrades),
    marketTradesModel(ctx.trades),
    aggTradesModel(ctx.aggTrades),
    klinesModel(ctx.klines),
    depthModel(ctx.depth),
    tickersModel(ctx.tickers, ctx.depth),
    priceKlinesModel(ctx.priceKlines),
    fundingRatesModel(ctx.fundingRates),
    accountsModel(ctx.accounts, ctx.log),
  ];
}
