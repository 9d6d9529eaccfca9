import type { Clock } from '../../../application/ports/clock';
import type { ConnectionPorts } from '../../../application/ports/ports';
import type { ResourceNames } from '../../../resources/declarations';
import type { AwsClients } from '../clients';
import { DynamoConnectionStore } from '../connections/connectionStore';
import { DynamoSubscriptionStore } from '../connections/subscriptionStore';

/** The WebSocket API's own tables: its connections and their subscriptions. */
export function awsConnectionPorts(
  clients: AwsClients,
  names: ResourceNames,
  clock: Clock = Date.now,
): ConnectionPorts {
  const t = names.tables;
  return {
    connections: new DynamoConnectionStore(clients.documents, t.connections),
    subscriptions: new DynamoSubscriptionStore(clients.documents, t.subscriptions, clock),
  };
}
