import type { Clock } from '../../../application/ports/clock';
import type { IngressPorts } from '../../../application/ports/ports';
import type { ResourceNames } from '../../../resources/declarations';
import { logJson } from '../../jsonLog';
import { DynamoApiKeyStore } from '../access/apiKeyStore';
import { DynamoIdSlots } from '../access/idSlots';
import { DynamoListenKeyStore } from '../access/listenKeyStore';
import { DynamoRateLimiter } from '../access/rateLimiter';
import { DynamoRequestLog } from '../access/requestLog';
import { DynamoAccountStore } from '../accounts/accountStore';
import type { AwsClients } from '../clients';
import { KinesisCommandBus } from '../commands/commandBus';
import { DynamoListenerChanges } from '../connections/listenerChanges';
import { DynamoEventLog } from '../eventStore/eventStore';
import { DynamoProjectionProgress } from '../readModels/projectionProgress';
import { awsReadModelStores } from './readModelStores';

/**
 * The ports of order entry, account operations and queries on DynamoDB and Kinesis: built once per process (a
 * Lambda container at cold start, the local gateway, the operator CLI) from its clients and the resource names.
 */
export function awsIngressPorts(
  clients: AwsClients,
  names: ResourceNames,
  clock: Clock = Date.now,
): IngressPorts {
  const documents = clients.documents;
  const t = names.tables;
  return {
    clock,
    log: logJson,
    commands: new KinesisCommandBus(clients.kinesis, names.streams.commands),
    events: new DynamoEventLog(documents, t.events, clock),
    accountStore: new DynamoAccountStore(documents, t.accounts, clock),
    apiKeys: new DynamoApiKeyStore(documents, t.apiKeys, 10_000, clock),
    // A deleted key ends its account's user data streams: recorded in the listener change log for the fan-out.
    listenKeys: new DynamoListenKeyStore(
      documents,
      t.listenKeys,
      new DynamoListenerChanges(documents, t.listenerChanges, clock),
    ),
    rateLimiter: new DynamoRateLimiter(documents, t.rateLimits, undefined, clock),
    requests: new DynamoRequestLog(documents, t.requests, clock),
    idSlots: new DynamoIdSlots(documents, t.idSlots),
    progress: new DynamoProjectionProgress(documents, t.consumerCheckpoints, clock),
    ...awsReadModelStores(clients, names, clock),
  };
}
