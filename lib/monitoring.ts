import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { CommandIngress } from './commandIngress';
import type { ShardexConfig } from './config';
import type { MarketDataWebSocket } from './marketDataWebSocket';
import { MATCHER_METRICS, type MatcherService } from './matcherService';
import type { ReadSide } from './readSide';
import type { ShardexFunction } from './shardexFunction';
import type { Storage } from './storage';

export interface MonitoringProps {
  readonly config: ShardexConfig;
  readonly storage: Storage;
  readonly ingress: CommandIngress;
  readonly matcher: MatcherService;
  readonly readSide: ReadSide;
  readonly webSocket: MarketDataWebSocket;
}

/** Alarm thresholds, in one place. */
export const THRESHOLDS = {
  /** The projector may be this far behind the events table before it pages (read-your-writes suffers). */
  projectorIteratorAgeMs: 60_000,
  /** The fan-out pushes live data: half a minute behind is already stale. */
  fanoutIteratorAgeMs: 30_000,
  /** The matcher's worst shard may be this far behind the tip of the commands stream. */
  matcherLagMs: 30_000,
  /** Server errors of either API within 5 minutes. */
  serverErrors: 5,
  /** 429 answers of the REST API within 5 minutes (stage throttling or the contract's request-weight limit). */
  throttledRequests: 100,
} as const;

