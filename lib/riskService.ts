import { Duration, Size } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { addClusterService } from './clusterService';
import type { ShardexConfig } from './config';
import { type MarketDataWebSocket, WS_ENDPOINT_VARIABLE } from './marketDataWebSocket';
import type { MatcherService } from './matcherService';
import type { Monitoring } from './monitoring';
import type { Storage } from './storage';

export const RISK_DOCKERFILE = 'risk-fargate/Dockerfile';

/** What the service's Dockerfile copies: its image (and task definition) changes only when these do. */
const RISK_BUILD_INPUTS = [
  'package.json',
  'package-lock.json',
  'core',
  'adapters',
  'application',
  'binance',
  'resources',
  'service-runtime',
  'risk-fargate',
];

/** The service's EMF namespace and Service dimension (risk-fargate/metrics.ts); one Symbol dimension each. */
export const RISK_METRICS = { namespace: 'Shardex/Risk', service: 'risk' } as const;

/** A symbol whose log the risk service has not read to its end for this long pages: liquidations wait. */
export const RISK_LAG_ALARM_SECONDS = 30;

const HEALTH_PORT = 8080;

export interface RiskServiceProps {
  readonly config: ShardexConfig;
  readonly storage: Storage;
  /** The service runs in the matcher's VPC and cluster: one network and one cluster to operate. */
  readonly matcher: MatcherService;
  /** Where MARGIN_CALL goes: the user data streams of the market data WebSocket API. */
  readonly webSocket: MarketDataWebSocket;
}

/**
 * The risk service (risk-fargate/) on ECS Fargate: `riskDesiredCount` tasks share the `riskAccountShards` account
 * shards through leases (table riskLeases); each follows every symbol's log in the events table (queries, not a
 * third DynamoDB Streams reader), keeps its accounts at the mark and liquidates through the commands stream. Its
 * own image (it needs the application layer; a risk release must not roll the matcher). A stopped task drains on
 * SIGTERM and gives its leases back; a killed one's leases expire (10 s) and the other tasks take them over.
 */
