// The pipeline's wiring: every runtime piece of the repo is deployed, with the settings the architecture asks for.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Token } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { HTTP_ENTRY } from '../../lib/commandIngress';
import { FUNDING_ENTRY } from '../../lib/fundingSchedule';
import { INDEX_FEED_DOCKERFILE } from '../../lib/indexFeedService';
import { FANOUT_ENTRY, WS_ENDPOINT_VARIABLE, WS_ENTRY, WS_STAGE } from '../../lib/marketDataWebSocket';
import { MATCHER_DOCKERFILE, MATCHER_METRICS } from '../../lib/matcherService';
import { THRESHOLDS } from '../../lib/monitoring';
import { PROJECTOR_ENTRY } from '../../lib/readSide';
import { RISK_DOCKERFILE } from '../../lib/riskService';
import { defaultApp, flatten, REPO_ROOT, ROUTES, variantApp } from './synth';

const app = defaultApp();
const { template, stack } = app;
const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);

const functions = {
  http: stack.ingress.handler,
  projector: stack.readSide.projector,
  ws: stack.webSocket.handler,
  fanout: stack.webSocket.fanout,
  funding: stack.funding.function,
};

describe('Lambda functions', () => {
  test('every entry point of the repo is deployed', () => {
    expect([HTTP_ENTRY, PROJECTOR_ENTRY, WS_ENTRY, FANOUT_ENTRY]).toEqual([
      'lambdas/rest/handler.ts',
      'lambdas/projector/handler.ts',
      'lambdas/websocket/handler.ts',
      'lambdas/fanout/handler.ts',
    ]);
    // Every handler folder's Lambda entry is one of them: a new one must be deployed to be there.
    const entries = readdirSync(path.join(REPO_ROOT, 'lambdas'))
      .map((folder) => `lambdas/${folder}/handler.ts`)
      .filter((entry) => existsSync(path.join(REPO_ROOT, entry)));
    expect(entries.sort()).toEqual(
      [HTTP_ENTRY, PROJECTOR_ENTRY, WS_ENTRY, FANOUT_ENTRY, FUNDING_ENTRY].sort(),
    );
  });

  test.each(Object.entries(functions))(
    '%s: Node 22 on arm64, its own log group, SHARDEX_PREFIX',
    (_name, fn) => {
      const properties = app.resources('AWS::Lambda::Function')[logicalId(fn.function)]!.Properties;
      expect(properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: logicalId(fn.logGroup) } },
        Environment: { Variables: expect.objectContaining({ SHARDEX_PREFIX: 'shardex-' }) },
      });
      expect(properties.Role).toEqual({ 'Fn::GetAtt': [logicalId(fn.role), 'Arn'] });
      const logGroup = app.resources('AWS::Logs::LogGroup')[logicalId(fn.logGroup)]!;
      expect(logGroup.Properties.RetentionInDays).toBe(30);
    },
  );

  test('log retention comes from context', () => {
    const synth = variantApp();
    for (const group of Object.values(synth.resources('AWS::Logs::LogGroup'))) {
      expect(group.Properties.RetentionInDays).toBe(90);
    }
  });
});

describe('events stream consumers', () => {
  const mappings = app.resources('AWS::Lambda::EventSourceMapping');
  const eventsStream = { 'Fn::GetAtt': [logicalId(stack.storage.tables.events), 'StreamArn'] };

  test('exactly two readers of the events stream: the projector and the fan-out', () => {
    expect(Object.keys(mappings)).toHaveLength(2);
    const targets = Object.values(mappings).map((m) => m.Properties.FunctionName);
    expect(targets).toEqual(
      expect.arrayContaining([
        { Ref: logicalId(functions.projector.function) },
        { Ref: logicalId(functions.fanout.function) },
      ]),
    );
    for (const m of Object.values(mappings)) expect(m.Properties.EventSourceArn).toEqual(eventsStream);
  });

  test.each([
    ['projector', stack.readSide.consumer, 'TRIM_HORIZON', 10, 86_400],
    ['fan-out', stack.webSocket.consumer, 'LATEST', 2, 300],
  ] as const)(
    '%s: bisect, bounded retries and age, partial failures, encrypted DLQ',
    (_n, consumer, start, retries, age) => {
      const mapping = mappings[logicalId(consumer.mapping)]!.Properties;
      expect(mapping).toMatchObject({
        StartingPosition: start,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: retries,
        MaximumRecordAgeInSeconds: age,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ParallelizationFactor: 1,
        DestinationConfig: {
          OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(consumer.deadLetterQueue), 'Arn'] } },
        },
      });
      const queue = app.resources('AWS::SQS::Queue')[logicalId(consumer.deadLetterQueue)]!.Properties;
      expect(queue.SqsManagedSseEnabled).toBe(true);
      expect(queue.MessageRetentionPeriod).toBe(14 * 24 * 3600);
      // The mapping is created after its role may read the stream (Lambda checks on creation).
      expect(mappings[logicalId(consumer.mapping)]!.DependsOn).toEqual(
        expect.arrayContaining([expect.stringMatching(/RoleDefaultPolicy/)]),
      );
    },
  );

  test('the DLQs accept TLS only', () => {
    for (const policy of Object.values(app.resources('AWS::SQS::QueuePolicy'))) {
      expect(JSON.stringify(policy.Properties)).toContain('"aws:SecureTransport":"false"');
    }
  });
});

