// The index feed service and the funding schedule on the synthesized template: what each may do (PutRecords on
// the commands stream, and the funding Lambda a Scan of the symbols read model, nothing else), how the schedule
// fires and retries, and the alarms: a stale index per symbol, a missed funding settlement.

import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { defaultApp, flatten, REPO_ROOT, roleStatements, variantApp } from './synth';

const app = defaultApp();
const { stack } = app;
const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);
const stream = () => `<${logicalId(stack.storage.streams.commands)}.Arn>`;

const statementsOf = (roleId: string) => roleStatements(app, roleId);

describe('the index feed service', () => {
  test('its task role may put records on the commands stream, and nothing else', () => {
    expect(statementsOf(logicalId(stack.indexFeed.taskDefinition.taskRole))).toEqual([
      { actions: ['kinesis:PutRecords'], resources: [stream()] },
    ]);
  });

  test('every AWS SDK command its code sends is granted: PutRecords, and nothing else is sent', () => {
    const folders = ['index-feed-fargate', 'adapters/quotes', 'adapters/aws/commands'];
    const sent = new Set<string>();
    for (const folder of folders)
      for (const file of readdirSync(path.join(REPO_ROOT, folder)).filter((f) => f.endsWith('.ts')))
        for (const [, name] of readFileSync(path.join(REPO_ROOT, folder, file), 'utf8').matchAll(
          /new (\w+)Command\(/g,
        ))
          sent.add(`kinesis:${name}`);
    expect([...sent]).toEqual(['kinesis:PutRecords']);
  });

  test('one small task in the matcher cluster, its own image, the symbols and health port in its environment', () => {
    app.template.hasResourceProperties('AWS::ECS::Service', {
      Cluster: { Ref: logicalId(stack.matcher.cluster) },
      DesiredCount: 1,
      DeploymentConfiguration: Match.objectLike({
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      }),
      TaskDefinition: { Ref: logicalId(stack.indexFeed.taskDefinition) },
    });
    const task = app.resources('AWS::ECS::TaskDefinition')[logicalId(stack.indexFeed.taskDefinition)]!;
    expect(task.Properties).toMatchObject({ Cpu: '256', Memory: '512' });
    const [container] = task.Properties.ContainerDefinitions;
    expect(container.ReadonlyRootFilesystem).toBe(true);
    expect(container.Environment).toEqual(
      expect.arrayContaining([
        { Name: 'INDEX_SYMBOLS', Value: 'BTCUSDT,ETHUSDT,SOLUSDT' },
        { Name: 'INDEX_HEALTH_PORT', Value: '8080' },
      ]),
    );
    expect(container.HealthCheck.Command.join(' ')).toContain('/health');
  });

  test('its security group lets nothing in and only HTTPS out', () => {
    const groups = Object.values(app.resources('AWS::EC2::SecurityGroup')).filter((g) =>
      String(g.Properties.GroupDescription).startsWith('shardex index feed'),
    );
    expect(groups).toHaveLength(1);
    expect(groups[0]!.Properties.SecurityGroupIngress).toBeUndefined();
    expect(groups[0]!.Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }),
    ]);
  });

  test('an alarm per indexed symbol: no fresh index for 30 s, a silent feed counting as stale', () => {
    const stale = Object.values(app.resources('AWS::CloudWatch::Alarm')).filter(
      (a) => a.Properties.MetricName === 'IndexAgeSeconds',
    );
    expect(stale.map((a) => a.Properties.Dimensions)).toEqual(
      ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'].map((symbol) =>
        expect.arrayContaining([
          { Name: 'Symbol', Value: symbol },
          { Name: 'Service', Value: 'index-feed' },
        ]),
      ),
    );
    for (const alarm of stale)
      expect(alarm.Properties).toMatchObject({
        Namespace: 'Shardex/IndexFeed',
        Statistic: 'Maximum',
        Period: 30,
        Threshold: 30,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'breaching',
        AlarmActions: [{ Ref: logicalId(stack.monitoring.topic) }],
      });
  });

  test('the indexed symbols come from the context', () => {
    const variant = variantApp();
    const stale = Object.values(variant.resources('AWS::CloudWatch::Alarm')).filter(
      (a) => a.Properties.MetricName === 'IndexAgeSeconds',
    );
    expect(stale).toHaveLength(2);
  });
});

describe('the funding schedule', () => {
  test('fires at minute 0 of every hour UTC with the scheduled time, retries for an hour, then dead-letters', () => {
    const schedules = Object.values(app.resources('AWS::Scheduler::Schedule'));
    expect(schedules).toHaveLength(1);
    const { Properties } = schedules[0]!;
    expect(Properties.ScheduleExpression).toBe('cron(0 * * * ? *)');
    expect(Properties.ScheduleExpressionTimezone).toBe('Etc/UTC');
    expect(Properties.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    expect(JSON.parse(Properties.Target.Input)).toEqual({ scheduledTime: '<aws.scheduler.scheduled-time>' });
    expect(Properties.Target.RetryPolicy).toEqual({
      MaximumEventAgeInSeconds: 3600,
      MaximumRetryAttempts: 10,
    });
    expect(flatten(Properties.Target.DeadLetterConfig.Arn)).toBe(
      `<${logicalId(stack.funding.deadLetterQueue)}.Arn>`,
    );
    expect(flatten(Properties.Target.Arn)).toBe(`<${logicalId(stack.funding.function.function)}.Arn>`);
  });

  test('its Lambda may scan the symbols read model and put records on the commands stream, nothing else', () => {
    const statements = statementsOf(logicalId(stack.funding.function.role));
    expect(statements).toEqual(
      expect.arrayContaining([
        { actions: ['dynamodb:Scan'], resources: [`<${logicalId(stack.storage.tables.symbols)}.Arn>`] },
        { actions: ['kinesis:PutRecords'], resources: [stream()] },
      ]),
    );
    expect(statements.flatMap((s) => s.actions).sort()).toEqual([
      'dynamodb:Scan',
      'kinesis:PutRecords',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]);
  });

  test('"funding settlement missed" alarms: not invoked in an hour, an invocation failed, one dead-lettered', () => {
    const alarms = Object.entries(app.resources('AWS::CloudWatch::Alarm'))
      .filter(([id]) => id.startsWith('Funding'))
      .map(([, a]) => a.Properties);
    expect(alarms).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          MetricName: 'Invocations',
          Period: 3600,
          Threshold: 1,
          ComparisonOperator: 'LessThanThreshold',
          TreatMissingData: 'breaching',
        }),
        expect.objectContaining({ MetricName: 'Errors', Threshold: 0 }),
        expect.objectContaining({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 0 }),
      ]),
    );
    expect(alarms).toHaveLength(3);
    for (const alarm of alarms) expect(alarm.AlarmDescription).toMatch(/^Funding settlement missed/);
  });
});
