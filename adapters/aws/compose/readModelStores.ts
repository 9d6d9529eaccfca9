import type { Clock } from '../../../application/ports/clock';
import type { ReadModelPorts } from '../../../application/ports/ports';
import type { ResourceNames } from '../../../resources/declarations';
import type { AwsClients } from '../clients';
import { DynamoAggTradeLog } from '../readModels/aggTradeLog';
import { DynamoDepthBook } from '../readModels/depthBook';
import { DynamoFundingRateHistory } from '../readModels/fundingRateHistory';
import { DynamoKlineSeries } from '../readModels/klineSeries';
import { DynamoMarketTradeLog } from '../readModels/marketTradeLog';
import { DynamoOrderViews } from '../readModels/orderViews';
import { DynamoPriceKlineSeries } from '../readModels/priceKlineSeries';
import { DynamoSymbolDirectory } from '../readModels/symbolDirectory';
import { DynamoTickerViews } from '../readModels/tickerViews';
import { DynamoUserTradeLog } from '../readModels/userTradeLog';

/** Every read model's table: the projector writes them, ingress answers its queries from them. */
export function awsReadModelStores(clients: AwsClients, names: ResourceNames, clock: Clock): ReadModelPorts {
  const documents = clients.documents;
  const t = names.tables;
  return {
    symbols: new DynamoSymbolDirectory(documents, t.symbols, 5_000, clock),
    orders: new DynamoOrderViews(documents, t.orders),
    userTrades: new DynamoUserTradeLog(documents, t.userTrades),
    trades: new DynamoMarketTradeLog(documents, t.marketTrades),
    aggTrades: new DynamoAggTradeLog(documents, t.aggTrades),
    klines: new DynamoKlineSeries(documents, t.klines),
    depth: new DynamoDepthBook(documents, t.depth),
    tickers: new DynamoTickerViews(documents, t.tickers),
    priceKlines: new DynamoPriceKlineSeries(documents, t.priceKlines),
    fundingRates: new DynamoFundingRateHistory(documents, t.fundingRates),
  };
}
