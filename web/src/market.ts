import type { RestClient } from './api/rest';
import type { SocketStatus, StreamHandler, StreamSocket } from './api/streamSocket';
import type {
  DepthSnapshot,
  DepthUpdate,
  KlineEvent,
  KlineRow,
  MarkPriceEvent,
  PremiumIndex,
  RestTrade,
  Ticker24h,
  TickerEvent,
  TradeEvent,
} from './api/wire';
import { Backoff } from './model/backoff';
import { type BookLevel, LocalOrderBook } from './model/localOrderBook';
import type { SymbolRules } from './model/symbolRules';

export const INTERVALS = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d'] as const;
export type Interval = (typeof INTERVALS)[number];

/** What the book panel shows: live levels, or why there are none (never stale ones). */
export type BookView =
  | { readonly kind: 'live'; readonly bids: readonly BookLevel[]; readonly asks: readonly BookLevel[] }
  | { readonly kind: 'syncing' }
  | { readonly kind: 'reconnecting' };

export interface MarketTrade {
  readonly id: number;
  readonly price: string;
  readonly qty: string;
  readonly time: number;
  /** The buyer was the maker: the taker sold (shown red). */
  readonly buyerMaker: boolean;
}

export interface Candle {
  readonly openTime: number;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
}

export interface TickerView {
  readonly lastPrice: string;
  readonly priceChange: string;
  readonly priceChangePercent: string;
  readonly highPrice: string;
  readonly lowPrice: string;
  readonly volume: string;
  readonly quoteVolume: string;
}

export interface PremiumView {
  readonly markPrice: string;
  readonly indexPrice: string;
  readonly fundingRate: string;
  readonly nextFundingTime: number;
}

export interface MarketListener {
  book(view: BookView): void;
  trades(trades: readonly MarketTrade[]): void;
  /** All candles (after a load), or one candle changed or added. */
  candles(change: { readonly all: readonly Candle[] } | { readonly one: Candle }): void;
  ticker(ticker: TickerView): void;
  premium(premium: PremiumView): void;
  /** Every symbol's mark as the exchange pushes it (`!markPrice@arr@1s`): positions in the others follow it. */
  marks(marks: readonly MarkPriceEvent[]): void;
}

/** Levels per side the book keeps from the snapshot (Binance's recommended 1000). */
const SNAPSHOT_LIMIT = 1000;
const BOOK_DEPTH_SHOWN = 40;
const TRADES_SHOWN = 60;
const CANDLES_LOADED = 500;
/** premiumIndex is polled as well: the markPrice stream only speaks when the symbol trades. */
const PREMIUM_POLL_MS = 5_000;

/**
 * The market of the selected symbol: one set of streams on the shared socket (diff depth, trades, candles of the
 * chosen interval, 24 h ticker, mark price, and every symbol's mark for the positions), each seeded over REST.
 * After every (re)connection the book is resynchronised from a new snapshot, and trades, candles and ticker are
 * reloaded, because a gap may have swallowed messages; while the socket is down the book says so instead of
 * showing levels that may be stale.
 */
