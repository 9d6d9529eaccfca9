import type { Clock } from '../../../application/ports/clock';
import type { ProjectorPorts } from '../../../application/ports/ports';
import type { ResourceNames } from '../../../resources/declarations';
import { logJson } from '../../jsonLog';
import { DynamoAccountStore } from '../accounts/accountStore';
import type { AwsClients } from '../clients';
import { DynamoAggTradeLog } from '../readModels/aggTradeLog';
import { DynamoDepthBook } from '../readModels/depthBook';
import { DynamoKlineSeries } from '../readModels/klineSeries';
import { DynamoMarketTradeLog } from '../readModels/marketTradeLog';
import { DynamoOrderViews } from '../readModels/orderViews';
import { DynamoProjectionProgress } from '../readModels/projectionProgress';
import { DynamoSymbolDirectory } from '../readModels/symbolDirectory';
import { DynamoTickerViews } from '../readModels/tickerViews';
import { DynamoUserTradeLog } from '../readModels/userTradeLog';

/** The projector's ports on DynamoDB: every read model's table, the accounts, its progress. */
export function awsProjectorPorts(
  clients: AwsClients,
  names: ResourceNames,
  options: { clock?: Clock } = {},
): ProjectorPorts {
  const clock = options.clock ?? Date.now;
  const documents = clients.documents;
  const t = names.tables;
  return {
    clock,
    log: logJson,
    accountStore: new DynamoAccountStore(documents, t.accounts, clock),
    symbols: new DynamoSymbolDirectory(documents, t.symbols, 5_000, clock),
    orders: new DynamoOrderViews(documents, t.orders),
    userTrades: new DynamoUserTradeLog(documents, t.userTrades),
    trades: new DynamoMarketTradeLog(documents, t.marketTrades),
    aggTrades: new DynamoAggTradeLog(documents, t.aggTrades),
    klines: new DynamoKlineSeries(documents, t.klines),
    depth: new DynamoDepthBook(documents, t.depth),
    tickers: new DynamoTickerViews(documents, t.tickers),
    progress: new DynamoProjectionProgress(documents, t.consumerCheckpoints, clock),
  };
}
