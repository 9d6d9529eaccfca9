import type { Clock } from '../../../application/ports/clock';
import type { ProjectorPorts } from '../../../application/ports/ports';
import type { ResourceNames } from '../../../resources/declarations';
import { logJson } from '../../jsonLog';
import { DynamoAccountStore } from '../accounts/accountStore';
import type { AwsClients } from '../clients';
import { dynamoReadModelWrites, projectorDocuments } from '../readModels/batchPut';
import { DynamoProjectionProgress } from '../readModels/projectionProgress';
import { awsReadModelStores } from './readModelStores';

/** The projector's ports on DynamoDB: every read model's table, the accounts, its progress. */
export function awsProjectorPorts(
  clients: AwsClients,
  names: ResourceNames,
  clock: Clock = Date.now,
): ProjectorPorts {
  const documents = clients.documents;
  const t = names.tables;
  // The read models write through a client of their own: what the ReadModelWrites holds is theirs alone.
  const modelDocuments = projectorDocuments(clients);
  return {
    clock,
    log: logJson,
    accountStore: new DynamoAccountStore(documents, t.accounts, clock),
    ...awsReadModelStores({ ...clients, documents: modelDocuments }, names, clock),
    progress: new DynamoProjectionProgress(documents, t.consumerCheckpoints, clock),
    readModelWrites: dynamoReadModelWrites(modelDocuments),
  };
}
