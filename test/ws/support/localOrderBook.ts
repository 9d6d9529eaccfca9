/** A diff depth message as a client reads it. */
export interface DepthUpdate {
  readonly e: string;
  readonly U: number;
  readonly u: number;
  readonly pu: number;
  readonly b: [string, string][];
  readonly a: [string, string][];
}

export interface Snapshot {
  readonly lastUpdateId: number;
  readonly bids: [string, string][];
  readonly asks: [string, string][];
}

export type SyncOutcome =
  | {
      readonly kind: 'synced';
      readonly bids: [string, string][];
      readonly asks: [string, string][];
      readonly lastU: number;
    }
  | { readonly kind: 'resync'; readonly reason: string };

/**
 * Binance USDⓈ-M's "how to manage a local order book correctly", step by step: start from the REST snapshot;
 * drop events with u < lastUpdateId; the first event applied must have U ≤ lastUpdateId ≤ u; every later event's
 * pu must equal the previous event's u, otherwise start over; quantities are absolute and 0 removes a level.
 */
export function followDepthStream(snapshot: Snapshot, updates: readonly DepthUpdate[]): SyncOutcome {
  const bids = new Map(snapshot.bids);
  const asks = new Map(snapshot.asks);
  let previous: number | undefined;
  for (const update of updates) {
    if (previous === undefined) {
      if (update.u < snapshot.lastUpdateId) continue;
      if (!(update.U <= snapshot.lastUpdateId && snapshot.lastUpdateId <= update.u))
        return {
          kind: 'resync',
          reason: `first event U=${update.U} u=${update.u}, lastUpdateId=${snapshot.lastUpdateId}`,
        };
    } else if (update.pu !== previous) {
      return { kind: 'resync', reason: `pu=${update.pu} after u=${previous}` };
    }
    for (const [side, levels] of [
      [bids, update.b],
      [asks, update.a],
    ] as const) {
      for (const [price, qty] of levels) {
        if (Number(qty) === 0) side.delete(price);
        else side.set(price, qty);
      }
    }
    previous = update.u;
  }
  if (previous === undefined) return { kind: 'resync', reason: 'no event reached the snapshot' };
  const sorted = (side: Map<string, string>, descending: boolean) =>
    [...side].sort((x, y) => (descending ? Number(y[0]) - Number(x[0]) : Number(x[0]) - Number(y[0])));
  return { kind: 'synced', bids: sorted(bids, true), asks: sorted(asks, false), lastU: previous };
}
