import { managementApiPoster } from '../adapters/aws/connections/connectionPoster';
import { MemoryAccountShardLeases } from '../adapters/memory/accountShardLeases';
import type { Accounts } from '../application/accounts/accounts';
import { OrderIdGenerator } from '../application/orderEntry/orderIds';
import type { AccountShardLeases } from '../application/ports/accountShardLeases';
import type { ConnectionStore, SubscriptionStore } from '../application/ports/connections';
import type { IdSlots } from '../application/ports/idSlots';
import type { ListenKeyStore } from '../application/ports/listenKeyStore';
import type { Log } from '../application/ports/log';
import { runRiskService } from '../application/risk/riskRunner';
import { RiskService } from '../application/risk/riskService';
import type { MarginCalls, RiskPorts } from '../application/risk/riskShard';
import { UserStreamMarginCalls } from '../application/risk/userStreamMarginCalls';
import { binanceStreams } from '../binance/streams/streamFormat';
import { riskService } from '../resources/declarations';

/**
 * The risk service as the local stack runs it: the same RiskService and runner as risk-fargate/main.ts, one
 * instance holding every account shard (riskService.accountShards of them, through leases: `npm start` gives it
 * the riskLeases table on the emulators; tests default to leases in memory), polling each symbol's stream of the
 * events table and acting through the command stream like everything else. MARGIN_CALL goes to the account's user
 * data streams through the gateway's connection management API at `managementEndpoint` (as the fan-out posts),
 * and to `onMarginCall`. Returns the stop (it gives the leases back).
 */
export function startLocalRiskService(
  ctx: RiskPorts & {
    readonly accounts: Accounts;
    readonly idSlots: IdSlots;
    readonly connections: ConnectionStore;
    readonly subscriptions: SubscriptionStore;
    readonly listenKeys: ListenKeyStore;
  },
  options: {
    readonly intervalMs?: number;
    /** The gateway's connection management endpoint (LocalGateway.managementEndpoint); none: no delivery. */
    readonly managementEndpoint?: string;
    readonly leases?: AccountShardLeases;
    readonly accountShards?: number;
    readonly instanceId?: string;
    readonly onMarginCall?: (accountId: number) => void;
    readonly onError?: (error: unknown) => void;
  } = {},
): () => Promise<void> {
  const poster =
    options.managementEndpoint === undefined ? undefined : managementApiPoster(options.managementEndpoint);
  const userStreams =
    poster === undefined ? undefined : new UserStreamMarginCalls(ctx, { poster, format: binanceStreams });
  const marginCalls: MarginCalls = {
    marginCall: async (accountId, risk) => {
      options.onMarginCall?.(accountId);
      await userStreams?.marginCall(accountId, risk);
    },
  };
  const leaseDurationMs = 10_000;
  // Locally the lease comings and goings (info) would drown the console and the tests' output: warnings and errors only.
  const log: Log = (level, message, fields) => {
    if (level !== 'info') ctx.log(level, message, fields);
  };
  const service = new RiskService(
    { ...ctx, log, leases: options.leases ?? new MemoryAccountShardLeases() },
    ctx.accounts,
    new OrderIdGenerator(ctx.idSlots, ctx.clock),
    marginCalls,
    {
      instanceId: options.instanceId ?? `risk-local-${process.pid}`,
      accountShards: options.accountShards ?? riskService.accountShards,
      leaseDurationMs,
      leaseSafetyMs: leaseDurationMs / 5,
    },
  );
  const runner = runRiskService(service, {
    renewIntervalMs: leaseDurationMs / 4,
    idlePollMs: options.intervalMs ?? 250,
    onError: (error) => options.onError?.(error),
  });
  return async () => {
    await runner.stop();
    poster?.close();
  };
}
