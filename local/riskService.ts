import { MemoryAccountShardLeases } from '../adapters/memory/accountShardLeases';
import type { Accounts } from '../application/accounts/accounts';
import { OrderIdGenerator } from '../application/orderEntry/orderIds';
import type { AccountShardLeases } from '../application/ports/accountShardLeases';
import type { IdSlots } from '../application/ports/idSlots';
import { runRiskService } from '../application/risk/riskRunner';
import { RiskService } from '../application/risk/riskService';
import type { MarginCalls, RiskPorts } from '../application/risk/riskShard';
import { riskService } from '../resources/declarations';

/**
 * The risk service as the local stack runs it: the same RiskService and runner as risk-fargate/main.ts, one
 * instance holding every account shard (riskService.accountShards of them, through leases: `npm start` gives it
 * the riskLeases table on the emulators; tests default to leases in memory), polling each symbol's stream of the
 * events table and acting through the command stream like everything else. MARGIN_CALL goes to `onMarginCall`.
 * Returns the stop (it gives the leases back).
 */
export function startLocalRiskService(
  ctx: RiskPorts & { readonly accounts: Accounts; readonly idSlots: IdSlots },
  options: {
    readonly intervalMs?: number;
    readonly leases?: AccountShardLeases;
    readonly accountShards?: number;
    readonly instanceId?: string;
    readonly onMarginCall?: (accountId: number) => void;
    readonly onError?: (error: unknown) => void;
  } = {},
): () => Promise<void> {
  const marginCalls: MarginCalls = {
    marginCall: async (accountId) => options.onMarginCall?.(accountId),
  };
  const leaseDurationMs = 10_000;
  const service = new RiskService(
    { ...ctx, leases: options.leases ?? new MemoryAccountShardLeases() },
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
  return () => runner.stop();
}