describe('REST API', () => {
  const routeKeys = Object.values(app.resources('AWS::ApiGatewayV2::Route'))
    .filter((r) => flatten(r.Properties.ApiId) === `<${logicalId(stack.ingress.api)}>`)
    .map((r) => r.Properties.RouteKey as string);

  test('one route per route of the contract table, plus $default', () => {
    expect(ROUTES.rest.length).toBeGreaterThan(10);
    expect(routeKeys.sort()).toEqual([...ROUTES.rest.map((r) => `${r.method} ${r.path}`), '$default'].sort());
  });

  test('an HTTP API with payload format 2.0 into the ingress Lambda', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { ProtocolType: 'HTTP' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      ApiId: { Ref: logicalId(stack.ingress.api) },
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [logicalId(functions.http.function), 'Arn'] },
    });
    // One invoke permission for the whole API, not one per route.
    const permissions = Object.values(app.resources('AWS::Lambda::Permission')).filter(
      (p) => flatten(p.Properties.FunctionName) === `<${logicalId(functions.http.function)}.Arn>`,
    );
    expect(permissions).toHaveLength(1);
    expect(flatten(permissions[0]!.Properties.SourceArn)).toContain(
      `<${logicalId(stack.ingress.api)}>/*/*/*`,
    );
  });

  test('the $default stage is throttled and access-logged without query strings', () => {
    const stage = app.resources('AWS::ApiGatewayV2::Stage')[logicalId(stack.ingress.stage)]!.Properties;
    expect(stage).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: 500,
        ThrottlingBurstLimit: 1000,
        DetailedMetricsEnabled: true,
      },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [logicalId(stack.ingress.accessLogs), 'Arn'] } },
    });
    expect(stage.AccessLogSettings.Format).not.toMatch(/querystring|rawQueryString|body|x-mbx-apikey/i);
    const throttled = variantApp();
    throttled.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 }),
    });
  });
});

describe('WebSocket API', () => {
  const wsApi = logicalId(stack.webSocket.api);
  const routes = Object.values(app.resources('AWS::ApiGatewayV2::Route')).filter(
    (r) => flatten(r.Properties.ApiId) === `<${wsApi}>`,
  );

  test('$connect, $disconnect, $default and one route per method, selected by $request.body.method', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.method',
    });
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(
      ['$connect', '$disconnect', '$default', ...ROUTES.webSocket].sort(),
    );
    for (const method of ['SUBSCRIBE', 'UNSUBSCRIBE', 'LIST_SUBSCRIPTIONS', 'order.place', 'order.cancel']) {
      expect(ROUTES.webSocket).toContain(method);
    }
  });

  test('a throttled, access-logged stage deployed after the account logging role', () => {
    const stage = app.resources('AWS::ApiGatewayV2::Stage')[logicalId(stack.webSocket.stage)]!;
    expect(stage.Properties).toMatchObject({
      StageName: WS_STAGE,
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 },
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [logicalId(stack.webSocket.accessLogs), 'Arn'] } },
    });
    expect(stage.DependsOn).toContain('ApiGatewayAccount');
    variantApp().template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: WS_STAGE,
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
    template.resourceCountIs('AWS::ApiGateway::Account', 1);
    const without = variantApp();
    without.template.resourceCountIs('AWS::ApiGateway::Account', 0);
  });

  test('the fan-out and the ws Lambda may post to and close connections of this stage only', () => {
    for (const fn of [functions.ws, functions.fanout]) {
      const variables =
        app.resources('AWS::Lambda::Function')[logicalId(fn.function)]!.Properties.Environment.Variables;
      expect(flatten(variables[WS_ENDPOINT_VARIABLE])).toBe(
        `https://<${wsApi}>.execute-api.<AWS::Region>.<AWS::URLSuffix>/${WS_STAGE}`,
      );
      const statements = policyStatements(logicalId(fn.role)).filter((s) =>
        [s.Action].flat().includes('execute-api:ManageConnections'),
      );
      expect(statements).toHaveLength(1);
      expect([statements[0]!.Resource].flat().map(flatten).sort()).toEqual([
        `arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${wsApi}>/${WS_STAGE}/DELETE/@connections/*`,
        `arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${wsApi}>/${WS_STAGE}/POST/@connections/*`,
      ]);
    }
  });
});

