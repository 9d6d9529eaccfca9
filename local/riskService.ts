import type { Accounts } from '../application/accounts/accounts';
import { OrderIdGenerator } from '../application/orderEntry/orderIds';
import type { IdSlots } from '../application/ports/idSlots';
import { type MarginCalls, type RiskPorts, RiskShard } from '../application/risk/riskShard';

/**
 * The local stand-in for the risk service on Fargate: one shard holding every account (shards = 1), polling each
 * symbol's stream of the events table every `intervalMs` and acting through the command stream like everything
 * else. MARGIN_CALL goes to `onMarginCall` (the user data stream delivery is not wired yet). Returns the stop.
 */
export function startLocalRiskService(
  ctx: RiskPorts & { readonly accounts: Accounts; readonly idSlots: IdSlots },
  options: {
    readonly intervalMs?: number;
    readonly onMarginCall?: (accountId: number) => void;
    readonly onError?: (error: unknown) => void;
  } = {},
): () => void {
  const marginCalls: MarginCalls = {
    marginCall: async (accountId) => options.onMarginCall?.(accountId),
  };
  const shard = new RiskShard(ctx, ctx.accounts, new OrderIdGenerator(ctx.idSlots, ctx.clock), marginCalls);
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    shard
      .poll()
      .catch((error) => options.onError?.(error))
      .finally(() => {
        busy = false;
      });
  }, options.intervalMs ?? 250);
  return () => clearInterval(timer);
}
