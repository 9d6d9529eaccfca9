import { AccountStore } from '../../adapters/accounts/accountStore';
import { createAwsClients } from '../../adapters/aws/clients';
import { SymbolDirectory } from '../../adapters/markets/symbolDirectory';
import { ProjectionProgress } from '../../adapters/readModels/projectionProgress';
import { resourceNames } from '../../resources/declarations';
import { createProjector } from './projector';
import { readModels } from './readModels';

/** Lambda entry point of the projector: the events table's stream → every read model. */
const clients = createAwsClients();
const names = resourceNames(process.env.SHARDEX_PREFIX);
const t = names.tables;

export const handler = createProjector(
  new ProjectionProgress(clients.documents, t.consumerCheckpoints),
  new SymbolDirectory(clients.documents, t.symbols),
  readModels(clients, names, new AccountStore(clients.documents, t.accounts)),
);
