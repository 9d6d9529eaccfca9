import type { RebuildPorts } from '../../../application/ports/ports';
import type { ResourceNames } from '../../../resources/declarations';
import type { AwsClients } from '../clients';
import { DynamoEventLog } from '../eventStore/eventStore';
import { DynamoReadModelReset } from '../readModels/readModelReset';
import { awsProjectorPorts } from './projector';

/** An operator's rebuild: the projector's ports, the log to replay, and the means to drop a model's items. */
export function awsRebuildPorts(clients: AwsClients, names: ResourceNames): RebuildPorts {
  return {
    ...awsProjectorPorts(clients, names),
    events: new DynamoEventLog(clients.documents, names.tables.events),
    readModelReset: new DynamoReadModelReset(clients.documents, names),
  };
}
