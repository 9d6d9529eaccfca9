import { createAwsClients } from '../../adapters/aws/clients';
import { KinesisCommandBus } from '../../adapters/aws/commands/commandBus';
import { DynamoSymbolDirectory } from '../../adapters/aws/readModels/symbolDirectory';
import { resourceNames } from '../../resources/declarations';
import { createFundingHandler } from './app';

/** Lambda entry point of the funding schedule, and its composition root: the symbols read model → PutRecords. */
const clients = createAwsClients();
const names = resourceNames(process.env.SHARDEX_PREFIX);
export const handler = createFundingHandler({
  commands: new KinesisCommandBus(clients.kinesis, names.streams.commands),
  symbols: new DynamoSymbolDirectory(clients.documents, names.tables.symbols),
  clock: Date.now,
});
