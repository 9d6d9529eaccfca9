import type { Clock } from '../../../application/ports/clock';
import type { AuditPorts } from '../../../application/ports/ports';
import type { ResourceNames } from '../../../resources/declarations';
import { logJson } from '../../jsonLog';
import { DynamoAccountStore } from '../accounts/accountStore';
import type { AwsClients } from '../clients';
import { DynamoEventLog } from '../eventStore/eventStore';
import { DynamoSnapshotStore } from '../eventStore/snapshotStore';
import { snapshotArchive } from '../eventStore/symbolSnapshot';

/** The ports of looking back (the operator CLI's book-at, account-at, replay, verify-log): read only. */
export function awsAuditPorts(
  clients: AwsClients,
  names: ResourceNames,
  clock: Clock = Date.now,
): AuditPorts {
  const documents = clients.documents;
  const t = names.tables;
  return {
    clock,
    log: logJson,
    events: new DynamoEventLog(documents, t.events, clock),
    snapshots: snapshotArchive(new DynamoSnapshotStore(documents, t.snapshots, clock)),
    accountStore: new DynamoAccountStore(documents, t.accounts, clock),
  };
}
