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
  /**
   * The endpoints are the local stack's own emulators (kinesalite, dynalite, kinesis-local: local/emulators.ts).
   * They check that a request carries a SigV4 Authorization header and never verify its signature, so requests
   * get one of the right shape without the signing work (hashing the payload, the canonical request, an HMAC):
   * a few percent of the local stack's CPU per order (docs/local-stack.md, "CPU per order"). Everything else is
   * the SDK's as on AWS but three middleware the emulators ignore (EMULATOR_IGNORES). Not for LocalStack or AWS.
   */
  readonly emulator?: boolean;
}

/** Emulators accept any credentials; fixed ones keep kinesis-local on its default account (it reads the key id). */
const localCredentials = { accessKeyId: 'shardex-local', secretAccessKey: 'shardex-local' };
const localRegion = 'us-east-1';

export function createAwsClients(options: AwsClientOptions = {}): AwsClients {
  const kinesis = new KinesisClient(clientConfig('kinesis', options));
  const dynamodb = new DynamoDBClient(clientConfig('dynamodb', options));
  if (options.emulator)
    for (const client of [kinesis, dynamodb])
      for (const name of EMULATOR_IGNORES) client.middlewareStack.remove(name);
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
    ...(local && options.emulator ? { signer: emulatorSigner(service) } : {}),
    requestHandler: http1Handler(options.maxSockets ?? 50),
  };
}

/**
 * Middleware whose work no emulator looks at, taken off the emulators' clients (≈ 10% of a call's CPU, measured
 * on 2026-12-06): the User-Agent headers (built and escaped per request), the X-Amzn-Trace-Id of a Lambda's
 * trace (none locally) and the per-call logging to the SDK's no-op logger.
 */
const EMULATOR_IGNORES = ['getUserAgentMiddleware', 'recursionDetectionMiddleware', 'loggerMiddleware'];

/** What an emulator checks of SigV4 (local/emulators.ts): the header's shape, a date, the credential's scope. */
const emulatorSigner = (service: AwsService) => ({
  async sign<R extends { headers: Record<string, string> }>(
    request: R,
    options: { signingDate?: Date; signingRegion?: string; signingService?: string } = {},
  ): Promise<R> {
    const date = (options.signingDate ?? new Date()).toISOString().replace(/[-:]|\.\d{3}/g, '');
    const scope = `${date.slice(0, 8)}/${options.signingRegion ?? localRegion}/${options.signingService ?? service}`;
    request.headers['x-amz-date'] = date;
    request.headers.authorization = `AWS4-HMAC-SHA256 Credential=${localCredentials.accessKeyId}/${scope}/aws4_request, SignedHeaders=host;x-amz-date, Signature=${UNSIGNED}`;
    return request;
  },
});
const UNSIGNED = '0'.repeat(64);

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
