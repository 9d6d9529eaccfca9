import { DynamoAccountShardLeases } from '../adapters/aws/accounts/accountShardLeases';
import { type AwsClients, createAwsClients } from '../adapters/aws/clients';
import { awsIngressPorts } from '../adapters/aws/compose/ingress';
import { awsMarginCallPorts } from '../adapters/aws/compose/marginCalls';
import { silenceSdkNodeNotice } from '../adapters/aws/sdkNodeNotice';
import { Accounts } from '../application/accounts/accounts';
import { OrderIdGenerator } from '../application/orderEntry/orderIds';
import { runRiskService } from '../application/risk/riskRunner';
import { RiskService } from '../application/risk/riskService';
import type { MarginCalls } from '../application/risk/riskShard';
import { UserStreamMarginCalls } from '../application/risk/userStreamMarginCalls';
import { binanceStreams } from '../binance/streams/streamFormat';
import { createLogger } from '../service-runtime/logger';
import { failedToStart, runService } from '../service-runtime/serviceLifecycle';
import { type RiskConfig, readRiskConfig } from './config';
import { RiskMetrics } from './metrics';

/**
 * The risk service: `node risk.js` in its container (ECS Fargate). Each instance claims a fair share of the
 * account shards through leases (table riskLeases) and, for each, tails every symbol's log in the events table,
 * keeps the shard's accounts at the mark, and margin-calls, freezes and liquidates through the commands stream
 * (application/risk/). Health, metrics and the drain on SIGTERM (leases given back) are the services' common
 * lifecycle (service-runtime/). AWS endpoints come from AWS_ENDPOINT_URL* when pointed at emulators.
 */
async function main(): Promise<void> {
  silenceSdkNodeNotice();
  const config = readRiskConfig();
  const log = createLogger({ service: 'risk', instance: config.instanceId }, config.logLevel);
  const aws = createAwsClients();
  const ports = awsIngressPorts(aws, config.names);
  const marginCalls = userStreamMarginCalls(aws, config, log);
  const service = new RiskService(
    {
      ...ports,
      log: (level, message, fields) => log[level](message, fields),
      leases: new DynamoAccountShardLeases(aws.documents, config.names.tables.riskLeases),
    },
    new Accounts(ports.accountStore, ports.clock),
    new OrderIdGenerator(ports.idSlots, ports.clock),
    marginCalls,
    config,
  );
  const metrics = new RiskMetrics(service);
  let symbols: string[] = [];
  const refreshSymbols = async () => {
    symbols = (await ports.symbols.all()).map((instrument) => instrument.spec.symbol);
  };
  let runner: { stop(): Promise<void> } | undefined;
  await runService({
    log,
    healthPort: config.healthPort,
    health: () => ({ instance: config.instanceId, accountShards: service.shards }),
    metrics: () => metrics.snapshot(symbols),
    emf: () => {
      void refreshSymbols().catch((error) => log.warn('symbols not read', { error }));
      return metrics.emf(symbols, Date.now());
    },
    metricsIntervalMs: config.metricsIntervalMs,
    start: async () => {
      await refreshSymbols();
      runner = runRiskService(service, {
        renewIntervalMs: config.renewIntervalMs,
        idlePollMs: config.idlePollMs,
        onError: (error) => log.error('risk loop failed, will retry', { error }),
      });
      return { accountShards: config.accountShards, stream: config.names.streams.commands };
    },
    stop: async () => {
      await runner?.stop();
      aws.destroy();
    },
  });
}

/**
 * MARGIN_CALL to the account's user data streams through the WebSocket API's stage (SHARDEX_WS_ENDPOINT, set by
 * the CDK); each call is also logged (ids and ratio, no secrets). Without an endpoint (a task run by hand) it is
 * only logged.
 */
function userStreamMarginCalls(
  aws: AwsClients,
  config: RiskConfig,
  log: ReturnType<typeof createLogger>,
): MarginCalls {
  const endpoint = config.userStreamEndpoint;
  const ports = endpoint === undefined ? undefined : awsMarginCallPorts(aws, config.names, endpoint);
  const delivery =
    ports === undefined
      ? undefined
      : new UserStreamMarginCalls(
          { ...ports, log: (level, message, fields) => log[level](message, fields) },
          { poster: ports.poster, format: binanceStreams },
        );
  return {
    marginCall: async (accountId, risk) => {
      log.info('margin call', { accountId, marginRatio: String(risk.marginRatio ?? '') });
      await delivery?.marginCall(accountId, risk);
    },
  };
}

main().catch(failedToStart('risk service'));
