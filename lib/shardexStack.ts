import { CfnOutput, RemovalPolicy, Stack, type StackProps, Tags, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { CommandIngress, type RestRoute } from './commandIngress';
import type { ShardexConfig } from './config';
import { FundingSchedule } from './fundingSchedule';
import { IndexFeedService } from './indexFeedService';
import { MarketDataWebSocket } from './marketDataWebSocket';
import { MatcherService } from './matcherService';
import { Monitoring } from './monitoring';
import { ReadSide } from './readSide';
import { RiskService } from './riskService';
import { Storage } from './storage';
import { TradingPage } from './tradingPage';

/** The route tables of the runtime code, as plain data. */
export interface ShardexRoutes {
  /** lambdas/rest/routes.ts `routes`: every REST route of the contract. */
  readonly rest: readonly RestRoute[];
  /** lambdas/websocket/wsEvent.ts `WS_ROUTE_KEYS`: the WebSocket methods besides $connect, $disconnect, $default. */
  readonly webSocket: readonly string[];
}

export interface ShardexStackProps extends StackProps {
  readonly config: ShardexConfig;
  /** The API routes, read from the runtime's route tables by the app entry: lib/ imports no runtime code. */
  readonly routes: ShardexRoutes;
}

/**
 * The whole exchange in one stack, wired as the architecture's pipeline: REST/WebSocket → ingress Lambdas →
 * Kinesis `commands` → matcher (ECS Fargate) → DynamoDB `events` → (DynamoDB Streams) projector and fan-out →
 * read models and WebSocket clients. Environment-agnostic (no account or region at synth), so `cdk synth` needs
 * no credentials; `cdk deploy` targets the account and region of the caller's credentials.
 */
export class ShardexStack extends Stack {
  readonly storage: Storage;
  readonly ingress: CommandIngress;
  readonly matcher: MatcherService;
  readonly readSide: ReadSide;
  readonly webSocket: MarketDataWebSocket;
  readonly monitoring: Monitoring;
  readonly page: TradingPage;
  readonly indexFeed: IndexFeedService;
  readonly funding: FundingSchedule;
  readonly risk: RiskService;

  constructor(scope: Construct, id: string, props: ShardexStackProps) {
    super(scope, id, props);
    const { config } = props;
    Tags.of(this).add('project', 'shardex');
    Tags.of(this).add('shardex:prefix', config.prefix);

    this.storage = new Storage(this, 'Storage', config);
    this.ingress = new CommandIngress(this, 'Ingress', {
      config,
      storage: this.storage,
      routes: props.routes.rest,
    });
    this.matcher = new MatcherService(this, 'Matcher', { config, storage: this.storage });
    this.readSide = new ReadSide(this, 'ReadSide', { config, storage: this.storage });
    const loggingRole = config.apiGatewayAccountRole ? this.apiGatewayLoggingRole() : undefined;
    this.webSocket = new MarketDataWebSocket(this, 'MarketData', {
      config,
      storage: this.storage,
      routeKeys: props.routes.webSocket,
      ...(loggingRole ? { loggingRole } : {}),
    });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      config,
      storage: this.storage,
      ingress: this.ingress,
      matcher: this.matcher,
      readSide: this.readSide,
      webSocket: this.webSocket,
    });

    // Issue 14: the index feed and the funding schedule, alarmed on the same topic and listed on the dashboard.
    this.indexFeed = new IndexFeedService(this, 'IndexFeed', {
      config,
      storage: this.storage,
      matcher: this.matcher,
    });
    this.indexFeed.addAlarms(config, this.monitoring.topic, this.monitoring.alarms);
    this.funding = new FundingSchedule(this, 'Funding', { config, storage: this.storage });
    this.funding.addAlarms(this.monitoring.topic, this.monitoring.alarms);
    // Issue 15: the risk service, with its lag, insurance fund and ADL alarms and its per-symbol dashboard row.
    this.risk = new RiskService(this, 'Risk', {
      config,
      storage: this.storage,
      matcher: this.matcher,
      webSocket: this.webSocket,
    });
    this.risk.addMonitoring(config, this.monitoring);

    this.page = new TradingPage(this, 'TradingPage', {
      config,
      restUrl: this.ingress.url,
      webSocketUrl: this.webSocket.url,
      connectOrigins: [this.ingress.api.apiEndpoint, this.webSocket.api.apiEndpoint],
    });

    new CfnOutput(this, 'TradingPageUrl', {
      description: 'The trading page (web/): market, order entry, positions, on the APIs below',
      value: this.page.url,
    });
    new CfnOutput(this, 'RestApiUrl', {
      description: 'REST base URL (Binance https://fapi.binance.com equivalent)',
      value: this.ingress.url,
    });
    new CfnOutput(this, 'WebSocketUrl', {
      description: 'WebSocket URL (Binance wss://fstream.binance.com/ws equivalent)',
      value: this.webSocket.url,
    });
    new CfnOutput(this, 'Prefix', {
      description: 'SHARDEX_PREFIX of this environment',
      value: config.prefix,
    });
    new CfnOutput(this, 'Region', { description: 'AWS_REGION of this environment', value: this.region });
    new CfnOutput(this, 'SecretsKeyArn', {
      description: 'KMS key of the apiKeys table: operators who create API keys need to use it',
      value: this.storage.secretsKey.keyArn,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'SNS topic of every alarm',
      value: this.monitoring.topic.topicArn,
    });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName });
    new CfnOutput(this, 'MatcherCluster', { value: this.matcher.cluster.clusterName });
    new CfnOutput(this, 'MatcherService', { value: this.matcher.service.serviceName });
    new CfnOutput(this, 'IndexFeedService', { value: this.indexFeed.service.serviceName });
    new CfnOutput(this, 'RiskService', { value: this.risk.service.serviceName });
    new CfnOutput(this, 'FundingDeadLetterQueue', { value: this.funding.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'ProjectorDeadLetterQueue', {
      value: this.readSide.consumer.deadLetterQueue.queueUrl,
    });
    new CfnOutput(this, 'FanoutDeadLetterQueue', { value: this.webSocket.consumer.deadLetterQueue.queueUrl });
  }

  /**
   * API Gateway's account-level CloudWatch Logs role (one per account and region), which WebSocket stage logging
   * requires. It uses AWS's own policy for exactly this purpose, since every REST and WebSocket API in the
   * account and region logs through it, not only ours. Kept on stack deletion so other APIs keep logging.
   */
  private apiGatewayLoggingRole(): apigw.CfnAccount {
    const role = new iam.Role(this, 'ApiGatewayLogging', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'API Gateway account setting: push REST and WebSocket API logs to CloudWatch Logs',
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs'),
      ],
    });
    role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        "This role becomes the account's API Gateway CloudWatch role, shared by every REST and WebSocket API " +
        'of the account and region, whose log groups API Gateway names itself; AWS maintains this managed ' +
        'policy for exactly that purpose. Disable with -c apiGatewayAccountRole=false when the account has one.',
    });
    const account = new apigw.CfnAccount(this, 'ApiGatewayAccount', { cloudWatchRoleArn: role.roleArn });
    account.applyRemovalPolicy(RemovalPolicy.RETAIN);
    return account;
  }
}