describe('matcher service', () => {
  const taskDefinition = () => Object.values(app.resources('AWS::ECS::TaskDefinition'))[0]!.Properties;
  const container = () => taskDefinition().ContainerDefinitions[0];

  test('Fargate on arm64 with the task size from context', () => {
    expect(taskDefinition()).toMatchObject({
      Cpu: '512',
      Memory: '1024',
      RequiresCompatibilities: ['FARGATE'],
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
    });
    const bigger = variantApp();
    bigger.template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '1024',
      Memory: '4096',
      RuntimePlatform: { CpuArchitecture: 'X86_64' },
    });
  });

  test('the image is built from matching-fargate/Dockerfile at deploy time, from the matcher inputs only', () => {
    expect(flatten(container().Image)).toMatch(/container-assets/);
    const assembly = app.app.synth();
    const assets = JSON.parse(
      readFileSync(path.join(assembly.directory, `${stack.artifactId}.assets.json`), 'utf8'),
    ) as { dockerImages: Record<string, { source: Record<string, unknown> }> };
    // Three images: the matcher's, the index feed's (lib/indexFeedService.ts) and the risk service's
    // (lib/riskService.ts), each from its own Dockerfile.
    const images = Object.values(assets.dockerImages).map((image) => image.source);
    expect(images).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ dockerFile: MATCHER_DOCKERFILE, platform: 'linux/arm64' }),
        expect.objectContaining({ dockerFile: INDEX_FEED_DOCKERFILE, platform: 'linux/arm64' }),
        expect.objectContaining({ dockerFile: RISK_DOCKERFILE, platform: 'linux/arm64' }),
      ]),
    );
    expect(images).toHaveLength(3);
  });

  test('graceful drain, health check, logs, least environment', () => {
    expect(container()).toMatchObject({
      Essential: true,
      ReadonlyRootFilesystem: true,
      StopTimeout: 60,
      HealthCheck: {
        Command: ['CMD', 'node', '-e', expect.stringContaining('127.0.0.1:8080/health')],
        Interval: 10,
        Retries: 3,
        StartPeriod: 30,
        Timeout: 5,
      },
      LogConfiguration: {
        LogDriver: 'awslogs',
        Options: expect.objectContaining({ mode: 'non-blocking', 'awslogs-stream-prefix': 'matcher' }),
      },
    });
    expect(container().Environment).toEqual(
      expect.arrayContaining([{ Name: 'SHARDEX_PREFIX', Value: 'shardex-' }]),
    );
    const slower = variantApp();
    slower.template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ StopTimeout: 120 })],
    });
  });

  test('rolling deploys with a circuit breaker that rolls back', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      DesiredCount: 2,
      DeploymentConfiguration: {
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
      },
    });
  });

  test('no inbound traffic; HTTPS out; Container Insights; VPC flow logs; no AZ lookup', () => {
    // The matcher's group (the index feed has its own, test/infra/futuresServices.test.ts).
    const groups = Object.values(app.resources('AWS::EC2::SecurityGroup')).filter((g) =>
      String(g.Properties.GroupDescription).startsWith('shardex matcher'),
    );
    expect(groups).toHaveLength(1);
    expect(groups[0]!.Properties.SecurityGroupIngress).toBeUndefined();
    expect(groups[0]!.Properties.SecurityGroupEgress).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp' }),
    ]);
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    // Environment-agnostic: availability zones come from Fn::GetAZs at deploy time.
    for (const subnet of Object.values(app.resources('AWS::EC2::Subnet'))) {
      expect(JSON.stringify(subnet.Properties.AvailabilityZone)).toContain('Fn::GetAZs');
    }
    expect(Token.isUnresolved(stack.account)).toBe(true);
    expect(Token.isUnresolved(stack.region)).toBe(true);
  });

  test('with NAT gateways the tasks move to private subnets without public IPs', () => {
    const synth = variantApp();
    synth.template.resourceCountIs('AWS::EC2::NatGateway', 1);
    synth.template.hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
    });
  });
});

