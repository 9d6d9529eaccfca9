// The AWS clients of one process, built in one place. Create them once at start-up and pass them in: handlers and
// the matcher never build their own, so tests and the local stack point everything at the emulators by passing
// different clients (or by AWS_ENDPOINT_URL alone).

import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { type AwsService, isLocalEndpoint, resolveEndpoint } from './endpoint';

export interface AwsClients {
  readonly kinesis: KinesisClient;
  readonly dynamodb: DynamoDBClient;
  /** DynamoDB with plain JavaScript values in and out. Shares the connection pool of `dynamodb`. */
  readonly documents: DynamoDBDocumentClient;
  /** Closes the keep-alive sockets so the process (or jest) can exit. The clients are unusable afterwards. */
  destroy(): void;
}

export interface AwsClientOptions {
  /** Endpoint for every service, e.g. LocalStack's single port. */
  readonly endpoint?: string;
  /** Per-service endpoints; win over `endpoint`. */
  readonly endpoints?: Partial<Record<AwsService, string>>;
  readonly region?: string;
  /** Where AWS_* variables are read from; defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Connection pool size per client. */
  readonly maxSockets?: number;
}

/** Emulators accept any credentials; fixed ones keep kinesis-local on its default account (it reads the key id). */
const localCredentials = { accessKeyId: 'shardex-local', secretAccessKey: 'shardex-local' };
const localRegion = 'us-east-1';

export function createAwsClients(options: AwsClientOptions = {}): AwsClients {
  const kinesis = new KinesisClient(clientConfig('kinesis', options));
  const dynamodb = new DynamoDBClient(clientConfig('dynamodb', options));
  const documents = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return {
    kinesis,
    dynamodb,
    documents,
    destroy() {
      kinesis.destroy();
      dynamodb.destroy();
    },
  };
}

function clientConfig(service: AwsService, options: AwsClientOptions) {
  const env = options.env ?? process.env;
  const endpoint = resolveEndpoint(service, options.endpoints?.[service] ?? options.endpoint, env);
  const local = isLocalEndpoint(endpoint);
  // Unset region on AWS: the SDK's chain (AWS_REGION, shared config) decides; Lambda and ECS always set AWS_REGION.
  const region =
    options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? (local ? localRegion : undefined);
  return {
    ...(endpoint ? { endpoint } : {}),
    ...(region ? { region } : {}),
    ...(local ? { credentials: localCredentials } : {}),
    requestHandler: http1Handler(options.maxSockets ?? 50),
  };
}

/**
 * HTTP/1.1 with keep-alive for every client. The Kinesis client defaults to HTTP/2, which not every emulator
 * speaks (kinesalite answers "Protocol error"); HTTP/2 matters only for SubscribeToShard (enhanced fan-out), and
 * the matcher polls with GetRecords instead. Keep-alive saves a TCP (and TLS) handshake per call.
 */
function http1Handler(maxSockets: number): NodeHttpHandler {
  return new NodeHttpHandler({
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
  });
}
