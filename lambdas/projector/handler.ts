import { createAwsClients } from '../../adapters/aws/clients';
import { awsProjectorPorts } from '../../adapters/aws/compose/projector';
import { batchOf } from '../../adapters/aws/eventStore/eventsStream';
import { projectorContext } from '../../application/context';
import { resourceNames } from '../../resources/declarations';
import { createProjectorHandler } from './app';

/** Lambda entry point of the projector, and its composition root: the events table's stream → every read model. */
export const handler = createProjectorHandler(
  projectorContext(awsProjectorPorts(createAwsClients(), resourceNames(process.env.SHARDEX_PREFIX))),
  batchOf,
);