export class MarketFeed {
  private rules: SymbolRules | undefined;
  private interval: Interval = '1m';
  private readonly book = new LocalOrderBook();
  private readonly bookBackoff = new Backoff(250, 5_000);
  private trades = new Map<number, MarketTrade>();
  /** Bumped at every symbol or interval change and every reconnection: late answers of older loads are dropped. */
  private generation = 0;
  private bookGeneration = 0;
  private candleGeneration = 0;
  private premiumTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly rest: RestClient,
    private readonly socket: StreamSocket,
    private readonly listener: MarketListener,
    private readonly onError: (message: string) => void,
  ) {
    socket.onStatus((status) => this.socketStatus(status));
    socket.onOpen(() => this.reload());
  }

  get symbol(): string | undefined {
    return this.rules?.symbol;
  }

  /** The best bid and ask, when the book is live. */
  bestPrices(): { bestBid?: BookLevel; bestAsk?: BookLevel } {
    const [bestBid] = this.book.levels('bids', 1);
    const [bestAsk] = this.book.levels('asks', 1);
    return { bestBid, bestAsk };
  }

  async select(rules: SymbolRules, interval: Interval): Promise<void> {
    this.rules = rules;
    this.interval = interval;
    this.generation++;
    this.trades = new Map();
    this.listener.trades([]);
    this.listener.candles({ all: [] });
    this.resetBook(this.socket.status === 'open' ? 'syncing' : 'reconnecting');
    await this.subscribe();
    if (this.socket.status === 'open') this.reload();
    clearInterval(this.premiumTimer);
    this.premiumTimer = setInterval(() => void this.loadPremium(this.generation), PREMIUM_POLL_MS);
  }

  async setInterval(interval: Interval): Promise<void> {
    if (this.rules === undefined || interval === this.interval) return;
    this.interval = interval;
    this.listener.candles({ all: [] });
    await this.subscribe();
    await this.loadCandles();
  }

  private async subscribe(): Promise<void> {
    const s = this.rules!.symbol.toLowerCase();
    const symbol = this.rules!.symbol;
    const mine =
      (handle: (data: never) => void): StreamHandler =>
      (data) => {
        if ((data as { s?: string }).s === symbol) handle(data as never);
      };
    const streams = new Map<string, StreamHandler>([
      [`${s}@depth@100ms`, mine((u: DepthUpdate) => this.onDepth(u))],
      [`${s}@trade`, mine((t: TradeEvent) => this.onTrade(t))],
      [`${s}@kline_${this.interval}`, mine((k: KlineEvent) => this.onKline(k))],
      [`${s}@ticker`, mine((t: TickerEvent) => this.onTicker(t))],
      [`${s}@markPrice@1s`, mine((m: MarkPriceEvent) => this.onMark(m))],
      ['!markPrice@arr@1s', (data) => this.listener.marks(data as readonly MarkPriceEvent[])],
    ]);
    try {
      await this.socket.setStreams(streams);
    } catch {
      // The connection dropped meanwhile: the next one subscribes from the URL and reloads everything.
    }
  }

  /** After a (re)connection, or a new symbol: everything from REST again. */
  private reload(): void {
    if (this.rules === undefined) return;
    const generation = ++this.generation;
    void this.syncBook();
    void this.loadTrades(generation);
    void this.loadCandles();
    void this.loadTicker(generation);
    void this.loadPremium(generation);
  }

  private socketStatus(status: SocketStatus): void {
    if (status === 'reconnecting') this.resetBook('reconnecting');
    else if (status === 'connecting') this.resetBook('syncing');
  }

  private resetBook(kind: 'syncing' | 'reconnecting'): void {
    this.bookGeneration++;
    this.book.reset();
    this.listener.book({ kind });
  }

  /**
   * Binance's procedure, step 2: the diff stream is buffering already (the book was reset when the connection
   * dropped, the symbol changed or a gap was found, and keeps what arrived since); take a snapshot and hand it over.
   */
  private async syncBook(): Promise<void> {
    const generation = ++this.bookGeneration;
    const symbol = this.rules!.symbol;
    this.listener.book({ kind: 'syncing' });
    let snapshot: DepthSnapshot;
    try {
      snapshot = await this.rest.get<DepthSnapshot>('/fapi/v1/depth', { symbol, limit: SNAPSHOT_LIMIT });
    } catch {
      if (generation === this.bookGeneration) this.retrySync(generation);
      return;
    }
    if (generation !== this.bookGeneration || this.socket.status !== 'open') return;
    if (this.book.onSnapshot(snapshot).kind === 'resync') {
      this.retrySync(generation);
      return;
    }
    this.bookBackoff.reset();
    this.showBook();
  }

  private retrySync(generation: number): void {
    this.listener.book({ kind: 'syncing' });
    setTimeout(() => {
      if (generation === this.bookGeneration && this.socket.status === 'open') void this.syncBook();
    }, this.bookBackoff.next());
  }

  private onDepth(update: DepthUpdate): void {
    if (this.socket.status !== 'open') return;
    const outcome = this.book.onDiff(update);
    if (outcome.kind === 'resync') {
      // A gap: the levels are gone already; a new snapshot rebuilds them.
      this.bookGeneration++;
      this.retrySync(this.bookGeneration);
    } else if (this.book.status === 'synced') this.showBook();
  }

  private showBook(): void {
    this.listener.book({
      kind: 'live',
      bids: this.book.levels('bids', BOOK_DEPTH_SHOWN),
      asks: this.book.levels('asks', BOOK_DEPTH_SHOWN),
    });
  }

  private async loadTrades(generation: number): Promise<void> {
    const rows = await this.load(() =>
      this.rest.get<RestTrade[]>('/fapi/v1/trades', { symbol: this.rules!.symbol, limit: TRADES_SHOWN }),
    );
    if (rows === undefined || generation !== this.generation) return;
    // Trades that streamed in while the request ran are kept: both are keyed by trade id.
    for (const t of rows)
      this.trades.set(t.id, {
        id: t.id,
        price: t.price,
        qty: t.qty,
        time: t.time,
        buyerMaker: t.isBuyerMaker,
      });
    this.emitTrades();
  }

  private onTrade(t: TradeEvent): void {
    this.trades.set(t.t, { id: t.t, price: t.p, qty: t.q, time: t.T, buyerMaker: t.m });
    this.emitTrades();
  }

  private emitTrades(): void {
    const newest = [...this.trades.values()].sort((a, b) => b.id - a.id).slice(0, TRADES_SHOWN);
    this.trades = new Map(newest.map((t) => [t.id, t]));
    this.listener.trades(newest);
  }

  private async loadCandles(): Promise<void> {
    const generation = ++this.candleGeneration;
    const interval = this.interval;
    const rows = await this.load(() =>
      this.rest.get<KlineRow[]>('/fapi/v1/klines', {
        symbol: this.rules!.symbol,
        interval,
        limit: CANDLES_LOADED,
      }),
    );
    if (rows === undefined || generation !== this.candleGeneration) return;
    this.listener.candles({
      all: rows.map(([openTime, open, high, low, close, volume]) => ({
        openTime,
        open,
        high,
        low,
        close,
        volume,
      })),
    });
  }

  private onKline(event: KlineEvent): void {
    if (event.k.i !== this.interval) return;
    const k = event.k;
    this.listener.candles({
      one: { openTime: k.t, open: k.o, high: k.h, low: k.l, close: k.c, volume: k.v },
    });
  }

  private async loadTicker(generation: number): Promise<void> {
    const t = await this.load(() =>
      this.rest.get<Ticker24h>('/fapi/v1/ticker/24hr', { symbol: this.rules!.symbol }),
    );
    if (t === undefined || generation !== this.generation) return;
    this.listener.ticker(t);
  }

  private onTicker(t: TickerEvent): void {
    this.listener.ticker({
      lastPrice: t.c,
      priceChange: t.p,
      priceChangePercent: t.P,
      highPrice: t.h,
      lowPrice: t.l,
      volume: t.v,
      quoteVolume: t.q,
    });
  }

  private async loadPremium(generation: number): Promise<void> {
    if (this.rules === undefined) return;
    const p = await this.load(
      () => this.rest.get<PremiumIndex>('/fapi/v1/premiumIndex', { symbol: this.rules!.symbol }),
      true,
    );
    if (p === undefined || generation !== this.generation) return;
    this.listener.premium({
      markPrice: p.markPrice,
      indexPrice: p.indexPrice,
      fundingRate: p.lastFundingRate,
      nextFundingTime: p.nextFundingTime,
    });
  }

  private onMark(m: MarkPriceEvent): void {
    this.listener.premium({ markPrice: m.p, indexPrice: m.i, fundingRate: m.r, nextFundingTime: m.T });
  }

  /** A REST load; a failure is reported (unless quiet) and answered undefined: the next reconnect retries. */
  private async load<T>(request: () => Promise<T>, quiet = false): Promise<T | undefined> {
    try {
      return await request();
    } catch (error) {
      if (!quiet) this.onError((error as Error).message);
      return undefined;
    }
  }
}
