import type { Clock } from '../../../application/ports/clock';
import type {
  ConnectionPoster,
  ConnectionStore,
  SubscriptionStore,
} from '../../../application/ports/connections';
import type { ListenKeyStore } from '../../../application/ports/listenKeyStore';
import type { ResourceNames } from '../../../resources/declarations';
import { logJson } from '../../jsonLog';
import { DynamoListenKeyStore } from '../access/listenKeyStore';
import type { AwsClients } from '../clients';
import { managementApiPoster } from '../connections/connectionPoster';
import { DynamoListenerChanges } from '../connections/listenerChanges';
import { awsConnectionPorts } from './connections';

/**
 * What the risk service needs to deliver MARGIN_CALL on AWS (application/risk/userStreamMarginCalls.ts): the
 * WebSocket API's connection and listen key tables, read as the fan-out reads them, and the API Gateway
 * Management API at `endpoint` (SHARDEX_WS_ENDPOINT, the WebSocket stage's callback URL, as the fan-out Lambda
 * gets it; locally the gateway's management endpoint). The runner adds the stream format (binance/streams). Its
 * role needs what the fan-out's has: read on the listen-key table, read and delete on the connections and
 * subscriptions tables (a connection found gone is forgotten), a Put on listenerChanges (the forgotten
 * subscriptions are recorded there), and execute-api:ManageConnections (POST, DELETE) on the stage's
 * @connections.
 */
export function awsMarginCallPorts(
  clients: AwsClients,
  names: ResourceNames,
  endpoint: string,
  clock: Clock = Date.now,
): {
  readonly connections: ConnectionStore;
  readonly subscriptions: SubscriptionStore;
  readonly listenKeys: ListenKeyStore;
  readonly clock: Clock;
  readonly log: typeof logJson;
  readonly poster: ConnectionPoster;
} {
  const t = names.tables;
  const { connections, subscriptions } = awsConnectionPorts(clients, names, clock);
  return {
    connections,
    subscriptions,
    listenKeys: new DynamoListenKeyStore(
      clients.documents,
      t.listenKeys,
      new DynamoListenerChanges(clients.documents, t.listenerChanges, clock),
    ),
    clock,
    log: logJson,
    poster: managementApiPoster(endpoint),
  };
}
