import { accountRisk } from '../../core/risk/accountRisk';
import { type AdlCandidate, adlQuantiles } from '../../core/risk/adlRanking';
import type { Instrument } from '../../core/symbol/instrument';
import type { Caller } from '../access/authenticate';
import { marksFor } from '../accounts/markPrices';
import type { IngressContext } from '../context';
import { listedSymbol } from '../symbols/listedSymbol';

/** Binance: "Values update every 30s". A symbol's quantiles are ranked again at most this often per process. */
export const ADL_QUANTILE_REFRESH_MS = 30_000;

const READS_AT_ONCE = 50;

/** One position's quantile, with Binance's one-way keys: LONG and SHORT are hedge mode's sides (0 here). */
export interface AdlQuantileAnswer {
  readonly symbol: string;
  readonly adlQuantile: { readonly LONG: number; readonly SHORT: number; readonly BOTH: number };
}

type AdlContext = Pick<IngressContext, 'events' | 'symbols' | 'tickers' | 'accounts' | 'clock'>;

interface SymbolQueue {
  /** Size in lots of each account's position, from the log (the fills and transfers carry the position after). */
  readonly sizes: Map<number, number>;
  cursor: number;
  rankedAt: number;
  quantiles: Map<number, number>;
}

/**
 * GET /fapi/v1/adlQuantile: each of the caller's positions' place in its side's auto-deleveraging queue
 * (core/risk/adlRanking.ts: Binance's ranking, highest first), as a quintile 4 (first to go) … 0.
 *
 * Who holds a symbol is read from its log, as the risk service reads it: the process keeps each symbol's holders
 * and reads only the events after the last it saw (a cold process reads the log once). Every 30 s at most (as
 * Binance refreshes them) the holders are ranked with their accounts' margin balances at the marks of the tickers
 * read model: O(holders of the symbol) reads per symbol and 30 s, none in between.
 */
export class AdlQuantiles {
  private readonly queues = new Map<string, SymbolQueue>();

  constructor(private readonly ctx: AdlContext) {}

  async of(caller: Caller, symbol?: string): Promise<AdlQuantileAnswer[]> {
    const instruments =
      symbol === undefined ? await this.ctx.symbols.all() : [await listedSymbol(this.ctx, symbol)];
    const mine = await this.ctx.accounts.store.load(caller.accountId);
    const answers: AdlQuantileAnswer[] = [];
    for (const instrument of instruments) {
      const s = instrument.spec.symbol;
      if ((mine?.positions[s]?.size ?? 0) === 0) continue;
      const queue = await this.queueOf(instrument);
      answers.push({
        symbol: s,
        adlQuantile: { LONG: 0, SHORT: 0, BOTH: queue.quantiles.get(caller.accountId) ?? 0 },
      });
    }
    return answers;
  }

  private async queueOf(instrument: Instrument): Promise<SymbolQueue> {
    const symbol = instrument.spec.symbol;
    let queue = this.queues.get(symbol);
    if (queue === undefined) {
      queue = { sizes: new Map(), cursor: 0, rankedAt: Number.NEGATIVE_INFINITY, quantiles: new Map() };
      this.queues.set(symbol, queue);
    }
    const now = this.ctx.clock();
    if (now - queue.rankedAt < ADL_QUANTILE_REFRESH_MS) return queue;
    for await (const item of this.ctx.events.itemsAfter(symbol, queue.cursor)) {
      if (item.events === null) break;
      for (const event of item.events) {
        if (event.type === 'Trade')
          for (const fill of [event.maker, event.taker]) queue.sizes.set(fill.accountId, fill.position.size);
        else if (event.type === 'PositionTransferred')
          for (const side of [event.liquidated, event.counterparty])
            queue.sizes.set(side.accountId, side.position.size);
      }
      queue.cursor = item.last;
    }
    queue.quantiles = await this.rank(symbol, queue.sizes);
    queue.rankedAt = now;
    return queue;
  }

  /** Each holder's quantile in its side's queue, from its account now (the log only says who holds). */
  private async rank(symbol: string, sizes: ReadonlyMap<number, number>): Promise<Map<number, number>> {
    const holders = [...sizes].filter(([accountId, size]) => size !== 0 && accountId > 0).map(([id]) => id);
    const candidates: (AdlCandidate & { readonly long: boolean })[] = [];
    // A bounded number of account reads at once: a symbol can have many holders.
    for (let i = 0; i < holders.length; i += READS_AT_ONCE) {
      const read = await Promise.all(
        holders.slice(i, i + READS_AT_ONCE).map((id) => this.candidate(symbol, id)),
      );
      for (const c of read) if (c !== undefined) candidates.push(c);
    }
    return new Map([
      ...adlQuantiles(candidates.filter((c) => c.long)),
      ...adlQuantiles(candidates.filter((c) => !c.long)),
    ]);
  }

  private async candidate(
    symbol: string,
    accountId: number,
  ): Promise<(AdlCandidate & { readonly long: boolean }) | undefined> {
    const account = await this.ctx.accounts.store.load(accountId);
    const position = account?.positions[symbol];
    if (account === undefined || position === undefined || position.size === 0) return undefined;
    // The tickers are the ingress's, kept 1 s per process: holders of the same symbols share the reads.
    const marks = await marksFor(this.ctx, Object.keys(account.positions));
    const risk = accountRisk(account, { get: (s) => marks.instruments.get(s) }, (s) => marks.last.get(s));
    const held = risk.positions.find((p) => p.symbol === symbol);
    if (held === undefined) return undefined;
    return {
      accountId,
      long: position.size > 0,
      unrealizedPnl: held.value.unrealizedPnl,
      cost: position.entryNotional,
      markValue: held.value.notional,
      marginBalance: risk.marginBalance,
    };
  }
}
