import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as integrations from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ShardexConfig } from './config';
import { ShardexFunction } from './shardexFunction';
import { READ_MODELS, type Storage } from './storage';

/** One REST route of the contract, as the route table (lambdas/rest/routes.ts) declares it. */
export interface RestRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
}

export interface CommandIngressProps {
  readonly config: ShardexConfig;
  readonly storage: Storage;
  /** Every contract route: each becomes an API Gateway route to the ingress Lambda. */
  readonly routes: readonly RestRoute[];
}

/** The REST handler's entry point (it exports `handler`). */
export const HTTP_ENTRY = 'lambdas/rest/handler.ts';

/**
 * Command ingress: the REST API (API Gateway HTTP API, payload format 2.0) in front of the ingress Lambda, which
 * validates, authenticates, reserves margin and puts commands on the `commands` stream.
 *
 * Routes: one API route per route of the contract's route table (lambdas/rest/routes.ts, read at synth time by
 * bin/shardex.ts, so a route added to the code is an API route at the next deploy): API Gateway's route keys,
 * access logs, detailed per-route metrics and per-route throttling then name the real API surface. Plus the
 * `$default` route to the same Lambda, so an unknown path or a wrong method still gets the contract's own error
 * (`{code, msg}` with 404/405, from the app) instead of API Gateway's `{"message":"Not Found"}`, which Binance
 * clients would not parse. A catch-all alone would work too but hide the API surface from API Gateway.
 */
export class CommandIngress extends Construct {
  readonly handler: ShardexFunction;
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: CommandIngressProps) {
    super(scope, id);
    const { config, storage } = props;
    this.handler = new ShardexFunction(this, 'Handler', {
      entry: HTTP_ENTRY,
      description: 'shardex REST API: validate, authenticate, pre-trade checks, commands to Kinesis',
      config,
      memorySize: 1024,
      // newOrderRespType=RESULT waits up to 8 s for the matcher; API Gateway gives up at 30 s.
      timeout: Duration.seconds(15),
    });
    // Ingress writes only what a request changes (idempotency, rate limits, order-id slots, margin
    // reservations, listen keys — a deleted one recorded in the listener change log) and the commands stream; it
    // reads the read models, the API keys and events.
    storage.grant(
      this.handler,
      'readWrite',
      'requests',
      'rateLimits',
      'idSlots',
      'accounts',
      'listenKeys',
      'listenerChanges',
    );
    // The projector's progress: account queries settle the log past it into what they show (accountNow).
    storage.grant(this.handler, 'read', 'apiKeys', 'events', 'consumerCheckpoints', ...READ_MODELS);
    storage.grantPut(this.handler, 'commands');

    const integration = new integrations.HttpLambdaIntegration('Ingress', this.handler.function, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      // One invoke permission for this API instead of one per route (the Lambda policy has a size limit).
      scopePermissionToRoute: false,
    });
    this.api = new apigwv2.HttpApi(this, 'Api', {
      apiName: `${config.prefix}rest`,
      description: 'shardex REST API (Binance USD-M futures compatible)',
      createDefaultStage: false,
      defaultIntegration: integration,
      // Browsers may call the API from any page, the trading page's CloudFront origin first: a request is
      // authenticated by its signature, never by anything a browser adds by itself (no cookies, no ambient
      // credentials), so an origin allow-list would protect nothing. API Gateway answers the preflights.
      corsPreflight: {
        allowOrigins: ['*'],
        allowMethods: [
          apigwv2.CorsHttpMethod.GET,
          apigwv2.CorsHttpMethod.POST,
          apigwv2.CorsHttpMethod.PUT,
          apigwv2.CorsHttpMethod.DELETE,
        ],
        allowHeaders: ['content-type', 'x-mbx-apikey'],
        maxAge: Duration.days(1),
      },
    });
    for (const route of props.routes) {
      this.api.addRoutes({ path: route.path, methods: [apigwv2.HttpMethod[route.method]], integration });
    }

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: config.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new apigwv2.HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.httpRateLimit, burstLimit: config.httpBurstLimit },
      detailedMetricsEnabled: true,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        // Never the query string or the body: they carry signatures. The API key header is not logged either.
        format: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            time: '$context.requestTimeEpoch',
            method: '$context.httpMethod',
            path: '$context.path',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Authentication is the Binance contract itself: an API key header plus an HMAC-SHA256 signature over ' +
        'the query string and body with timestamp/recvWindow, verified per route by the ingress Lambda ' +
        '(application/access/authenticate.ts); market-data routes are public by contract. An API Gateway ' +
        'authorizer cannot check a signature over the request body (authorizers do not receive it), and ' +
        'IAM or Cognito authorization would break every Binance client.',
    });
  }

  /**
   * The REST base URL clients use: the API's endpoint itself (the `$default` stage has no path segment), without
   * a trailing slash, as Binance clients expect a base URL.
   */
  get url(): string {
    return this.api.apiEndpoint;
  }
}