describe('alarms, dashboard, outputs', () => {
  const alarms = Object.values(app.resources('AWS::CloudWatch::Alarm')).map((a) => a.Properties);
  const metricAlarm = (namespace: string, metricName: string) =>
    alarms.filter((a) => a.Namespace === namespace && a.MetricName === metricName);

  test('iterator age of both stream consumers', () => {
    const ages = metricAlarm('AWS/Lambda', 'IteratorAge');
    expect(ages.map((a) => a.Dimensions[0].Value.Ref).sort()).toEqual(
      [logicalId(functions.projector.function), logicalId(functions.fanout.function)].sort(),
    );
    expect(ages.map((a) => a.Threshold).sort()).toEqual(
      [THRESHOLDS.fanoutIteratorAgeMs, THRESHOLDS.projectorIteratorAgeMs].sort(),
    );
  });

  test('matcher lag from its EMF metrics (silence breaches) and running tasks below desired', () => {
    const [lag] = metricAlarm(MATCHER_METRICS.namespace, 'MaxMillisBehindLatest');
    expect(lag).toMatchObject({
      Dimensions: [{ Name: 'Service', Value: 'matcher' }],
      Statistic: 'Maximum',
      Threshold: THRESHOLDS.matcherLagMs,
      TreatMissingData: 'breaching',
    });
    const [broken] = metricAlarm(MATCHER_METRICS.namespace, 'BrokenChains');
    expect(broken).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    const [running] = metricAlarm('ECS/ContainerInsights', 'RunningTaskCount');
    expect(running).toMatchObject({
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 2,
      TreatMissingData: 'breaching',
    });
    variantApp().template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'RunningTaskCount',
      Threshold: 3,
    });
    variantApp().template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 3 });
  });

  test('DLQ depth, API errors and throttles', () => {
    // The projector's, the fan-out's and the funding schedule's dead letters.
    expect(metricAlarm('AWS/SQS', 'ApproximateNumberOfMessagesVisible')).toHaveLength(3);
    expect(metricAlarm('AWS/ApiGateway', '5xx')).toHaveLength(1);
    expect(alarms.filter((a) => JSON.stringify(a.Metrics ?? []).includes('ExecutionError'))).toHaveLength(1);
    expect(metricAlarm('Shardex/Api', 'RestThrottled')).toHaveLength(1);
    expect(metricAlarm('AWS/Lambda', 'Throttles')).toHaveLength(4);
    expect(metricAlarm('AWS/Kinesis', 'WriteProvisionedThroughputExceeded')).toHaveLength(1);
  });

  test('every alarm notifies the alarm topic, which accepts TLS only', () => {
    const topic = logicalId(stack.monitoring.topic);
    for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([{ Ref: topic }]);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
    variantApp().template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
  });

  test('a dashboard', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });

  test('outputs with the REST and WebSocket URLs', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(flatten(outputs.RestApiUrl!.Value)).toBe(`<${logicalId(stack.ingress.api)}.ApiEndpoint>`);
    expect(flatten(outputs.WebSocketUrl!.Value)).toBe(
      `wss://<${logicalId(stack.webSocket.api)}>.execute-api.<AWS::Region>.<AWS::URLSuffix>/${WS_STAGE}`,
    );
  });
});

/** The statements of every inline policy attached to a role. */
function policyStatements(
  roleLogicalId: string,
): { Action: unknown; Resource: unknown; Condition?: unknown }[] {
  return Object.values(app.resources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as unknown[]).some((r) => flatten(r) === `<${roleLogicalId}>`))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: never[] }).Statement);
}
