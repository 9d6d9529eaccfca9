import { ApiError, type Credentials, type RestClient } from './api/rest';
import type { SocketStatus } from './api/streamSocket';
import { UserStream } from './api/userStream';
import type { AccountInfo, Order, PositionRisk, UserEvent, UserTrade } from './api/wire';
import {
  type AccountState,
  accountFromRest,
  applyMarkPrice,
  applyUserEvent,
  EMPTY_ACCOUNT,
} from './model/account';

export interface SessionListener {
  changed(state: AccountState): void;
  status(status: SocketStatus): void;
  /** The keys were refused (wrong key, wrong secret, no permission): the page goes back to read-only. */
  refused(message: string): void;
  error(message: string): void;
}

/**
 * ACCOUNT_UPDATE carries balances and positions; margins, available balance and liquidation prices come from REST
 * after it (account and positionRisk: weight 10), at most every 2 s however fast the fills come, so a busy trader
 * stays far below the 2,400 weight a minute.
 */
const MARGINS_AFTER_FILL_MS = 800;
const MARGINS_AT_MOST_EVERY_MS = 2_000;
/** Other symbols' positions are revalued by a full load now and then (only the shown symbol's mark streams). */
const RELOAD_EVERY_MS = 30_000;

const KEY_REFUSALS = new Set([-1022, -2014, -2015]);

/**
 * A trader's session: their keys, their account loaded over REST, and the user data stream keeping it live.
 * A REST load runs after every (re)connection of the stream (events may have been missed); events that arrive
 * while it runs are applied again on top of its answer, which is safe because each event carries absolute
 * values (see model/account.ts).
 */
/** The fields of Binance's algo order answer the page shows. */
interface AlgoOrderAnswer {
  readonly symbol: string;
  readonly side: string;
  readonly orderType: string;
  readonly price: string;
  readonly quantity: string;
  readonly algoStatus: string;
}

export class AccountSession {
  private state: AccountState = EMPTY_ACCOUNT;
  private readonly stream: UserStream;
  private symbol: string;
  private loading: UserEvent[] | undefined;
  private reloadAgain: 'full' | 'margins' | undefined;
  private lastLoadAt = 0;
  private marginsTimer: ReturnType<typeof setTimeout> | undefined;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private readonly marks = new Map<string, string>();
  private stopped = false;

  constructor(
    private readonly rest: RestClient,
    wsUrl: string,
    readonly credentials: Credentials,
    symbol: string,
    private readonly listener: SessionListener,
  ) {
    this.symbol = symbol;
    this.stream = new UserStream(rest, wsUrl, credentials, {
      onEvent: (event) => this.onEvent(event),
      onConnected: () => void this.reload(),
      onStatus: (status) => listener.status(status),
    });
  }

  get account(): AccountState {
    return this.state;
  }

  start(): void {
    // At once, not only when the stream connects: a network that blocks WebSockets still shows the account.
    void this.reload();
    this.stream.start();
    this.pollTimer = setInterval(() => void this.reload(), RELOAD_EVERY_MS);
  }

  stop(): void {
    this.stopped = true;
    this.stream.stop();
    clearTimeout(this.marginsTimer);
    clearInterval(this.pollTimer);
  }

  /** The shown symbol changed: its order and trade history are loaded. */
  setSymbol(symbol: string): void {
    this.symbol = symbol;
    void this.reload();
  }

  onMarkPrice(symbol: string, markPrice: string): void {
    this.marks.set(symbol, markPrice);
    this.update(applyMarkPrice(this.state, symbol, markPrice));
  }

  leverageOf(symbol: string): number | undefined {
    const leverage = Number(this.state.positions.get(symbol)?.leverage);
    return Number.isInteger(leverage) && leverage > 0 ? leverage : undefined;
  }

  async placeOrder(params: Record<string, string>): Promise<Order> {
    if (params.stopPrice === undefined) {
      return this.rest.signed<Order>('POST', '/fapi/v1/order', params, this.credentials);
    }
    // Conditional orders go to the algo-order endpoint, triggered by the mark price the form checked them against;
    // the answer is an algo order, shown as the order it will become.
    const { stopPrice, ...rest } = params;
    const algo = await this.rest.signed<AlgoOrderAnswer>(
      'POST',
      '/fapi/v1/algoOrder',
      { ...rest, algoType: 'CONDITIONAL', triggerPrice: stopPrice!, workingType: 'MARK_PRICE' },
      this.credentials,
    );
    return {
      symbol: algo.symbol,
      side: algo.side,
      type: algo.orderType,
      price: algo.price,
      origQty: algo.quantity,
      status: algo.algoStatus === 'NEW' ? 'WAITING_FOR_TRIGGER' : algo.algoStatus,
    } as Order;
  }

