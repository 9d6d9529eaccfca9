import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { addClusterService } from './clusterService';
import type { ShardexConfig } from './config';
import type { Storage } from './storage';

/** The matcher's Dockerfile, relative to its build context (the repository root). */
export const MATCHER_DOCKERFILE = 'matching-fargate/Dockerfile';

/**
 * What the Dockerfile copies, and nothing else: the image's asset hash (hence a new task definition and a
 * rolling deploy of the matcher) changes when the matcher's inputs change, not when a Lambda or the infra does.
 */
const MATCHER_BUILD_INPUTS = [
  'package.json',
  'package-lock.json',
  'core',
  'adapters',
  'application/ports',
  'resources',
  'service-runtime',
  'matching-fargate',
];

/** The CloudWatch namespace and dimensions of the matcher's EMF metrics (matching-fargate/main.ts). */
export const MATCHER_METRICS = { namespace: 'Shardex/Matcher', dimensions: { Service: 'matcher' } } as const;

export const MATCHER_HEALTH_PORT = 8080;

export interface MatcherServiceProps {
  readonly config: ShardexConfig;
  readonly storage: Storage;
}

/**
 * The matcher service on ECS Fargate: long-running tasks that own Kinesis shards through leases, apply commands
 * to the engines and commit events. The image is built from matching-fargate/Dockerfile only at deploy time (synth
 * just stages the build context). Rolling deploys start the new tasks before stopping the old ones (a stopped
 * task drains on SIGTERM and releases its leases, a new one takes them over), and the deployment circuit breaker
 * rolls back a release whose tasks do not become healthy.
 *
 * Network: a VPC of its own over two AZs (from Fn::GetAZs: no lookup, so synth needs no credentials) with free
 * gateway endpoints for DynamoDB and S3. By default the tasks sit in public subnets with a public IP and a
 * security group with no inbound rule and HTTPS-only egress (no NAT gateway to pay for); with `natGateways` > 0
 * they move to private subnets.
 */
export class MatcherService extends Construct {
  readonly vpc: ec2.Vpc;
  readonly cluster: ecs.Cluster;
  readonly service: ecs.FargateService;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: MatcherServiceProps) {
    super(scope, id);
    const { config, storage } = props;
    const retention = config.logRetentionDays as logs.RetentionDays;
    const privateTasks = config.natGateways > 0;

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: config.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        ...(privateTasks
          ? [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 }]
          : []),
      ],
      gatewayEndpoints: {
        DynamoDb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
      },
    });
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      retention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: this.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });

    ({
      service: this.service,
      taskDefinition: this.taskDefinition,
      logGroup: this.logGroup,
    } = addClusterService(this, {
      config,
      cluster: this.cluster,
      name: 'matcher',
      logStreamPrefix: 'matcher',
      dockerfile: MATCHER_DOCKERFILE,
      buildInputs: MATCHER_BUILD_INPUTS,
      cpu: config.matcherCpu,
      memoryMiB: config.matcherMemoryMiB,
      desiredCount: config.matcherDesiredCount,
      environment: {
        SHARDEX_PREFIX: config.prefix,
        MATCHER_HEALTH_PORT: String(MATCHER_HEALTH_PORT),
        // The alarms read one data point per minute.
        MATCHER_METRICS_INTERVAL_MS: '60000',
        LOG_LEVEL: 'info',
      },
      environmentHolds:
        'the name prefix of the tables and stream, the health port, the metrics interval and the log level',
      healthPort: MATCHER_HEALTH_PORT,
      healthStartPeriod: Duration.seconds(30),
      // The matcher commits the batch in hand and releases its leases.
      stopTimeout: Duration.seconds(config.matcherStopTimeoutSeconds),
      // Never block the matching loop on a slow log pipe; a burst beyond the buffer loses log lines, not trades.
      logBuffer: Size.mebibytes(25),
      securityGroupDescription: 'shardex matcher tasks: no inbound traffic; HTTPS out to the AWS APIs only',
      egress: 'AWS APIs (Kinesis, DynamoDB, Logs, ECR)',
    }));
    this.grantTaskAccess(this.taskDefinition.taskRole, storage);
  }

  /**
   * The task role may do exactly what the matcher does, call by call (matching-fargate/, adapters/aws/eventStore/;
   * the IAM test checks every SDK command there is granted): read its stream, keep its leases, append to the event
   * store (never delete: no DeleteItem on events; writes are conditional in code) and keep its snapshots.
   * Nothing else, on nothing else.
   */
  private grantTaskAccess(role: iam.IRole, storage: Storage): void {
    const stream = storage.streams.commands;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ReadCommands',
        actions: ['kinesis:ListShards', 'kinesis:GetShardIterator', 'kinesis:GetRecords'],
        resources: [stream.streamArn],
      }),
    );
    const statement = (sid: string, actions: string[], table: keyof Storage['tables']) =>
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ sid, actions, resources: storage.tableArns(table) }),
      );
    statement('Leases', ['dynamodb:Scan', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], 'leases');
    statement(
      'AppendEvents',
      ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      'events',
    );
    statement('Snapshots', ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem'], 'snapshots');
  }
}
