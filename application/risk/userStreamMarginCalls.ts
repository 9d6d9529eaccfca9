import type { AccountRisk } from '../../core/risk/accountRisk';
import { forgetConnection } from '../connections/connections';
import { checkListenKeys } from '../fanout/listenKeyCheck';
import type { StreamFormat } from '../fanout/messages';
import { Outbox } from '../fanout/outbox';
import type { Clock } from '../ports/clock';
import type { ConnectionPoster, ConnectionStore, SubscriptionStore } from '../ports/connections';
import type { ListenKeyStore } from '../ports/listenKeyStore';
import type { Log } from '../ports/log';
import type { MarginCalls } from '../ports/marginCalls';

/** What a margin call needs to find the account's user data streams: the fan-out's own stores. */
export interface MarginCallContext {
  readonly connections: ConnectionStore;
  readonly subscriptions: SubscriptionStore;
  readonly listenKeys: ListenKeyStore;
  readonly clock: Clock;
  readonly log: Log;
}

/**
 * MARGIN_CALL to the account's user data stream(s), as the fan-out delivers user data: the connections bound to
 * the account whose listen key is still valid (checkListenKeys), each payload wrapped for a combined stream, a
 * connection found gone forgotten. An expired key's connection gets nothing here (the fan-out tells it once that
 * its key expired). Best effort: a failure is logged, never thrown into the risk service.
 */
export class UserStreamMarginCalls implements MarginCalls {
  constructor(
    private readonly ctx: MarginCallContext,
    private readonly delivery: { readonly poster: ConnectionPoster; readonly format: StreamFormat },
  ) {}

  async marginCall(accountId: number, risk: AccountRisk): Promise<void> {
    const first = risk.positions[0];
    if (first === undefined) return;
    try {
      const connections = await this.ctx.connections.ofAccount(accountId);
      if (connections.length === 0) return;
      const { live } = await checkListenKeys(accountId, connections, this.ctx);
      if (live.length === 0) return;
      const payload = this.delivery.format.user(
        { kind: 'marginCall', walletBalance: risk.walletBalance, positions: risk.positions },
        first.instrument,
        this.ctx.clock(),
      );
      const text = JSON.stringify(payload);
      const outbox = new Outbox();
      for (const c of live)
        outbox.add(
          c.connectionId,
          c.combined ? JSON.stringify({ stream: c.listenKey, data: payload }) : text,
        );
      await outbox.deliver(this.delivery.poster, (id) => forgetConnection(this.ctx, id), this.ctx.log);
    } catch (error) {
      this.ctx.log('warn', 'margin call not delivered', { accountId, error });
    }
  }
}
