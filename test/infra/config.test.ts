// Configuration comes from CDK context, with defaults; -c values arrive as strings and are parsed and checked.

import { ConfigError, DEFAULT_CONFIG, parseConfig } from '../../lib/config';

const parse = (context: Record<string, unknown>) => parseConfig((key) => context[key]);

test('defaults', () => {
  expect(parse({})).toEqual(DEFAULT_CONFIG);
  expect(DEFAULT_CONFIG).toMatchObject({ prefix: 'shardex-', stackName: 'shardex', commandShards: 4 });
});

test('command-line strings and cdk.json values', () => {
  expect(
    parse({
      prefix: 'shardex-prod-',
      commandShards: '16',
      matcherCpu: 1024,
      matcherMemoryMiB: '2048',
      removalPolicy: 'retain',
      apiGatewayAccountRole: 'false',
      alarmEmail: 'ops@example.com',
    }),
  ).toMatchObject({
    prefix: 'shardex-prod-',
    stackName: 'shardex-prod',
    commandShards: 16,
    matcherCpu: 1024,
    matcherMemoryMiB: 2048,
    removalPolicy: 'retain',
    apiGatewayAccountRole: false,
    alarmEmail: 'ops@example.com',
  });
});

test.each([
  [{ prefix: 'Shardex_' }, /prefix/],
  [{ commandShards: '0' }, /commandShards/],
  [{ commandShards: 'four' }, /commandShards/],
  [{ streamRetentionHours: '12' }, /streamRetentionHours/],
  [{ matcherCpu: '512', matcherMemoryMiB: '512' }, /Fargate task size/],
  [{ matcherStopTimeoutSeconds: '600' }, /matcherStopTimeoutSeconds/],
  [{ logRetentionDays: '10' }, /logRetentionDays/],
  [{ removalPolicy: 'snapshot' }, /removalPolicy/],
  [{ matcherArchitecture: 'arm' }, /matcherArchitecture/],
  [{ apiGatewayAccountRole: 'yes' }, /apiGatewayAccountRole/],
  [{ alarmEmail: 'ops' }, /alarmEmail/],
])('%j is refused', (context, message) => {
  expect(() => parse(context)).toThrow(ConfigError);
  expect(() => parse(context)).toThrow(message);
});

test('indexSymbols: the index feed symbols, comma-separated, each <BASE>USDT once', () => {
  expect(parse({ indexSymbols: 'BTCUSDT, DOGEUSDT' }).indexSymbols).toEqual(['BTCUSDT', 'DOGEUSDT']);
  for (const bad of ['btcusdt', 'BTCUSDT,BTCUSDT', 'BTCUSD', 'BTCUSDT,,ETHUSDT'])
    expect(() => parse({ indexSymbols: bad })).toThrow(/indexSymbols/);
});
