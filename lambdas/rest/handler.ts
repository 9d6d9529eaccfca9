import { createAwsClients } from '../../adapters/aws/clients';
import { awsIngressPorts } from '../../adapters/aws/compose/ingress';
import { ingressContext } from '../../application/context';
import { resourceNames } from '../../resources/declarations';
import { createRestApi } from './app';

/**
 * Lambda entry point of the REST API (API Gateway HTTP API, payload format 2.0), and its composition root: the
 * ports on DynamoDB and Kinesis are built once per container, at cold start; SHARDEX_PREFIX names the
 * environment's tables and stream.
 */
export const handler = createRestApi(
  ingressContext(awsIngressPorts(createAwsClients(), resourceNames(process.env.SHARDEX_PREFIX))),
);
