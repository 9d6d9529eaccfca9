import type { Clock } from '../../../application/ports/clock';
import type { ConnectionPorts } from '../../../application/ports/ports';
import type { ResourceNames } from '../../../resources/declarations';
import type { AwsClients } from '../clients';
import { DynamoConnectionStore } from '../connections/connectionStore';
import { DynamoListenerChanges } from '../connections/listenerChanges';
import { DynamoSubscriptionStore } from '../connections/subscriptionStore';

/**
 * The WebSocket API's own tables: its connections, their subscriptions, and the log of what changed who listens
 * (both stores append to it). The fan-out and the risk service use these too.
 */
export function awsConnectionPorts(
  clients: AwsClients,
  names: ResourceNames,
  clock: Clock = Date.now,
): ConnectionPorts {
  const t = names.tables;
  const listenerChanges = new DynamoListenerChanges(clients.documents, t.listenerChanges, clock);
  return {
    connections: new DynamoConnectionStore(clients.documents, t.connections, listenerChanges),
    subscriptions: new DynamoSubscriptionStore(clients.documents, t.subscriptions, listenerChanges, clock),
    listenerChanges,
  };
}
