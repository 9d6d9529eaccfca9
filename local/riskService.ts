import { managementApiPoster } from '../adapters/aws/connections/connectionPoster';
import type { Accounts } from '../application/accounts/accounts';
import { OrderIdGenerator } from '../application/orderEntry/orderIds';
import type { ConnectionStore, SubscriptionStore } from '../application/ports/connections';
import type { IdSlots } from '../application/ports/idSlots';
import type { ListenKeyStore } from '../application/ports/listenKeyStore';
import { LiveMarginCalls } from '../application/risk/liveMarginCalls';
import { type RiskPorts, RiskShard } from '../application/risk/riskShard';
import { UserStreamMarginCalls } from '../application/risk/userStreamMarginCalls';
import { binanceStreams } from '../binance/streams/streamFormat';

/**
 * The local stand-in for the risk service on Fargate: one shard holding every account (shards = 1), polling each
 * symbol's stream of the events table every `intervalMs` and acting through the command stream like everything
 * else. MARGIN_CALL goes to the account's user data streams through the gateway's connection management API at
 * `managementEndpoint` (as the fan-out posts), and to `onMarginCall`, once the first poll has replayed the logs'
 * history. Returns the stop.
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
    readonly onMarginCall?: (accountId: number) => void;
    readonly onError?: (error: unknown) => void;
  } = {},
): () => void {
  const poster =
    options.managementEndpoint === undefined ? undefined : managementApiPoster(options.managementEndpoint);
  const userStreams =
    poster === undefined ? undefined : new UserStreamMarginCalls(ctx, { poster, format: binanceStreams });
  // Not while the first poll replays the logs' history: those crossings are old news (LiveMarginCalls).
  const marginCalls = new LiveMarginCalls({
    marginCall: async (accountId, risk) => {
      options.onMarginCall?.(accountId);
      await userStreams?.marginCall(accountId, risk);
    },
  });
  const shard = new RiskShard(ctx, ctx.accounts, new OrderIdGenerator(ctx.idSlots, ctx.clock), marginCalls);
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    shard
      .poll()
      .then(() => marginCalls.goLive())
      .catch((error) => options.onError?.(error))
      .finally(() => {
        busy = false;
      });
  }, options.intervalMs ?? 250);
  return () => {
    clearInterval(timer);
    poster?.close();
  };
}
