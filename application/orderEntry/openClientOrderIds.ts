import type { Clock } from '../ports/clock';
import type { OrderViews } from '../ports/orderViews';
import { CLIENT_ORDER_RETRY_WINDOW_MS } from './idempotency';

/**
 * How old a snapshot of an account's open client order ids may be. Half the request log's retry window, so that
 * an order placed after the snapshot was read (or up to this long before it, while the read model still trailed)
 * still holds its request-log key when the snapshot is last used: see `isOpen`.
 */
export const OPEN_IDS_MAX_AGE_MS = CLIENT_ORDER_RETRY_WINDOW_MS / 2;
/** Snapshots kept per process (account × symbol), least recently used dropped first. */
const SNAPSHOTS_KEPT = 10_000;

interface Snapshot {
  readonly at: number;
  readonly ids: Promise<ReadonlySet<string>>;
}

/**
 * Whether an account has an open order with a client order id (-4116 at ingress), without an index query per
 * order. Per account and symbol the process keeps a snapshot of the open client order ids (one `open` query,
 * then reused for OPEN_IDS_MAX_AGE_MS), and answers from it together with the request log:
 *
 * - an order open now that was open when the snapshot was read is in the snapshot;
 * - an order placed since (or shortly before, not yet in the read model) went through the request log under
 *   this very key (`order#account#symbol#clientOrderId`) less than the retry window ago, so `begin` answered
 *   `repeat` (the same request: answered, not placed) or `different` (`keyUsedRecently`: then the index is asked);
 * - an id in the snapshot may have closed since: the index is asked before refusing, so a closed order's id is
 *   free again as on Binance (the read model's own lag aside, which the index query had before too).
 *
 * Orders the engine creates itself (a triggered conditional order) pass no request log: for those the engine's
 * own duplicate check answers, as it does for any order the read model did not show yet.
 */
export class OpenClientOrderIds {
  private readonly snapshots = new Map<string, Snapshot>();

  constructor(
    private readonly orders: Pick<OrderViews, 'open' | 'hasOpenClientOrderId'>,
    private readonly clock: Clock,
    private readonly maxAgeMs = OPEN_IDS_MAX_AGE_MS,
  ) {}

  async isOpen(
    accountId: number,
    symbol: string,
    clientOrderId: string,
    keyUsedRecently: boolean,
  ): Promise<boolean> {
    if (!keyUsedRecently && !(await this.snapshot(accountId, symbol)).has(clientOrderId)) return false;
    return this.orders.hasOpenClientOrderId(accountId, symbol, clientOrderId);
  }

  private snapshot(accountId: number, symbol: string): Promise<ReadonlySet<string>> {
    const key = `${accountId}#${symbol}`;
    const now = this.clock();
    const kept = this.snapshots.get(key);
    this.snapshots.delete(key);
    if (kept !== undefined && now - kept.at < this.maxAgeMs) {
      this.snapshots.set(key, kept);
      return kept.ids;
    }
    const ids = this.orders
      .open(accountId, symbol)
      .then((open) => new Set(open.map((o) => o.order.clientOrderId)));
    // A failed read is not kept: the next order reads again.
    ids.catch(() => this.snapshots.get(key)?.ids === ids && this.snapshots.delete(key));
    this.snapshots.set(key, { at: now, ids });
    if (this.snapshots.size > SNAPSHOTS_KEPT) this.snapshots.delete(this.snapshots.keys().next().value!);
    return ids;
  }
}
