// Endpoint configuration alone points the code at the emulators (or LocalStack, or AWS): the SDK reads
// AWS_ENDPOINT_URL[_<SERVICE>] itself, and the client factory resolves it the same way.

import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { KinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createAwsClients } from '../../adapters/aws/clients';
import { isLocalEndpoint, resolveEndpoint } from '../../adapters/aws/endpoint';
import { type LocalEmulators, startEmulators } from '../../local/emulators';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

let local: LocalEmulators;
beforeAll(async () => {
  local = await startEmulators({ kinesis: 'kinesalite' });
});
afterAll(() => local?.stop());

/** Runs f with extra environment variables, then restores the ones it changed. */
async function withEnv<T>(vars: Record<string, string>, f: () => Promise<T>): Promise<T> {
  const saved = Object.keys(vars).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, vars);
  try {
    return await f();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe('the SDK alone', () => {
  test('honours AWS_ENDPOINT_URL_KINESIS and AWS_ENDPOINT_URL_DYNAMODB', async () => {
    const env = {
      AWS_ENDPOINT_URL_KINESIS: local.endpoints.kinesis,
      AWS_ENDPOINT_URL_DYNAMODB: local.endpoints.dynamodb,
    };
    await withEnv(env, async () => {
      // HTTP/1.1: kinesalite refuses the Kinesis client's default HTTP/2 ("Protocol error").
      const kinesis = new KinesisClient({
        region: 'us-east-1',
        credentials,
        requestHandler: new NodeHttpHandler(),
      });
      const dynamodb = new DynamoDBClient({ region: 'us-east-1', credentials });
      try {
        const { StreamNames } = await kinesis.send(new ListStreamsCommand({}));
        const { TableNames } = await dynamodb.send(new ListTablesCommand({}));
        expect(StreamNames).toContain(local.names.streams.commands);
        expect(TableNames).toContain(local.names.tables.events);
      } finally {
        kinesis.destroy();
        dynamodb.destroy();
      }
    });
  });

  test('honours AWS_ENDPOINT_URL', async () => {
    await withEnv({ AWS_ENDPOINT_URL: local.endpoints.dynamodb }, async () => {
      const dynamodb = new DynamoDBClient({ region: 'us-east-1', credentials });
      try {
        const { TableNames } = await dynamodb.send(new ListTablesCommand({}));
        expect(TableNames).toContain(local.names.tables.events);
      } finally {
        dynamodb.destroy();
      }
    });
  });
});

describe('createAwsClients', () => {
  test('finds the emulators from the environment, with local credentials and region', async () => {
    // No credentials or region in this environment: a local endpoint needs neither.
    const clients = createAwsClients({
      env: { AWS_ENDPOINT_URL_KINESIS: local.endpoints.kinesis, AWS_ENDPOINT_URL: local.endpoints.dynamodb },
    });
    try {
      const { StreamNames } = await clients.kinesis.send(new ListStreamsCommand({}));
      const { TableNames } = await clients.dynamodb.send(new ListTablesCommand({}));
      expect(StreamNames).toContain(local.names.streams.commands);
      expect(TableNames).toContain(local.names.tables.events);
      expect(clients.kinesis.config.requestHandler).toBeInstanceOf(NodeHttpHandler);
    } finally {
      clients.destroy();
    }
  });

  test("the emulators' clients send a SigV4-shaped Authorization header without signing, and no user agent; other clients sign", async () => {
    const authorizations: string[] = [];
    const userAgents: (string | undefined)[] = [];
    const capture = (client: DynamoDBClient) =>
      client.middlewareStack.add(
        (next) => async (args) => {
          const request = args.request as { headers: Record<string, string> };
          authorizations.push(request.headers.authorization ?? '');
          userAgents.push(request.headers['x-amz-user-agent']);
          return next(args);
        },
        { step: 'deserialize', name: 'captureAuthorization' },
      );
    const emulator = createAwsClients({ endpoints: local.endpoints, emulator: true });
    const signing = createAwsClients({ endpoints: local.endpoints });
    try {
      capture(emulator.dynamodb);
      capture(signing.dynamodb);
      // Both are accepted by dynalite (it checks the header's shape, never the signature).
      expect((await emulator.dynamodb.send(new ListTablesCommand({}))).TableNames).toContain(
        local.names.tables.events,
      );
      expect((await signing.dynamodb.send(new ListTablesCommand({}))).TableNames).toContain(
        local.names.tables.events,
      );
      const shape =
        /^AWS4-HMAC-SHA256 Credential=shardex-local\/\d{8}\/us-east-1\/dynamodb\/aws4_request, SignedHeaders=[^,]+, Signature=([0-9a-f]{64})$/;
      expect(authorizations).toEqual([expect.stringMatching(shape), expect.stringMatching(shape)]);
      const [unsigned, signed] = authorizations.map((header) => shape.exec(header)?.[1]);
      expect(unsigned).toBe('0'.repeat(64));
      expect(signed).toMatch(/^[0-9a-f]{64}$/);
      expect(signed).not.toBe('0'.repeat(64));
      // Nor do they build the SDK's user agent headers, which the emulators ignore.
      expect(userAgents[0]).toBeUndefined();
      expect(userAgents[1]).toMatch(/aws-sdk-js/);
    } finally {
      emulator.destroy();
      signing.destroy();
    }
  });

  test('an explicit endpoint wins over the environment, a per-service variable over the global one', () => {
    const env = { AWS_ENDPOINT_URL: 'http://global:1', AWS_ENDPOINT_URL_KINESIS: 'http://kinesis:2' };
    expect(resolveEndpoint('kinesis', 'http://explicit:3', env)).toBe('http://explicit:3');
    expect(resolveEndpoint('kinesis', undefined, env)).toBe('http://kinesis:2');
    expect(resolveEndpoint('dynamodb', undefined, env)).toBe('http://global:1');
    expect(resolveEndpoint('dynamodb', undefined, {})).toBeUndefined();
  });

  test('only loopback endpoints count as local', () => {
    expect(isLocalEndpoint('http://127.0.0.1:4566')).toBe(true);
    expect(isLocalEndpoint('http://localhost:4566')).toBe(true);
    expect(isLocalEndpoint('http://[::1]:4566')).toBe(true);
    expect(isLocalEndpoint('https://localhost.localstack.cloud:4566')).toBe(true);
    expect(isLocalEndpoint('http://localstack:4566')).toBe(false);
    expect(isLocalEndpoint('https://kinesis.eu-west-1.amazonaws.com')).toBe(false);
    expect(isLocalEndpoint(undefined)).toBe(false);
  });
});
