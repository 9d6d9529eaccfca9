import type { Clock } from '../../../application/ports/clock';
import type { OperatorPorts } from '../../../application/ports/ports';
import type { ResourceNames } from '../../../resources/declarations';
import type { AwsClients } from '../clients';
import { DynamoOperatorLog } from '../operator/operatorLog';
import { awsIngressPorts } from './ingress';

/** The operator CLI's ports: ingress's, and the operator's trail (a table no Lambda is granted or names). */
export function awsOperatorPorts(
  clients: AwsClients,
  names: ResourceNames,
  clock: Clock = Date.now,
): OperatorPorts {
  return {
    ...awsIngressPorts(clients, names, clock),
    operatorLog: new DynamoOperatorLog(clients.documents, names.tables.operatorActions),
  };
}
