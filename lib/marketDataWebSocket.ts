import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, type IDependable } from 'constructs';
import type { ShardexConfig } from './config';
import { ShardexFunction } from './shardexFunction';
import { READ_MODELS, type Storage } from './storage';
import { StreamConsumer } from './streamConsumer';

/** Entry points (each exports `handler`). */
export const WS_ENTRY = 'lambdas/websocket/handler.ts';
export const FANOUT_ENTRY = 'lambdas/fanout/handler.ts';

/** The stage name is the URL path: wss://<api>.execute-api.<region>.amazonaws.com/ws, as Binance's `/ws`. */
export const WS_STAGE = 'ws';

/** The environment variable that tells both Lambdas where the connection management API is. */
export const WS_ENDPOINT_VARIABLE = 'SHARDEX_WS_ENDPOINT';

export interface MarketDataWebSocketProps {
  readonly config: ShardexConfig;
  readonly storage: Storage;
  /**
   * The method route keys (lambdas/websocket/wsEvent.ts WS_ROUTE_KEYS: SUBSCRIBE…, order.place…), selected by
   * `$request.body.method`; `$connect`, `$disconnect` and `$default` always exist. Every route goes to the ws
   * Lambda, which dispatches on the body anyway and answers with postToConnection (no route responses): the
   * method routes give API Gateway per-method metrics, logs and throttling.
   */
  readonly routeKeys: readonly string[];
  /** Deployed before the stage: API Gateway's account-level CloudWatch role that stage logging needs. */
  readonly loggingRole?: IDependable;
}

/**
 * Market data and the WebSocket API: API Gateway WebSocket API → ws Lambda (connections, subscriptions, order
 * methods), and the fan-out Lambda, stream consumer #2 of the events table, which pushes depth diffs, trades and
 * user updates to subscribed connections with postToConnection. Both may post to (and close) connections of this
 * API's stage, and nothing else. The fan-out only serves live clients: it starts at the newest record (LATEST),
 * retries twice and drops records older than 5 minutes to its DLQ, since stale market data helps nobody.
 */
