import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DEFAULT_PREFIX, type ResourceNames, resourceNames, riskService } from '../resources/declarations';
import { envNumbers } from '../service-runtime/envNumber';
import type { LogLevel } from '../service-runtime/logger';

/** Everything the risk service reads from its environment, with the defaults it runs with. */
export interface RiskConfig {
  readonly instanceId: string;
  readonly names: ResourceNames;
  /** Accounts hash to this many shards; every instance must agree (the CDK gives all tasks the same value). */
  readonly accountShards: number;
  readonly leaseDurationMs: number;
  readonly renewIntervalMs: number;
  readonly leaseSafetyMs: number;
  readonly idlePollMs: number;
  readonly healthPort: number;
  readonly metricsIntervalMs: number;
  readonly logLevel: LogLevel;
  /**
   * The WebSocket API stage's connection management endpoint (SHARDEX_WS_ENDPOINT, as the fan-out Lambda gets
   * it): where MARGIN_CALL is posted. Without it (a task run by hand) margin calls are only logged.
   */
  readonly userStreamEndpoint: string | undefined;
}

export function readRiskConfig(env: NodeJS.ProcessEnv = process.env): RiskConfig {
  const number = envNumbers(env, 'positive integer');
  const names = resourceNames(env.SHARDEX_PREFIX ?? DEFAULT_PREFIX);
  const leaseDurationMs = number('RISK_LEASE_DURATION_MS', 10_000);
  return {
    instanceId: env.RISK_ID ?? `risk-${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
    names: {
      ...names,
      streams: { ...names.streams, commands: env.SHARDEX_COMMANDS_STREAM ?? names.streams.commands },
    },
    accountShards: number('RISK_ACCOUNT_SHARDS', riskService.accountShards),
    leaseDurationMs,
    renewIntervalMs: number('RISK_RENEW_INTERVAL_MS', Math.floor(leaseDurationMs / 4)),
    leaseSafetyMs: number('RISK_LEASE_SAFETY_MS', Math.floor(leaseDurationMs / 5)),
    idlePollMs: number('RISK_IDLE_POLL_MS', 100),
    healthPort: number('RISK_HEALTH_PORT', 8080),
    metricsIntervalMs: number('RISK_METRICS_INTERVAL_MS', 10_000),
    logLevel: (env.LOG_LEVEL as LogLevel | undefined) ?? 'info',
    userStreamEndpoint: env.SHARDEX_WS_ENDPOINT || undefined,
  };
}
