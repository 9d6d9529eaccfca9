import { ListenKeyStore } from '../../adapters/access/listenKeyStore';
import { AccountStore } from '../../adapters/accounts/accountStore';
import type { AwsClients } from '../../adapters/aws/clients';
import type { ConnectionPoster } from '../../adapters/connections/connectionPoster';
import { ConnectionStore } from '../../adapters/connections/connectionStore';
import { SubscriptionStore } from '../../adapters/connections/subscriptionStore';
import { EventStore } from '../../adapters/eventStore/eventStore';
import { SymbolDirectory } from '../../adapters/markets/symbolDirectory';
import { AggTradeLog } from '../../adapters/readModels/aggTradeLog';
import { DepthBook } from '../../adapters/readModels/depthBook';
import { KlineSeries } from '../../adapters/readModels/klineSeries';
import { OrderViews } from '../../adapters/readModels/orderViews';
import { ProjectionProgress } from '../../adapters/readModels/projectionProgress';
import type { ResourceNames } from '../../resources/declarations';
import type { FanoutDeps } from './fanout';

/** The fan-out's tables and its poster: built once per process, by the Lambda entry point and by the local stack. */
export function fanoutDeps(clients: AwsClients, names: ResourceNames, poster: ConnectionPoster): FanoutDeps {
  const documents = clients.documents;
  const t = names.tables;
  return {
    subscriptions: new SubscriptionStore(documents, t.subscriptions),
    connections: new ConnectionStore(documents, t.connections),
    listenKeys: new ListenKeyStore(documents, t.listenKeys),
    poster,
    symbols: new SymbolDirectory(documents, t.symbols),
    events: new EventStore(documents, t.events),
    progress: new ProjectionProgress(documents, t.consumerCheckpoints),
    orders: new OrderViews(documents, t.orders),
    accounts: new AccountStore(documents, t.accounts),
    depth: new DepthBook(documents, t.depth),
    klines: new KlineSeries(documents, t.klines),
    aggTrades: new AggTradeLog(documents, t.aggTrades),
  };
}