export class MarketDataWebSocket extends Construct {
  readonly handler: ShardexFunction;
  readonly fanout: ShardexFunction;
  readonly consumer: StreamConsumer;
  readonly api: apigwv2.WebSocketApi;
  readonly stage: apigwv2.WebSocketStage;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: MarketDataWebSocketProps) {
    super(scope, id);
    const { config, storage } = props;

    this.handler = new ShardexFunction(this, 'Handler', {
      entry: WS_ENTRY,
      description: 'shardex WebSocket API: connections, stream subscriptions, order methods',
      config,
      memorySize: 1024,
      timeout: Duration.seconds(15),
    });
    // The order methods are the REST order routes over a socket: the same access as command ingress, plus the
    // connection and subscription tables.
    storage.grant(
      this.handler,
      'readWrite',
      'connections',
      'subscriptions',
      'listenerChanges',
      'requests',
      'rateLimits',
      'idSlots',
      'accounts',
      'listenKeys',
    );
    // The ingress ports it shares with REST name the projector's progress (account queries read it: accountNow).
    storage.grant(this.handler, 'read', 'apiKeys', 'events', 'consumerCheckpoints', ...READ_MODELS);
    storage.grantPut(this.handler, 'commands');

    this.fanout = new ShardexFunction(this, 'Fanout', {
      entry: FANOUT_ENTRY,
      description: 'shardex fan-out: events stream to subscribed WebSocket connections',
      config,
      memorySize: 1024,
      timeout: Duration.seconds(30),
    });
    // It deletes gone connections and their subscriptions (recording that in the listener change log, which it
    // reads once per run); everything else it only reads: the events around a run (depth update ids), the
    // projector's progress, account state, listen keys (user data goes only to connections whose key is still
    // valid) and the read models.
    storage.grant(this.fanout, 'readWrite', 'connections', 'subscriptions', 'listenerChanges');
    storage.grant(
      this.fanout,
      'read',
      'events',
      'accounts',
      'listenKeys',
      'consumerCheckpoints',
      ...READ_MODELS,
    );
    this.consumer = new StreamConsumer(this, 'EventsStream', {
      table: storage.tables.events,
      consumer: this.fanout,
      startingPosition: lambda.StartingPosition.LATEST,
      batchSize: 100,
      retryAttempts: 2,
      maxRecordAge: Duration.minutes(5),
    });

    const integration = new integrations.WebSocketLambdaIntegration('Ws', this.handler.function);
    this.api = new apigwv2.WebSocketApi(this, 'Api', {
      apiName: `${config.prefix}ws`,
      description: 'shardex WebSocket API: market streams, user data, order methods (Binance compatible)',
      routeSelectionExpression: '$request.body.method',
      connectRouteOptions: { integration },
      disconnectRouteOptions: { integration },
      defaultRouteOptions: { integration },
    });
    for (const routeKey of props.routeKeys) this.api.addRoute(routeKey, { integration });

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: config.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new apigwv2.WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: WS_STAGE,
      autoDeploy: true,
      throttle: { rateLimit: config.wsRateLimit, burstLimit: config.wsBurstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        // Never message bodies: order methods carry API keys and signatures.
        format: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            time: '$context.requestTimeEpoch',
            eventType: '$context.eventType',
            routeKey: '$context.routeKey',
            connectionId: '$context.connectionId',
            status: '$context.status',
            integrationLatency: '$context.integrationLatency',
            error: '$context.error.messageString',
          }),
        ),
      },
    });
    if (props.loggingRole) this.stage.node.addDependency(props.loggingRole);

    const endpoint = this.stage.callbackUrl;
    for (const fn of [this.handler, this.fanout]) {
      fn.function.addEnvironment(WS_ENDPOINT_VARIABLE, endpoint);
      this.grantManageConnections(fn.role);
    }

    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Market streams are public by contract. User data needs a listenKey (checked by the ws Lambda on ' +
        '$connect) and every order method carries its API key and HMAC signature in the message, verified by ' +
        'the ws Lambda as on REST; API Gateway WebSocket authorizers run on $connect only and cannot check ' +
        'per-message signatures, and IAM or Cognito authorization would break Binance clients.',
    });
  }

  /**
   * Lets a service outside this construct post to user data streams (the risk service's MARGIN_CALL): the
   * stage's callback URL for its environment (`WS_ENDPOINT_VARIABLE`), and postToConnection/DeleteConnection on
   * this stage. The service reads the connection and listen-key tables as the fan-out does; those grants are its.
   */
  allowPosting(role: iam.IRole): string {
    this.grantManageConnections(role);
    return this.stage.callbackUrl;
  }

  /** postToConnection and DeleteConnection on this API's stage only. */
  private grantManageConnections(role: iam.IRole): void {
    const stack = Stack.of(this);
    const connections = (method: string) =>
      stack.formatArn({
        service: 'execute-api',
        resource: this.api.apiId,
        resourceName: `${WS_STAGE}/${method}/@connections/*`,
      });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['execute-api:ManageConnections'],
        resources: [connections('POST'), connections('DELETE')],
      }),
    );
    for (const method of ['POST', 'DELETE']) {
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${this.logicalIdOf(this.api)}>/${WS_STAGE}/${method}/@connections/*]`,
        reason:
          'Connection ids exist only at run time, so the connection is the one wildcard: the grant is limited to ' +
          `${method === 'POST' ? 'posting to' : 'closing'} connections of this API's stage.`,
      });
    }
  }

  private logicalIdOf(api: apigwv2.WebSocketApi): string {
    return Stack.of(this).getLogicalId(api.node.defaultChild as apigwv2.CfnApi);
  }

  /** The URL clients connect to. */
  get url(): string {
    return this.stage.url;
  }
}
