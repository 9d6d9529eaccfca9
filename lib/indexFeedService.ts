import { Duration, RemovalPolicy, Size, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ShardexConfig } from './config';
import type { MatcherService } from './matcherService';
import { REPO_ROOT } from './shardexFunction';
import type { Storage } from './storage';

export const INDEX_FEED_DOCKERFILE = 'index-feed-fargate/Dockerfile';

/** What the feed's Dockerfile copies: its image (and task definition) changes only when these do. */
const INDEX_FEED_BUILD_INPUTS = [
  'package.json',
  'package-lock.json',
  'core',
  'adapters',
  'application',
  'resources',
  'service-runtime',
  'index-feed-fargate',
];

/** The feed's EMF namespace and Service dimension (index-feed-fargate/main.ts); one Symbol dimension each. */
export const INDEX_FEED_METRICS = { namespace: 'Shardex/IndexFeed', service: 'index-feed' } as const;

/** A symbol whose last index is this old pages (issue 14: "no fresh index for a symbol for 30 s"). */
export const INDEX_STALE_ALARM_SECONDS = 30;

const HEALTH_PORT = 8080;

export interface IndexFeedServiceProps {
  readonly config: ShardexConfig;
  readonly storage: Storage;
  /** The feed runs in the matcher's VPC and cluster: one network and one cluster to operate. */
  readonly matcher: MatcherService;
}

/**
 * The index feed as its own small ECS Fargate service (index-feed-fargate/): one task (0.25 vCPU) reads the
 * public spot tickers of Binance, Coinbase, Kraken and OKX once a second and puts UpdateIndexPrice per symbol.
 * Its own image rather than a second mode of the matcher's: it needs the application layer and internet egress,
 * the matcher neither, and a feed release must not roll the matcher. One task: a second would double the
 * updates (harmless, each is a command of its own, but useless); a crashed task is replaced by ECS and the
 * stale-index alarm covers the gap. Its task role may put records on the commands stream, nothing else.
 */
export class IndexFeedService extends Construct {
  readonly service: ecs.FargateService;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: IndexFeedServiceProps) {
    super(scope, id);
    const { config, storage, matcher } = props;
    const privateTasks = config.natGateways > 0;
    const securityGroup = new ec2.SecurityGroup(this, 'TaskSecurityGroup', {
      vpc: matcher.vpc,
      description: 'shardex index feed tasks: no inbound traffic; HTTPS out (spot venues, AWS APIs)',
      allowAllOutbound: false,
    });
    securityGroup.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'Spot venues public tickers and the AWS APIs (Kinesis, Logs, ECR)',
    );
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: config.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const arm = config.matcherArchitecture === 'arm64';
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: 256,
      memoryLimitMiB: 512,
      runtimePlatform: {
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
        cpuArchitecture: arm ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64,
      },
    });
    this.taskDefinition.addContainer('feed', {
      image: ecs.ContainerImage.fromAsset(REPO_ROOT, {
        file: INDEX_FEED_DOCKERFILE,
        platform: arm ? ecrAssets.Platform.LINUX_ARM64 : ecrAssets.Platform.LINUX_AMD64,
        exclude: ['**', ...INDEX_FEED_BUILD_INPUTS.map((input) => `!${input}`)],
      }),
      essential: true,
      readonlyRootFilesystem: true,
      environment: {
        SHARDEX_PREFIX: config.prefix,
        INDEX_SYMBOLS: config.indexSymbols.join(','),
        INDEX_HEALTH_PORT: String(HEALTH_PORT),
        INDEX_METRICS_INTERVAL_MS: '10000',
        LOG_LEVEL: 'info',
      },
      logging: ecs.LogDrivers.awsLogs({
        logGroup: this.logGroup,
        streamPrefix: 'index-feed',
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
        maxBufferSize: Size.mebibytes(5),
      }),
      healthCheck: {
        command: [
          'CMD',
          'node',
          '-e',
          `fetch('http://127.0.0.1:${HEALTH_PORT}/health')` +
            '.then((r)=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))',
        ],
        interval: Duration.seconds(10),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(20),
      },
      // The tick in hand finishes within a second or two (venue timeout 0.8 s, then the puts).
      stopTimeout: Duration.seconds(10),
    });
    Validations.of(this.taskDefinition).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason:
        'The environment holds configuration only (the name prefix, the indexed symbols, the health port, the ' +
        'metrics interval, the log level), no secret: the venues are public and the task authenticates with its role.',
    });
    this.taskDefinition.taskRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'PutIndexPrices',
        actions: ['kinesis:PutRecord'],
        resources: [storage.streams.commands.streamArn],
      }),
    );
    Validations.of(this.taskDefinition.obtainExecutionRole()).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'ecr:GetAuthorizationToken, added by ECS to pull the feed image, supports no resource-level permission ' +
        '(IAM requires Resource "*"); the pull itself is limited to the CDK assets repository.',
    });

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: matcher.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: 1,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      assignPublicIp: !privateTasks,
      vpcSubnets: { subnetType: privateTasks ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PUBLIC },
      securityGroups: [securityGroup],
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      enableExecuteCommand: false,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
    });
  }

  /**
   * One alarm per indexed symbol: its IndexAgeSeconds (seconds since the feed last put its index; a one-second
   * metric logged every 10 s) reaches 30 within a 30 s period, or the feed logs nothing (missing data breaches: a
   * dead feed is a stale index).
   */
  addAlarms(config: ShardexConfig, topic: sns.ITopic, into: cloudwatch.Alarm[]): void {
    for (const symbol of config.indexSymbols) {
      const alarm = new cloudwatch.Alarm(this, `StaleIndex${symbol}`, {
        alarmDescription: `No fresh index for ${symbol} for ${INDEX_STALE_ALARM_SECONDS} s (the mark stands still)`,
        metric: new cloudwatch.Metric({
          namespace: INDEX_FEED_METRICS.namespace,
          metricName: 'IndexAgeSeconds',
          dimensionsMap: { Service: INDEX_FEED_METRICS.service, Symbol: symbol },
          statistic: 'Maximum',
          period: Duration.seconds(30),
        }),
        threshold: INDEX_STALE_ALARM_SECONDS,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
      alarm.addAlarmAction(new actions.SnsAction(topic));
      alarm.addOkAction(new actions.SnsAction(topic));
      into.push(alarm);
    }
  }
}