  async cancelOrder(order: Order): Promise<Order> {
    return this.rest.signed<Order>(
      'DELETE',
      '/fapi/v1/order',
      { symbol: order.symbol, orderId: order.orderId },
      this.credentials,
    );
  }

  /** Every open order, symbol by symbol (the API cancels all of one symbol per request). */
  async cancelAll(): Promise<number> {
    const symbols = [...new Set([...this.state.openOrders.values()].map((o) => o.symbol))];
    await Promise.all(
      symbols.map((symbol) =>
        this.rest.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol }, this.credentials),
      ),
    );
    return symbols.length;
  }

  async setLeverage(symbol: string, leverage: number): Promise<void> {
    await this.rest.signed('POST', '/fapi/v1/leverage', { symbol, leverage }, this.credentials);
    await this.reload();
  }

  /**
   * Loads the whole account (`full`: balances, positions, open orders, the symbol's orders and fills), or only
   * what ACCOUNT_UPDATE leaves out (`margins`: balances and positions with their margins). A load asked for while
   * one runs runs once more after it.
   */
  async reload(kind: 'full' | 'margins' = 'full'): Promise<void> {
    if (this.stopped) return;
    if (this.loading !== undefined) {
      if (kind === 'full' || this.reloadAgain === undefined) this.reloadAgain = kind;
      return;
    }
    this.loading = [];
    this.lastLoadAt = Date.now();
    const symbol = this.symbol;
    const c = this.credentials;
    try {
      const [account, positions, openOrders, orders, trades] = await Promise.all([
        this.rest.signed<AccountInfo>('GET', '/fapi/v2/account', {}, c),
        this.rest.signed<PositionRisk[]>('GET', '/fapi/v2/positionRisk', {}, c),
        kind === 'full' ? this.rest.signed<Order[]>('GET', '/fapi/v1/openOrders', {}, c) : undefined,
        kind === 'full'
          ? this.rest.signed<Order[]>('GET', '/fapi/v1/allOrders', { symbol, limit: 50 }, c)
          : undefined,
        kind === 'full'
          ? this.rest.signed<UserTrade[]>('GET', '/fapi/v1/userTrades', { symbol, limit: 50 }, c)
          : undefined,
      ]);
      const loaded = accountFromRest({
        account,
        positions,
        openOrders: openOrders ?? [],
        orders: orders ?? [],
        trades: trades ?? [],
      });
      let state: AccountState =
        kind === 'full' ? loaded : { ...this.state, balances: loaded.balances, positions: loaded.positions };
      for (const event of this.loading) state = applyUserEvent(state, event);
      for (const [s, mark] of this.marks) state = applyMarkPrice(state, s, mark);
      this.update(state);
    } catch (error) {
      if (error instanceof ApiError && KEY_REFUSALS.has(error.code)) {
        this.stop();
        this.listener.refused(error.display);
      } else this.listener.error(`Account not loaded: ${(error as Error).message}`);
    } finally {
      this.loading = undefined;
      const again = this.reloadAgain;
      this.reloadAgain = undefined;
      if (again !== undefined && !this.stopped) void this.reload(again);
    }
  }

  /** The margins after fills: soon, but never more often than every MARGINS_AT_MOST_EVERY_MS. */
  private refreshMargins(): void {
    if (this.marginsTimer !== undefined) return;
    const wait = Math.max(MARGINS_AFTER_FILL_MS, this.lastLoadAt + MARGINS_AT_MOST_EVERY_MS - Date.now());
    this.marginsTimer = setTimeout(() => {
      this.marginsTimer = undefined;
      void this.reload('margins');
    }, wait);
  }

  private onEvent(event: UserEvent): void {
    this.loading?.push(event);
    let state = applyUserEvent(this.state, event);
    if (event.e === 'ACCOUNT_UPDATE') {
      for (const p of event.a.P) {
        const mark = this.marks.get(p.s);
        if (mark !== undefined) state = applyMarkPrice(state, p.s, mark);
      }
      this.refreshMargins();
    }
    this.update(state);
  }

  private update(state: AccountState): void {
    if (state === this.state) return;
    this.state = state;
    this.listener.changed(state);
  }
}
