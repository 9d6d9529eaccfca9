import type { Clock } from '../../../application/ports/clock';
import type { FanoutPorts } from '../../../application/ports/ports';
import type { ResourceNames } from '../../../resources/declarations';
import { logJson } from '../../jsonLog';
import { DynamoListenKeyStore } from '../access/listenKeyStore';
import { DynamoAccountStore } from '../accounts/accountStore';
import type { AwsClients } from '../clients';
import { DynamoListenerChanges } from '../connections/listenerChanges';
import { DynamoEventLog } from '../eventStore/eventStore';
import { DynamoAggTradeLog } from '../readModels/aggTradeLog';
import { DynamoDepthBook } from '../readModels/depthBook';
import { DynamoKlineSeries } from '../readModels/klineSeries';
import { DynamoOrderViews } from '../readModels/orderViews';
import { DynamoProjectionProgress } from '../readModels/projectionProgress';
import { DynamoSymbolDirectory } from '../readModels/symbolDirectory';
import { DynamoTickerViews } from '../readModels/tickerViews';
import { awsConnectionPorts } from './connections';

/** The fan-out's ports on DynamoDB: who listens, the read models it reads, the log around a run. */
export function awsFanoutPorts(
  clients: AwsClients,
  names: ResourceNames,
  clock: Clock = Date.now,
): FanoutPorts {
  const documents = clients.documents;
  const t = names.tables;
  return {
    clock,
    log: logJson,
    ...awsConnectionPorts(clients, names, clock),
    listenKeys: new DynamoListenKeyStore(
      documents,
      t.listenKeys,
      new DynamoListenerChanges(documents, t.listenerChanges, clock),
    ),
    symbols: new DynamoSymbolDirectory(documents, t.symbols),
    events: new DynamoEventLog(documents, t.events),
    progress: new DynamoProjectionProgress(documents, t.consumerCheckpoints),
    orders: new DynamoOrderViews(documents, t.orders),
    accountStore: new DynamoAccountStore(documents, t.accounts),
    depth: new DynamoDepthBook(documents, t.depth),
    klines: new DynamoKlineSeries(documents, t.klines),
    aggTrades: new DynamoAggTradeLog(documents, t.aggTrades),
    tickers: new DynamoTickerViews(documents, t.tickers),
  };
}