export class RiskService extends Construct {
  readonly service: ecs.FargateService;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: RiskServiceProps) {
    super(scope, id);
    const { config, storage, matcher, webSocket } = props;
    ({
      service: this.service,
      taskDefinition: this.taskDefinition,
      logGroup: this.logGroup,
    } = addClusterService(this, {
      config,
      cluster: matcher.cluster,
      name: 'risk',
      logStreamPrefix: 'risk',
      dockerfile: RISK_DOCKERFILE,
      buildInputs: RISK_BUILD_INPUTS,
      cpu: 512,
      memoryMiB: 2048,
      desiredCount: config.riskDesiredCount,
      environment: {
        SHARDEX_PREFIX: config.prefix,
        RISK_ACCOUNT_SHARDS: String(config.riskAccountShards),
        RISK_HEALTH_PORT: String(HEALTH_PORT),
        RISK_METRICS_INTERVAL_MS: '10000',
        LOG_LEVEL: 'info',
      },
      environmentHolds:
        'the name prefix, the number of account shards, the health port, the metrics interval, the log level, the WebSocket callback URL',
      healthPort: HEALTH_PORT,
      healthStartPeriod: Duration.seconds(30),
      // The poll in hand finishes (its commands put), then the leases are given back.
      stopTimeout: Duration.seconds(30),
      logBuffer: Size.mebibytes(10),
      securityGroupDescription:
        'shardex risk service tasks: no inbound traffic; HTTPS out to the AWS APIs only',
      egress: 'AWS APIs (Kinesis, DynamoDB, Logs, ECR)',
    }));
    this.grantTaskAccess(this.taskDefinition.taskRole, storage);
    this.taskDefinition.defaultContainer!.addEnvironment(
      WS_ENDPOINT_VARIABLE,
      webSocket.allowPosting(this.taskDefinition.taskRole),
    );
  }

  /**
   * Per futures symbol (the indexed ones): three alarms on the service's EMF metrics, and a dashboard row.
   * - RiskLag: RiskLagSeconds ≥ 30 (no task has read the symbol's log to its end for 30 s); silence breaches,
   *   since a service that reports nothing evaluates nothing.
   * - InsuranceDrawdown: the fund paid out more than `insuranceDrawdownAlarm` within an hour.
   * - Adl: any auto-deleveraging (the fund could not cover a liquidation): every one is worth a look.
   */
  addMonitoring(config: ShardexConfig, monitoring: Monitoring): void {
    const metric = (metricName: string, symbol: string, statistic: string, period: Duration) =>
      new cloudwatch.Metric({
        namespace: RISK_METRICS.namespace,
        metricName,
        dimensionsMap: { Service: RISK_METRICS.service, Symbol: symbol },
        statistic,
        period,
      });
    const alarm = (id: string, props: cloudwatch.AlarmProps) => {
      const created = new cloudwatch.Alarm(this, id, props);
      created.addAlarmAction(new actions.SnsAction(monitoring.topic));
      created.addOkAction(new actions.SnsAction(monitoring.topic));
      monitoring.alarms.push(created);
    };
    const minute = Duration.minutes(1);
    for (const symbol of config.indexSymbols) {
      alarm(`RiskLag${symbol}`, {
        alarmDescription: `The risk service has not evaluated ${symbol}'s events for ${RISK_LAG_ALARM_SECONDS} s (liquidations wait)`,
        metric: metric('RiskLagSeconds', symbol, 'Maximum', Duration.seconds(30)),
        threshold: RISK_LAG_ALARM_SECONDS,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      });
      alarm(`InsuranceDrawdown${symbol}`, {
        alarmDescription: `${symbol}'s insurance fund paid out more than ${config.insuranceDrawdownAlarm} within an hour`,
        metric: metric('InsurancePaid', symbol, 'Sum', Duration.hours(1)),
        threshold: config.insuranceDrawdownAlarm,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm(`Adl${symbol}`, {
        alarmDescription: `Auto-deleveraging on ${symbol}: a liquidation the insurance fund could not cover`,
        metric: metric('AdlEvents', symbol, 'Sum', minute),
        threshold: 0,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }
    const each = (metricName: string, statistic: string, period = minute) =>
      config.indexSymbols.map((symbol) =>
        metric(metricName, symbol, statistic, period).with({ label: `${symbol} ${metricName}` }),
      );
    const graph = (title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []) =>
      new cloudwatch.GraphWidget({ title, left, right, width: 8, height: 6 });
    monitoring.dashboard.addWidgets(
      graph(
        'Liquidations (left) and ADL (right), per symbol',
        each('Liquidations', 'Sum'),
        each('AdlEvents', 'Sum'),
      ),
      graph(
        'Insurance fund balance (left) and payouts (right), per symbol',
        each('InsuranceBalance', 'Minimum'),
        each('InsurancePaid', 'Sum'),
      ),
      graph('Risk service lag, seconds, per symbol', each('RiskLagSeconds', 'Maximum')),
    );
  }

  /**
   * The task role may do exactly what the service does, call by call (application/risk/ on adapters/aws; the IAM
   * test lists them): read each symbol's events, read and decide on accounts (the liquidation freeze), read the
   * symbols, lease an order-id slot and its account shards, and put commands. Nothing else, on nothing else.
   */
  private grantTaskAccess(role: iam.IRole, storage: Storage): void {
    storage.grantPut(role, 'commands');
    const statement = (sid: string, actions: string[], table: keyof Storage['tables']) =>
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({ sid, actions, resources: storage.tableArns(table) }),
      );
    statement('ReadEvents', ['dynamodb:Query'], 'events');
    statement('Accounts', ['dynamodb:PutItem', 'dynamodb:Query'], 'accounts');
    statement('ReadSymbols', ['dynamodb:GetItem', 'dynamodb:Scan'], 'symbols');
    statement('OrderIdSlots', ['dynamodb:PutItem'], 'idSlots');
    statement('AccountShardLeases', ['dynamodb:GetItem', 'dynamodb:UpdateItem'], 'riskLeases');
    // MARGIN_CALL to the account's user data streams, found as the fan-out finds them: its connections (by
    // account), their listen keys, and a connection found gone forgotten with its subscriptions (recorded in the
    // listener change log, as every subscription change is).
    statement('UserStreamConnections', ['dynamodb:DeleteItem', 'dynamodb:Query'], 'connections');
    statement('UserStreamSubscriptions', ['dynamodb:BatchWriteItem', 'dynamodb:Query'], 'subscriptions');
    statement('UserStreamListenerChanges', ['dynamodb:PutItem'], 'listenerChanges');
    statement('UserStreamListenKeys', ['dynamodb:GetItem'], 'listenKeys');
  }
}
