// The risk service on the synthesized template: a Fargate service of its own image in the matcher's cluster, its
// account shard count in every task's environment, a task role that may do exactly what its code does, and per
// symbol the alarms issue 15 asks for (risk service lag, insurance fund drawdown, ADL) and a dashboard row.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { defaultApp, flatten, REPO_ROOT, roleStatements, variantApp } from './synth';

const app = defaultApp();
const { stack } = app;
const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);
const arn = (construct: { node: { defaultChild?: unknown } }) => `<${logicalId(construct)}.Arn>`;

const statementsOf = (roleId: string) => roleStatements(app, roleId);

test('tasks of its own image in the matcher cluster, the account shards and health port in their environment', () => {
  app.template.hasResourceProperties('AWS::ECS::Service', {
    Cluster: { Ref: logicalId(stack.matcher.cluster) },
    DesiredCount: 2,
    DeploymentConfiguration: Match.objectLike({ DeploymentCircuitBreaker: { Enable: true, Rollback: true } }),
    TaskDefinition: { Ref: logicalId(stack.risk.taskDefinition) },
  });
  const task = app.resources('AWS::ECS::TaskDefinition')[logicalId(stack.risk.taskDefinition)]!;
  const [container] = task.Properties.ContainerDefinitions;
  expect(container.ReadonlyRootFilesystem).toBe(true);
  expect(container.Environment).toEqual(
    expect.arrayContaining([
      { Name: 'RISK_ACCOUNT_SHARDS', Value: '8' },
      { Name: 'RISK_HEALTH_PORT', Value: '8080' },
    ]),
  );
  expect(container.HealthCheck.Command.join(' ')).toContain('/health');
  const variant = variantApp();
  const variantTask =
    variant.resources('AWS::ECS::TaskDefinition')[
      variant.stack.getLogicalId(variant.stack.risk.taskDefinition.node.defaultChild as never)
    ]!;
  expect(variantTask.Properties.ContainerDefinitions[0].Environment).toEqual(
    expect.arrayContaining([{ Name: 'RISK_ACCOUNT_SHARDS', Value: '16' }]),
  );
});

test('its task role reads events, accounts and symbols, freezes accounts, leases ids and shards, puts commands', () => {
  const t = stack.storage.tables;
  expect(statementsOf(logicalId(stack.risk.taskDefinition.taskRole))).toEqual([
    { actions: ['kinesis:PutRecords'], resources: [`<${logicalId(stack.storage.streams.commands)}.Arn>`] },
    { actions: ['dynamodb:Query'], resources: [arn(t.events)] },
    { actions: ['dynamodb:PutItem', 'dynamodb:Query'], resources: [arn(t.accounts)] },
    { actions: ['dynamodb:GetItem', 'dynamodb:Scan'], resources: [arn(t.symbols)] },
    { actions: ['dynamodb:PutItem'], resources: [arn(t.idSlots)] },
    { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], resources: [arn(t.riskLeases)] },
    {
      actions: ['dynamodb:DeleteItem', 'dynamodb:Query'],
      resources: [arn(t.connections), `${arn(t.connections)}/index/byAccount`],
    },
    {
      actions: ['dynamodb:BatchWriteItem', 'dynamodb:Query'],
      resources: [
        arn(t.subscriptions),
        `${arn(t.subscriptions)}/index/byConnection`,
        `${arn(t.subscriptions)}/index/bySymbol`,
      ],
    },
    { actions: ['dynamodb:PutItem'], resources: [arn(t.listenerChanges)] },
    { actions: ['dynamodb:GetItem'], resources: [arn(t.listenKeys), `${arn(t.listenKeys)}/index/byAccount`] },
    { actions: ['execute-api:ManageConnections'], resources: expect.any(Array) },
  ]);
});