/**
 * Alarms on what breaks the pipeline, and a dashboard of it. Every alarm notifies one SNS topic (subscribe an
 * e-mail with `-c alarmEmail=…`, or anything else to the topic in the stack outputs).
 * - stream iterator age of both events-stream consumers (projector, fan-out);
 * - matcher lag (its EMF metric MaxMillisBehindLatest: missing data counts as breaching, since a matcher that
 *   emits nothing is not matching) and running tasks below the desired count (unhealthy tasks get replaced);
 * - messages in either dead-letter queue;
 * - 5xx of the REST API, execution/integration errors of the WebSocket API;
 * - throttles: REST 429s, Lambda throttles, Kinesis write throttling (a hot symbol is capped by one shard).
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { config, storage, ingress, matcher, readSide, webSocket } = props;
    this.topic = new sns.Topic(this, 'Alarms', {
      displayName: `shardex ${config.prefix} alarms`,
      enforceSSL: true,
    });
    if (config.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));

    const minute = Duration.minutes(1);
    const fiveMinutes = Duration.minutes(5);
    const functions: ShardexFunction[] = [
      ingress.handler,
      readSide.projector,
      webSocket.handler,
      webSocket.fanout,
    ];

    // Stream consumers.
    const projectorAge = readSide.projector.function.metric('IteratorAge', {
      statistic: 'Maximum',
      period: minute,
    });
    const fanoutAge = webSocket.fanout.function.metric('IteratorAge', {
      statistic: 'Maximum',
      period: minute,
    });
    this.alarm('ProjectorIteratorAge', 'The projector is behind the events stream', projectorAge, {
      threshold: THRESHOLDS.projectorIteratorAgeMs,
      evaluationPeriods: 5,
    });
    this.alarm('FanoutIteratorAge', 'The fan-out is behind the events stream', fanoutAge, {
      threshold: THRESHOLDS.fanoutIteratorAgeMs,
      evaluationPeriods: 3,
    });

    // Matcher.
    const matcherLag = new cloudwatch.Metric({
      namespace: MATCHER_METRICS.namespace,
      metricName: 'MaxMillisBehindLatest',
      dimensionsMap: { ...MATCHER_METRICS.dimensions },
      statistic: 'Maximum',
      period: minute,
    });
    this.alarm('MatcherLag', 'The matcher is behind the commands stream, or reports nothing', matcherLag, {
      threshold: THRESHOLDS.matcherLagMs,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    const brokenChains = new cloudwatch.Metric({
      namespace: MATCHER_METRICS.namespace,
      metricName: 'BrokenChains',
      dimensionsMap: { ...MATCHER_METRICS.dimensions },
      statistic: 'Maximum',
      period: minute,
    });
    this.alarm(
      'EventChainBroken',
      "A symbol's event log failed its hash chain at recovery: the log was changed after it was written; the matcher refuses to trade on it (docs/operations.md)",
      brokenChains,
      { threshold: 0 },
    );
    const runningTasks = new cloudwatch.Metric({
      namespace: 'ECS/ContainerInsights',
      metricName: 'RunningTaskCount',
      dimensionsMap: {
        ClusterName: matcher.cluster.clusterName,
        ServiceName: matcher.service.serviceName,
      },
      statistic: 'Minimum',
      period: minute,
    });
    this.alarm('MatcherRunningTasks', 'Fewer healthy matcher tasks than desired', runningTasks, {
      threshold: config.matcherDesiredCount,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 5,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });

    // Dead-letter queues.
    const dlqDepth = (consumer: ReadSide['consumer']) =>
      consumer.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        statistic: 'Maximum',
        period: minute,
      });
    this.alarm(
      'ProjectorDeadLetters',
      'Event batches the projector gave up on',
      dlqDepth(readSide.consumer),
      {
        threshold: 0,
      },
    );
    this.alarm('FanoutDeadLetters', 'Event batches the fan-out gave up on', dlqDepth(webSocket.consumer), {
      threshold: 0,
    });

    // APIs.
    const rest5xx = ingress.api.metricServerError({ statistic: 'Sum', period: fiveMinutes });
    this.alarm('RestServerErrors', 'REST API 5xx answers', rest5xx, {
      threshold: THRESHOLDS.serverErrors,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    const wsMetric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiId: webSocket.api.apiId, Stage: webSocket.stage.stageName },
        statistic: 'Sum',
        period: fiveMinutes,
      });
    const wsErrors = new cloudwatch.MathExpression({
      expression: 'FILL(execution, 0) + FILL(integration, 0)',
      usingMetrics: { execution: wsMetric('ExecutionError'), integration: wsMetric('IntegrationError') },
      label: 'WebSocket execution + integration errors',
      period: fiveMinutes,
    });
    this.alarm('WebSocketErrors', 'WebSocket API execution or integration errors', wsErrors, {
      threshold: THRESHOLDS.serverErrors,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });

    // Throttles. HTTP APIs publish no throttle metric: count the 429s in the access log instead.
    const throttledFilter = new logs.MetricFilter(this, 'RestThrottledFilter', {
      logGroup: ingress.accessLogs,
      filterPattern: logs.FilterPattern.stringValue('$.status', '=', '429'),
      metricNamespace: 'Shardex/Api',
      metricName: 'RestThrottled',
      metricValue: '1',
      defaultValue: 0,
    });
    const restThrottled = throttledFilter.metric({ statistic: 'Sum', period: fiveMinutes });
    this.alarm('RestThrottled', 'REST requests answered 429 (throttled)', restThrottled, {
      threshold: THRESHOLDS.throttledRequests,
    });
    for (const fn of functions) {
      this.alarm(
        `${fn.node.scope?.node.id}${fn.node.id}Throttles`,
        `Lambda throttles of ${fn.node.path}`,
        fn.function.metricThrottles({ statistic: 'Sum', period: fiveMinutes }),
        { threshold: 0 },
      );
    }
    const kinesisThrottled = storage.streams.commands.metricWriteProvisionedThroughputExceeded({
      statistic: 'Sum',
      period: fiveMinutes,
    });
    this.alarm(
      'CommandsWriteThrottled',
      'Puts to the commands stream throttled (hot shard)',
      kinesisThrottled,
      {
        threshold: 0,
        evaluationPeriods: 2,
      },
    );

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `${config.prefix}pipeline`,
      defaultInterval: Duration.hours(3),
    });
    const graph = (title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []) =>
      new cloudwatch.GraphWidget({ title, left, right, width: 8, height: 6 });
    this.dashboard.addWidgets(
      graph(
        'REST API',
        [ingress.api.metricCount({ period: minute }), rest5xx, restThrottled],
        [ingress.api.metricLatency({ statistic: 'p99', period: minute })],
      ),
      graph(
        'WebSocket API',
        [wsMetric('ConnectCount'), wsMetric('MessageCount'), wsErrors],
        [wsMetric('IntegrationLatency')],
      ),
      graph(
        'Commands stream',
        [storage.streams.commands.metricIncomingRecords({ period: minute })],
        [kinesisThrottled],
      ),
    );
    this.dashboard.addWidgets(
      graph(
        'Matcher',
        [
          matcherLag,
          new cloudwatch.Metric({
            namespace: MATCHER_METRICS.namespace,
            metricName: 'CommitLatencyP99',
            dimensionsMap: { ...MATCHER_METRICS.dimensions },
            statistic: 'Maximum',
            period: minute,
          }),
        ],
        [
          runningTasks,
          new cloudwatch.Metric({
            namespace: MATCHER_METRICS.namespace,
            metricName: 'EventsPerSecond',
            dimensionsMap: { ...MATCHER_METRICS.dimensions },
            statistic: 'Sum',
            period: minute,
          }),
        ],
      ),
      graph(
        'Events stream consumers (iterator age)',
        [projectorAge, fanoutAge],
        [dlqDepth(readSide.consumer), dlqDepth(webSocket.consumer)],
      ),
      graph(
        'Lambda errors and throttles',
        functions.map((fn) => fn.function.metricErrors({ period: fiveMinutes })),
        functions.map((fn) => fn.function.metricThrottles({ period: fiveMinutes })),
      ),
    );
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 }),
    );
  }

  private alarm(
    id: string,
    description: string,
    metric: cloudwatch.IMetric,
    options: {
      threshold: number;
      evaluationPeriods?: number;
      comparisonOperator?: cloudwatch.ComparisonOperator;
      treatMissingData?: cloudwatch.TreatMissingData;
    },
  ): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: description,
      metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      comparisonOperator: options.comparisonOperator ?? cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: options.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
    return alarm;
  }
}
