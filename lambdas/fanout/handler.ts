import { createAwsClients } from '../../adapters/aws/clients';
import { awsFanoutPorts } from '../../adapters/aws/compose/fanout';
import { managementApiPoster } from '../../adapters/aws/connections/connectionPoster';
import { batchOf } from '../../adapters/aws/eventStore/eventsStream';
import { resourceNames } from '../../resources/declarations';
import { createFanoutHandler } from './app';

/**
 * Lambda entry point of the fan-out, and its composition root: the events table's stream → WebSocket clients.
 * SHARDEX_WS_ENDPOINT is the WebSocket API stage's connection management endpoint
 * (https://{api}.execute-api.{region}.amazonaws.com/{stage}).
 */
const endpoint = process.env.SHARDEX_WS_ENDPOINT;
if (!endpoint) throw new Error('SHARDEX_WS_ENDPOINT is not set: the fan-out has nowhere to post');

export const handler = createFanoutHandler(
  awsFanoutPorts(createAwsClients(), resourceNames(process.env.SHARDEX_PREFIX)),
  managementApiPoster(endpoint),
  batchOf,
);
