import type { TradeRange } from '../../application/ports/tradeRange';
import type { UserTradeLog } from '../../application/ports/userTradeLog';
import { fillsInRange, type UserTrade } from '../../core/projections/userTrades';
import { putUnlessApplied } from './putUnlessApplied';

/** An account's fills sort by symbol, then trade id, then maker before taker (one account can be both). */
const fillKey = (fill: UserTrade) =>
  `${fill.symbol}#${String(fill.id).padStart(16, '0')}#${fill.maker ? 'M' : 'T'}`;

/** Each account's fills in memory, in the DynamoDB table's order. */
export class MemoryUserTradeLog implements UserTradeLog {
  private readonly fills = new Map<number, Map<string, UserTrade>>();

  async put(fill: UserTrade): Promise<boolean> {
    const ofAccount = this.fills.get(fill.accountId) ?? new Map<string, UserTrade>();
    this.fills.set(fill.accountId, ofAccount);
    return putUnlessApplied(ofAccount, fillKey(fill), fill, fill.lastSeq);
  }

  async putMany(fills: readonly UserTrade[]): Promise<void> {
    // A fill never changes: guarded or not, a second write is the same value.
    for (const fill of fills) await this.put(fill);
  }

  async range(
    accountId: number,
    symbol: string,
    range: TradeRange & { readonly orderId?: number },
  ): Promise<UserTrade[]> {
    const ofSymbol = this.sorted(accountId).filter((f) => f.symbol === symbol);
    return fillsInRange(ofSymbol, range).map((f) => structuredClone(f));
  }

  async lastTime(accountId: number, symbol: string): Promise<number> {
    const ofSymbol = this.sorted(accountId).filter((f) => f.symbol === symbol);
    return ofSymbol[ofSymbol.length - 1]?.time ?? 0;
  }

  drop(symbol?: string): number {
    let dropped = 0;
    for (const ofAccount of this.fills.values()) {
      for (const [key, fill] of ofAccount) {
        if (symbol !== undefined && fill.symbol !== symbol) continue;
        ofAccount.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  private sorted(accountId: number): UserTrade[] {
    return [...(this.fills.get(accountId) ?? new Map<string, UserTrade>())]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, fill]) => fill);
  }
}
