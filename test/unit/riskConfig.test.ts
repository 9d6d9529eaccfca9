// The risk service's configuration from its environment: the defaults it runs with (the shared account shard
// count, leases of 10 s renewed every 2.5 s, acting until 2 s before expiry), what the CDK and tests override, and
// a typo stopping the task at start rather than running it with a wrong fence.

import { readRiskConfig } from '../../risk-fargate/config';

test('defaults: the declared account shards, the default prefix, a 10 s lease renewed at a quarter, a fifth kept safe', () => {
  const config = readRiskConfig({});
  expect(config).toMatchObject({
    accountShards: 8,
    leaseDurationMs: 10_000,
    renewIntervalMs: 2_500,
    leaseSafetyMs: 2_000,
    idlePollMs: 100,
    healthPort: 8080,
    metricsIntervalMs: 10_000,
    logLevel: 'info',
  });
  expect(config.names.tables.riskLeases).toBe('shardex-riskLeases');
  expect(config.names.streams.commands).toBe('shardex-commands');
  expect(config.instanceId).toMatch(/^risk-/);
  expect(readRiskConfig({}).instanceId).not.toBe(config.instanceId);
  // No WebSocket stage to post to (a task run by hand): margin calls are logged only.
  expect(config.userStreamEndpoint).toBeUndefined();
});

test('the user data streams are reached at the stage endpoint the CDK gives (SHARDEX_WS_ENDPOINT)', () => {
  const endpoint = 'https://abc.execute-api.eu-west-1.amazonaws.com/ws';
  expect(readRiskConfig({ SHARDEX_WS_ENDPOINT: endpoint }).userStreamEndpoint).toBe(endpoint);
});

test('overrides: prefix, stream, shards, lease timings, instance id', () => {
  const config = readRiskConfig({
    SHARDEX_PREFIX: 'test-',
    SHARDEX_COMMANDS_STREAM: 'other-commands',
    RISK_ACCOUNT_SHARDS: '16',
    RISK_LEASE_DURATION_MS: '2000',
    RISK_ID: 'risk-a',
  });
  expect(config).toMatchObject({
    instanceId: 'risk-a',
    accountShards: 16,
    leaseDurationMs: 2_000,
    renewIntervalMs: 500,
    leaseSafetyMs: 400,
  });
  expect(config.names.tables.events).toBe('test-events');
  expect(config.names.streams.commands).toBe('other-commands');
});

test.each([
  ['RISK_ACCOUNT_SHARDS', '0'],
  ['RISK_ACCOUNT_SHARDS', '2.5'],
  ['RISK_LEASE_DURATION_MS', 'ten'],
])('%s=%s stops the start', (name, value) => {
  expect(() => readRiskConfig({ [name]: value })).toThrow(name);
});