test('it may post to user data streams (MARGIN_CALL): the stage callback URL in its environment, this stage only', () => {
  const task = app.resources('AWS::ECS::TaskDefinition')[logicalId(stack.risk.taskDefinition)]!;
  const endpoint = task.Properties.ContainerDefinitions[0].Environment.find(
    (e: { Name: string }) => e.Name === 'SHARDEX_WS_ENDPOINT',
  );
  expect(flatten(endpoint.Value)).toContain(`<${logicalId(stack.webSocket.api)}>`);
  const manage = statementsOf(logicalId(stack.risk.taskDefinition.taskRole)).find((s) =>
    s.actions.includes('execute-api:ManageConnections'),
  )!;
  expect(manage.resources.map((r) => r.replace(/.*:<[^>]+>\//, '')).sort()).toEqual([
    'ws/DELETE/@connections/*',
    'ws/POST/@connections/*',
  ]);
});

test('every AWS SDK command of the adapters it alone brings (leases, command bus, id slots) is granted', () => {
  const files = [
    'adapters/aws/accounts/accountShardLeases.ts',
    'adapters/aws/commands/commandBus.ts',
    'adapters/aws/access/idSlots.ts',
    'adapters/aws/connections/connectionStore.ts',
    'adapters/aws/connections/subscriptionStore.ts',
  ];
  const sent = new Set<string>();
  for (const file of files)
    for (const [, name] of readFileSync(path.join(REPO_ROOT, file), 'utf8').matchAll(/new (\w+)Command\(/g))
      sent.add(name!);
  const granted = new Set(
    statementsOf(logicalId(stack.risk.taskDefinition.taskRole)).flatMap((s) =>
      s.actions.map((a) => a.split(':')[1]!),
    ),
  );
  const asIam = (name: string) =>
    ({
      Put: 'PutItem',
      Get: 'GetItem',
      Update: 'UpdateItem',
      Delete: 'DeleteItem',
      BatchWrite: 'BatchWriteItem',
    })[name] ?? name;
  expect([...sent].map(asIam).filter((action) => !granted.has(action))).toEqual([]);
});

test('per symbol: risk lag (silence breaches), insurance fund drawdown and ADL alarms on the risk metrics', () => {
  const alarms = Object.values(app.resources('AWS::CloudWatch::Alarm')).filter(
    (a) => a.Properties.Namespace === 'Shardex/Risk',
  );
  const byMetric = (name: string) =>
    alarms.filter((a) => a.Properties.MetricName === name).map((a) => a.Properties);
  for (const [name, expected] of [
    ['RiskLagSeconds', { Threshold: 30, Period: 30, Statistic: 'Maximum', TreatMissingData: 'breaching' }],
    [
      'InsurancePaid',
      { Threshold: 10_000, Period: 3600, Statistic: 'Sum', TreatMissingData: 'notBreaching' },
    ],
    ['AdlEvents', { Threshold: 0, Period: 60, Statistic: 'Sum', ComparisonOperator: 'GreaterThanThreshold' }],
  ] as const) {
    const found = byMetric(name);
    expect(found.map((a) => a.Dimensions)).toEqual(
      ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'].map((symbol) =>
        expect.arrayContaining([
          { Name: 'Symbol', Value: symbol },
          { Name: 'Service', Value: 'risk' },
        ]),
      ),
    );
    for (const alarm of found)
      expect(alarm).toMatchObject({
        ...expected,
        AlarmActions: [{ Ref: logicalId(stack.monitoring.topic) }],
      });
  }
  const variant = variantApp();
  const drawdown = Object.values(variant.resources('AWS::CloudWatch::Alarm')).filter(
    (a) => a.Properties.MetricName === 'InsurancePaid',
  );
  expect(drawdown.map((a) => a.Properties.Threshold)).toEqual([5000, 5000]);
});

test('the dashboard has the per-symbol liquidation and insurance fund panel', () => {
  const [dashboard] = Object.values(app.resources('AWS::CloudWatch::Dashboard'));
  // The body is an Fn::Join of JSON text around tokens (region, ARNs): the text with the tokens stubbed parses.
  const pieces = (dashboard!.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
  const body = JSON.parse(pieces.map((p) => (typeof p === 'string' ? p : 'token')).join('')) as {
    widgets: { properties: { title?: string; metrics?: string[][] } }[];
  };
  const panel = (title: string) =>
    body.widgets
      .find((w) => w.properties.title?.startsWith(title))!
      .properties.metrics!.map((m) => `${m[0]} ${m[1]} ${m[5]}`);
  const perSymbol = (metric: string) =>
    ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'].map((s) => `Shardex/Risk ${metric} ${s}`);
  expect(panel('Liquidations')).toEqual([...perSymbol('Liquidations'), ...perSymbol('AdlEvents')]);
  expect(panel('Insurance fund')).toEqual([...perSymbol('InsuranceBalance'), ...perSymbol('InsurancePaid')]);
  expect(panel('Risk service lag')).toEqual(perSymbol('RiskLagSeconds'));
});
