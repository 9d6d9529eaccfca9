import { Duration, Size } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { addClusterService } from './clusterService';
import type { ShardexConfig } from './config';
import type { MatcherService } from './matcherService';
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
    ({
      service: this.service,
      taskDefinition: this.taskDefinition,
      logGroup: this.logGroup,
    } = addClusterService(this, {
      config,
      cluster: matcher.cluster,
      name: 'feed',
      logStreamPrefix: 'index-feed',
      dockerfile: INDEX_FEED_DOCKERFILE,
      buildInputs: INDEX_FEED_BUILD_INPUTS,
      cpu: 256,
      memoryMiB: 512,
      desiredCount: 1,
      environment: {
        SHARDEX_PREFIX: config.prefix,
        INDEX_SYMBOLS: config.indexSymbols.join(','),
        INDEX_HEALTH_PORT: String(HEALTH_PORT),
        INDEX_METRICS_INTERVAL_MS: '10000',
        LOG_LEVEL: 'info',
      },
      environmentHolds:
        'the name prefix, the indexed symbols, the health port, the metrics interval, the log level; the venues are public',
      healthPort: HEALTH_PORT,
      healthStartPeriod: Duration.seconds(20),
      // The tick in hand finishes within a second or two (venue timeout 0.8 s, then the puts).
      stopTimeout: Duration.seconds(10),
      logBuffer: Size.mebibytes(5),
      securityGroupDescription:
        'shardex index feed tasks: no inbound traffic; HTTPS out (spot venues, AWS APIs)',
      egress: 'Spot venues public tickers and the AWS APIs (Kinesis, Logs, ECR)',
    }));
    storage.grantPut(this.taskDefinition.taskRole, 'commands');
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
