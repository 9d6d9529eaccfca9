// Which endpoint a service client talks to, and whether that endpoint is a local emulator.
//
// The SDK v3 resolves AWS_ENDPOINT_URL_<SERVICE> and AWS_ENDPOINT_URL by itself (it is checked in
// test/integration/emulators.test.ts). We resolve them here too, with the SDK's precedence, because the client
// factory must know the endpoint up front: a local endpoint gets dummy credentials and a default region.

export type AwsService = 'kinesis' | 'dynamodb';

/** The SDK's service ids, upper-cased in the per-service environment variable. */
const envSuffix: Record<AwsService, string> = { kinesis: 'KINESIS', dynamodb: 'DYNAMODB' };

/**
 * The endpoint URL for a service: an explicit one wins, then AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL;
 * undefined means the SDK's own resolution (real AWS, or `endpoint_url` in the shared config file).
 */
export function resolveEndpoint(
  service: AwsService,
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (explicit) return explicit;
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') return undefined;
  return env[`AWS_ENDPOINT_URL_${envSuffix[service]}`] || env.AWS_ENDPOINT_URL || undefined;
}

/** Loopback hosts only: an endpoint elsewhere (LocalStack on another host, a VPC endpoint) keeps real credentials. */
export function isLocalEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === 'localhost.localstack.cloud' ||
    host === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(host)
  );
}
