// The read side end to end, over real HTTP and WebSocket connections against the running local stack, after a
// busy random session (several traders placing, taking, cancelling and amending at once):
// - clients that follow Binance's local order book procedure on @depth@100ms, @depth and @depth@500ms, joining
//   before and during the session, hold exactly the REST depth at the end, with no gap;
// - trades, aggTrades, klines (1m and 15m) and the 24 h ticker agree with the fills the traders were told about;
// - user data reaches its owner only;
// - balances and positions equal a ledger recomputed by hand from the fills, and wallets are conserved but fees.
// E2E_SESSION_OPS=<n> sets the operations per trader (default 60), E2E_SEED the session's seed.

import { type LocalExchange, startLocalExchange, type Trader } from '../../local/localExchange';
import { BTCUSDT } from '../core/support/specs';
import { eventually } from '../support/eventually';
import { type DepthUpdate, followDepthStream, type Snapshot } from '../ws/support/localOrderBook';
import { type Frame, TestSocket } from '../ws/support/testSocket';
import {
  type Contract,
  type Fill,
  type Ledger,
  notional,
  replayLedger,
  scaled,
  unscaled,
} from './support/ledger';
import { type Json, limitOrder, Rest } from './support/rest';
import {
  clientOrderIdPrefix,
  runSession,
  type SessionLog,
  type SessionTrader,
  sessionTraders,
} from './support/session';

const OPS = Number(process.env.E2E_SESSION_OPS ?? 60);
const SEED = Number(process.env.E2E_SEED ?? 7);
jest.setTimeout(120_000 + OPS * 1_500);

const SPEC = { ...BTCUSDT, maxNumOrders: 10_000 };
const CONTRACT: Contract = {
  priceDecimals: 2,
  quantityDecimals: 3,
  makerFeeRate: SPEC.makerFeeRate,
  takerFeeRate: SPEC.takerFeeRate,
};
const DEPOSIT = '1000000';

interface DepthClient {
  readonly stream: string;
  readonly socket: TestSocket;
  /** The REST snapshot the client built its book on (fetched again while older than the stream). */
  readonly snapshot: Promise<Snapshot>;
  readonly refetches: number;
}

/** One trade as both sides' ORDER_TRADE_UPDATEs describe it. */
interface Trade {
  readonly id: number;
  readonly price: string;
  readonly qty: string;
  readonly time: number;
  readonly isBuyerMaker: boolean;
  readonly takerOrderId: number;
}

describe('read side after a busy session', () => {
  let exchange: LocalExchange;
  let rest: Rest;
  let traders: SessionTrader[];
  let observer: Trader;
  const sockets: TestSocket[] = [];
  const userSockets = new Map<number, TestSocket>();
  let observerSocket: TestSocket;
  let marketSocket: TestSocket;
  const depthClients: DepthClient[] = [];
  let log: SessionLog;
  let sessionMs = 0;
  /** Per account: its fills from GET /fapi/v1/userTrades, and from its ORDER_TRADE_UPDATEs. */
  const restFills = new Map<number, Fill[]>();
  const streamFills = new Map<number, Fill[]>();
  const ledgers = new Map<number, Ledger>();
  let trades: Trade[];

  const open = async (path: string) => {
    const socket = await TestSocket.open(`${exchange.gateway.wsUrl}${path}`);
    sockets.push(socket);
    return socket;
  };
  const depth = async () =>
    (await rest.get('/fapi/v1/depth', { symbol: 'BTCUSDT', limit: 1000 })).body as Snapshot;
  const deposits = () => traders.reduce((sum, t) => sum + scaled(t.deposit), 0n);
  const tradeUpdates = (socket: TestSocket) =>
    socket.all((f) => f.e === 'ORDER_TRADE_UPDATE' && f.o.x === 'TRADE');

  /**
   * Binance's procedure: subscribe and buffer; take a REST snapshot; if the first buffered event not older than
   * it (u ≥ lastUpdateId) starts after it (U > lastUpdateId), the snapshot is too old: take another.
   */
  const joinDepth = async (stream: string): Promise<DepthClient> => {
    const socket = await open('/ws');
    expect(await socket.control('SUBSCRIBE', [stream])).toEqual({ result: null, id: 1 });
    const progress = { refetches: 0 };
    const snapshot = (async () => {
      for (;;) {
        const taken = await depth();
        const first = await socket.next<DepthUpdate>(
          (f) => f.e === 'depthUpdate' && f.u >= taken.lastUpdateId,
          120_000 + OPS * 1_000,
        );
        if (first.U <= taken.lastUpdateId) return taken;
        progress.refetches++;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    snapshot.catch(() => undefined); // awaited by the tests; not an unhandled rejection meanwhile
    const client: DepthClient = {
      stream,
      socket,
      snapshot,
      get refetches() {
        return progress.refetches;
      },
    };
    depthClients.push(client);
    return client;
  };

  beforeAll(async () => {
    exchange = await startLocalExchange();
    rest = new Rest(exchange.gateway.url);
    await exchange.listSymbol(SPEC);
    traders = await sessionTraders(exchange.gateway.url, (funds) => exchange.trader(funds), 4, DEPOSIT);
    observer = await exchange.trader(DEPOSIT);
    for (const t of traders)
      userSockets.set(t.trader.accountId, await open(`/private/ws?listenKey=${await t.rest.listenKey()}`));
    observerSocket = await open(
      `/private/ws?listenKey=${await new Rest(exchange.gateway.url, observer).listenKey()}`,
    );
    marketSocket = await open('/market/ws/1');
    await marketSocket.control('SUBSCRIBE', ['btcusdt@trade', 'btcusdt@aggTrade']);
    await joinDepth('btcusdt@depth@100ms');

    const started = Date.now();
    log = await runSession(traders, OPS, SEED, async (i) => {
      if (i === Math.floor(OPS / 3)) await joinDepth('btcusdt@depth');
      if (i === Math.floor((2 * OPS) / 3)) await joinDepth('btcusdt@depth@500ms');
    });
    sessionMs = Date.now() - started;
    await exchange.settle();

    // Every trader's fills, from REST and from its user data stream (once all of them arrived).
    for (const t of traders) {
      const accountId = t.trader.accountId;
      const fills = await userTrades(t.rest);
      restFills.set(accountId, fills);
      const socket = userSockets.get(accountId)!;
      await eventually(async () => expect(tradeUpdates(socket)).toHaveLength(fills.length), 30_000);
      streamFills.set(
        accountId,
        tradeUpdates(socket).map((f) => ({
          tradeId: f.o.t,
          orderId: f.o.i,
          side: f.o.S,
          maker: f.o.m,
          price: f.o.L,
          qty: f.o.l,
          commission: f.o.n,
          realizedPnl: f.o.rp,
        })),
      );
      ledgers.set(accountId, replayLedger(CONTRACT, scaled(t.deposit), fills));
    }
    trades = tradesOf(traders.map((t) => userSockets.get(t.trader.accountId)!));
  });

  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await exchange?.stop();
  });

  test('the session: traders at once, trades made, only explained errors', () => {
    console.info(
      `session: ${log.operations} operations by ${traders.length} traders in ${sessionMs} ms, ` +
        `${log.placed.length} orders, ${trades.length} trades; errors ${JSON.stringify(Object.fromEntries(log.errors))}; ` +
        `depth snapshots refetched ${depthClients.map((c) => c.refetches).join('/')}`,
    );
    expect(log.unexpected).toEqual([]);
    expect(log.operations).toBe(OPS * traders.length);
    // Cancels answer the canceled order; amendments the order at its new price and quantity (unless the new
    // quantity was no more than what had filled: then it is canceled).
    for (const reply of log.canceled) expect(reply.status).toBe('CANCELED');
    for (const { params, body } of log.amended) {
      expect(body.orderId).toBe(params.orderId);
      if (body.status !== 'CANCELED')
        expect([body.price, body.origQty]).toEqual([`${params.price}0`, params.quantity]);
    }
    expect(trades.length).toBeGreaterThan(OPS / 5);
  });

  test.each([
    ['@depth@100ms, joined before the session', 0],
    ['@depth, joined after a third of it', 1],
    ['@depth@500ms, joined after two thirds', 2],
  ])('the local order book on %s equals the REST depth, with no gap', async (_name, index) => {
    const client = depthClients[index]!;
    const final = await depth();
    expect(final.bids.length + final.asks.length).toBeGreaterThan(5);
    const snapshot = await client.snapshot;
    const book = await eventually(async () => {
      const updates = client.socket.all<DepthUpdate>((f) => f.e === 'depthUpdate');
      const outcome = followDepthStream(snapshot, updates);
      if (outcome.kind === 'resync') return outcome; // a gap or a stale snapshot: final, fails below
      expect(outcome.lastU).toBeGreaterThanOrEqual(final.lastUpdateId);
      return outcome;
    });
    if (book.kind === 'resync') throw new Error(`${client.stream}: ${book.reason}`);
    expect(book.lastU).toBe(final.lastUpdateId);
    expect({ bids: book.bids, asks: book.asks }).toEqual({ bids: final.bids, asks: final.asks });
    // Every message continues the one before, from the first the client received.
    const updates = client.socket.all<DepthUpdate>((f) => f.e === 'depthUpdate');
    updates.forEach((u, i) => {
      if (i > 0 && u.pu !== updates[i - 1]!.u)
        throw new Error(`${client.stream}: pu ${u.pu} after u ${updates[i - 1]!.u}`);
      expect(u.U).toBeLessThanOrEqual(u.u);
    });
  });

  test('market trades: the trade stream, GET /trades and GET /aggTrades agree with the fills', async () => {
    const byId = new Map(trades.map((t) => [t.id, t]));
    // The trade stream: each trade once, as the fills say.
    const streamed = await eventually(async () => {
      const frames = marketSocket.all((f) => f.e === 'trade');
      expect(frames).toHaveLength(trades.length);
      return frames;
    });
    expect(streamed.map((f: Frame) => [f.t, f.p, f.q, f.T, f.m])).toEqual(
      trades.map((t) => [t.id, t.price, t.qty, t.time, t.isBuyerMaker]),
    );

    const recent = (await rest.get('/fapi/v1/trades', { symbol: 'BTCUSDT', limit: 1000 })).body as Json[];
    const expected = trades.slice(-1000);
    expect(recent).toEqual(
      expected.map((t) => ({
        id: t.id,
        price: t.price,
        qty: t.qty,
        quoteQty: expect.any(String),
        time: t.time,
        isBuyerMaker: t.isBuyerMaker,
      })),
    );
    for (const [i, row] of recent.entries())
      expect(scaled(row.quoteQty)).toBe(quote(expected[i]!.price, expected[i]!.qty));

    // Aggregates: consecutive trades of one taker order at one price; together they cover every trade once.
    const aggregates: Json[] = [];
    for (let fromId = trades[0]!.id; ; ) {
      const page = (await rest.get('/fapi/v1/aggTrades', { symbol: 'BTCUSDT', fromId, limit: 1000 }))
        .body as Json[];
      aggregates.push(...page);
      if (page.length < 1000) break;
      fromId = page[page.length - 1]!.a + 1;
    }
    const covered: number[] = [];
    for (const a of aggregates) {
      const members = trades.filter((t) => t.id >= a.f && t.id <= a.l);
      expect(members.length).toBeGreaterThan(0);
      expect(a.a).toBe(a.f);
      expect(new Set(members.map((t) => `${t.price}/${t.takerOrderId}/${t.isBuyerMaker}`)).size).toBe(1);
      expect([a.p, a.m, a.T]).toEqual([members[0]!.price, members[0]!.isBuyerMaker, members[0]!.time]);
      expect(scaled(a.q, 3)).toBe(members.reduce((s, t) => s + scaled(t.qty, 3), 0n));
      covered.push(...members.map((t) => t.id));
    }
    expect(covered).toEqual(trades.map((t) => t.id));
    // The aggTrade stream sends the same aggregates.
    const aggStream = await eventually(async () => {
      const frames = marketSocket.all((f) => f.e === 'aggTrade');
      expect(frames.reduce((s: bigint, f: Frame) => s + scaled(f.q, 3), 0n)).toBe(
        trades.reduce((s, t) => s + scaled(t.qty, 3), 0n),
      );
      return frames;
    });
    expect(aggStream.map((f: Frame) => [f.a, f.f, f.l, f.p, f.q, f.m])).toEqual(
      aggregates.map((a) => [a.a, a.f, a.l, a.p, a.q, a.m]),
    );
    expect(byId.size).toBe(trades.length);
  });

  test.each(['1m', '15m'])('klines %s: every bucket as the fills make it', async (interval) => {
    const ms = interval === '1m' ? 60_000 : 15 * 60_000;
    const buckets = new Map<number, Trade[]>();
    for (const t of trades) {
      const openTime = Math.floor(t.time / ms) * ms;
      buckets.set(openTime, [...(buckets.get(openTime) ?? []), t]);
    }
    const rows = (
      await rest.get('/fapi/v1/klines', {
        symbol: 'BTCUSDT',
        interval,
        startTime: trades[0]!.time - ms,
        limit: 1500,
      })
    ).body as Json[];
    expect(rows.map((r) => r[0])).toEqual([...buckets.keys()]);
    for (const row of rows) {
      const members = buckets.get(row[0])!;
      const prices = members.map((t) => scaled(t.price, 2));
      const takerBuys = members.filter((t) => !t.isBuyerMaker);
      expect({
        open: row[1],
        high: scaled(row[2], 2),
        low: scaled(row[3], 2),
        close: row[4],
        volume: scaled(row[5], 3),
        closeTime: row[6],
        quoteVolume: scaled(row[7]),
        count: row[8],
        takerBuyVolume: scaled(row[9], 3),
        takerBuyQuote: scaled(row[10]),
      }).toEqual({
        open: members[0]!.price,
        high: maxOf(prices),
        low: minOf(prices),
        close: members[members.length - 1]!.price,
        volume: members.reduce((s, t) => s + scaled(t.qty, 3), 0n),
        closeTime: row[0] + ms - 1,
        quoteVolume: members.reduce((s, t) => s + quote(t.price, t.qty), 0n),
        count: members.length,
        takerBuyVolume: takerBuys.reduce((s, t) => s + scaled(t.qty, 3), 0n),
        takerBuyQuote: takerBuys.reduce((s, t) => s + quote(t.price, t.qty), 0n),
      });
    }
  });

  test('the 24 h ticker sums the session', async () => {
    const ticker = (await rest.get('/fapi/v1/ticker/24hr', { symbol: 'BTCUSDT' })).body;
    const prices = trades.map((t) => scaled(t.price, 2));
    const last = trades[trades.length - 1]!;
    const volume = trades.reduce((s, t) => s + scaled(t.qty, 3), 0n);
    const quoteVolume = trades.reduce((s, t) => s + quote(t.price, t.qty), 0n);
    expect(ticker).toMatchObject({
      symbol: 'BTCUSDT',
      lastPrice: last.price,
      lastQty: last.qty,
      openPrice: trades[0]!.price,
      firstId: trades[0]!.id,
      lastId: last.id,
      count: trades.length,
    });
    expect(scaled(ticker.highPrice, 2)).toBe(maxOf(prices));
    expect(scaled(ticker.lowPrice, 2)).toBe(minOf(prices));
    expect(scaled(ticker.volume, 3)).toBe(volume);
    expect(scaled(ticker.quoteVolume)).toBe(quoteVolume);
    expect(scaled(ticker.priceChange, 2)).toBe(scaled(last.price, 2) - scaled(trades[0]!.price, 2));
    // quoteVolume / volume, to two decimals, half up.
    const average = (quoteVolume * 1_000n * 100n * 2n + volume * 10n ** 8n) / (volume * 10n ** 8n * 2n);
    expect(scaled(ticker.weightedAvgPrice, 2)).toBe(average);
    const price = (await rest.get('/fapi/v1/ticker/price', { symbol: 'BTCUSDT' })).body;
    expect(price).toMatchObject({ price: last.price, time: last.time });
  });

  test('RESULT answers report exactly the fills their orders took', () => {
    const takerFills = new Map<number, Fill[]>();
    for (const fills of streamFills.values())
      for (const f of fills.filter((f) => !f.maker))
        takerFills.set(f.orderId, [...(takerFills.get(f.orderId) ?? []), f]);
    const results = log.placed.filter((p) => p.respType === 'RESULT');
    expect(results.filter((r) => r.body.executedQty !== '0.000').length).toBeGreaterThan(5);
    for (const r of results) {
      const fills = takerFills.get(r.orderId) ?? [];
      const executed = fills.reduce((s, f) => s + scaled(f.qty, 3), 0n);
      const cumQuote = fills.reduce((s, f) => s + quote(f.price, f.qty), 0n);
      expect([r.orderId, scaled(r.body.executedQty, 3), scaled(r.body.cumQuote)]).toEqual([
        r.orderId,
        executed,
        cumQuote,
      ]);
      const status = executed === scaled(String(r.params.quantity), 3) ? 'FILLED' : undefined;
      if (status) expect(r.body.status).toBe(status);
    }
  });

  test('user data: every trader hears of its own orders only; an idle listener hears nothing', async () => {
    for (const t of traders) {
      const accountId = t.trader.accountId;
      const socket = userSockets.get(accountId)!;
      const own = new Set(log.placed.filter((p) => p.accountId === accountId).map((p) => p.orderId));
      const updates = socket.all((f) => f.e === 'ORDER_TRADE_UPDATE');
      // The client order id names the owner (also of orders whose answer a client might not have received).
      const foreign = updates.filter((u) => !String(u.o.c).startsWith(clientOrderIdPrefix(accountId)));
      expect(foreign.map((u) => [u.o.i, u.o.c])).toEqual([]);
      // Orders it was not answered with are the ones the engine refused (post-only, FOK): announced EXPIRED.
      const unanswered = updates.filter((u) => !own.has(u.o.i));
      for (const u of unanswered) {
        expect([u.o.c, u.o.x, u.o.X]).toEqual([u.o.c, 'EXPIRED', 'EXPIRED']);
        expect([-5022, -5021]).toContain(log.refused.get(u.o.c));
      }
      // Each of its accepted orders was announced (NEW) on its stream.
      const announced = new Set(updates.filter((u) => u.o.x === 'NEW').map((u) => u.o.i));
      expect([...own].filter((id) => !announced.has(id))).toEqual([]);

      // Account updates carry its own wallet and position, as they were after one of its fills.
      const ledger = ledgers.get(accountId)!;
      const wallets = new Set([scaled(t.deposit), ...ledger.fills.map((f) => f.walletAfter)]);
      const sizes = new Set([0n, ...ledger.fills.map((f) => f.sizeAfter)]);
      const accountUpdates = socket.all((f) => f.e === 'ACCOUNT_UPDATE');
      expect(accountUpdates.length).toBeGreaterThan(0);
      for (const u of accountUpdates) {
        expect(wallets.has(scaled(u.a.B[0].wb))).toBe(true);
        for (const p of u.a.P) expect(sizes.has(scaled(p.pa, 3))).toBe(true);
      }
      const lastUpdate = accountUpdates[accountUpdates.length - 1]!;
      expect(scaled(lastUpdate.a.B[0].wb)).toBe(ledger.wallet);
    }
    expect(observerSocket.all((f) => f.e === 'ORDER_TRADE_UPDATE' || f.e === 'ACCOUNT_UPDATE')).toEqual([]);
    expect(observerSocket.closed).toBe(false);
  });

  test('each fill as reported equals the hand-computed fee and realized PnL, on REST and on the stream', () => {
    let checked = 0;
    for (const t of traders) {
      const accountId = t.trader.accountId;
      const key = (f: Fill) => `${f.tradeId}/${f.maker}`;
      const byKey = (fills: readonly Fill[]) => [...fills].sort((x, y) => (key(x) < key(y) ? -1 : 1));
      expect(byKey(streamFills.get(accountId)!)).toEqual(byKey(restFills.get(accountId)!));
      for (const f of ledgers.get(accountId)!.fills) {
        expect([f.tradeId, f.maker, scaled(f.commission), scaled(f.realizedPnl)]).toEqual([
          f.tradeId,
          f.maker,
          f.expectedCommission,
          f.expectedRealizedPnl,
        ]);
        checked++;
      }
    }
    expect(checked).toBe(2 * trades.length);
  });

  test('balances and positions equal the ledger; wallets are conserved but for fees', async () => {
    const lastPrice = scaled(trades[trades.length - 1]!.price, 2);
    let wallets = 0n;
    let unrealized = 0n;
    let fees = 0n;
    let sizes = 0n;
    for (const t of traders) {
      const ledger = ledgers.get(t.trader.accountId)!;
      const [balance, account, risk] = await Promise.all([
        t.rest.signed('GET', '/fapi/v2/balance'),
        t.rest.signed('GET', '/fapi/v3/account'),
        t.rest.signed('GET', '/fapi/v2/positionRisk', { symbol: 'BTCUSDT' }),
      ]);
      expect(scaled(balance.body[0].balance)).toBe(ledger.wallet);
      expect(scaled(account.body.totalWalletBalance)).toBe(ledger.wallet);
      expect(ledger.wallet).toBe(scaled(t.deposit) + ledger.realizedPnl - ledger.fees);
      const position = risk.body[0];
      const size = ledger.size < 0n ? -ledger.size : ledger.size;
      const markNotional = notional(CONTRACT, lastPrice, size);
      expect({
        positionAmt: scaled(position.positionAmt, 3),
        entryPrice: position.entryPrice,
        unRealizedProfit: scaled(position.unRealizedProfit),
        markPrice: scaled(position.markPrice, 8),
      }).toEqual({
        positionAmt: ledger.size,
        entryPrice: entryPrice(ledger.basis, size),
        unRealizedProfit:
          size === 0n ? 0n : ledger.size > 0n ? markNotional - ledger.basis : ledger.basis - markNotional,
        markPrice: lastPrice * 10n ** 6n,
      });
      expect(scaled(account.body.totalUnrealizedProfit)).toBe(scaled(position.unRealizedProfit));
      wallets += ledger.wallet;
      unrealized += scaled(position.unRealizedProfit);
      fees += ledger.fees;
      sizes += ledger.size;
    }
    // Positions are still open: what one trader realized, another holds unrealized, at the one mark price.
    expect(sizes).toBe(0n);
    expect(fees).toBeGreaterThan(0n);
    expect(wallets + unrealized).toBe(deposits() - fees);
  });

  test('everyone cancels everything and closes its position: an empty book on every client, no margin held, Σ wallets = Σ deposits − Σ fees', async () => {
    for (const t of traders) {
      const reply = await t.rest.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol: 'BTCUSDT' });
      expect(reply.body).toEqual({ code: 200, msg: 'The operation of cancel all open order is done.' });
    }
    // Close every position at one price: the shorts bid, then the longs sell into the bids (sizes sum to zero).
    const price = trades[trades.length - 1]!.price;
    const size = (t: SessionTrader) => ledgers.get(t.trader.accountId)!.size;
    const quantity = (lots: bigint) => unscaled(lots < 0n ? -lots : lots, 3);
    for (const t of traders.filter((t) => size(t) < 0n))
      expect((await t.rest.order(limitOrder('BTCUSDT', 'BUY', price, quantity(size(t))))).status).toBe(200);
    for (const t of traders.filter((t) => size(t) > 0n)) {
      const sold = await t.rest.order(
        limitOrder('BTCUSDT', 'SELL', price, quantity(size(t)), {
          timeInForce: 'IOC',
          newOrderRespType: 'RESULT',
        }),
      );
      expect(sold.body).toMatchObject({ status: 'FILLED' });
    }
    await exchange.settle();
    const final = await depth();
    expect({ bids: final.bids, asks: final.asks }).toEqual({ bids: [], asks: [] });
    for (const client of depthClients) {
      const snapshot = await client.snapshot;
      await eventually(async () => {
        const outcome = followDepthStream(
          snapshot,
          client.socket.all<DepthUpdate>((f) => f.e === 'depthUpdate'),
        );
        expect(outcome).toEqual({ kind: 'synced', bids: [], asks: [], lastU: final.lastUpdateId });
      });
    }
    let wallets = 0n;
    let fees = 0n;
    let realized = 0n;
    for (const t of traders) {
      const account = (await t.rest.signed('GET', '/fapi/v3/account')).body;
      expect(account.totalOpenOrderInitialMargin).toBe('0.00000000');
      expect((await t.rest.signed('GET', '/fapi/v1/openOrders', { symbol: 'BTCUSDT' })).body).toEqual([]);
      // The whole history again, closing fills included.
      const ledger = replayLedger(CONTRACT, scaled(t.deposit), await userTrades(t.rest));
      for (const f of ledger.fills) expect(scaled(f.realizedPnl)).toBe(f.expectedRealizedPnl);
      expect(ledger.size).toBe(0n);
      expect(scaled(account.totalWalletBalance)).toBe(ledger.wallet);
      expect(account.totalUnrealizedProfit).toBe('0.00000000');
      wallets += ledger.wallet;
      fees += ledger.fees;
      realized += ledger.realizedPnl;
    }
    expect(realized).toBe(0n);
    expect(wallets).toBe(deposits() - fees);
    console.info(
      `ledger: Σ wallets ${unscaled(wallets)} = Σ deposits ${unscaled(deposits())} − Σ fees ${unscaled(fees)}`,
    );
  });
});

/** Math.max and Math.min take no bigint. */
function maxOf(values: readonly bigint[]): bigint {
  let max = values[0]!;
  for (const v of values) if (v > max) max = v;
  return max;
}

function minOf(values: readonly bigint[]): bigint {
  let min = values[0]!;
  for (const v of values) if (v < min) min = v;
  return min;
}

/** price × qty in 10^-8 USDT. */
function quote(price: string, qty: string): bigint {
  return notional(CONTRACT, scaled(price, 2), scaled(qty, 3));
}

/** Entry price = basis / size, with the price precision + 3 digits, half up (as Binance shows it). */
function entryPrice(basis: bigint, size: bigint): string {
  const digits = CONTRACT.priceDecimals + 3;
  if (size === 0n) return `0.${'0'.repeat(digits)}`;
  // basis (10^-8) / size (10^-3) = price in 10^-5 units when digits = 5: scale by 10^(digits + 3 − 8).
  const numerator = basis * 10n ** BigInt(digits + CONTRACT.quantityDecimals);
  const denominator = size * 10n ** 8n;
  return unscaled((numerator * 2n + denominator) / (denominator * 2n), digits);
}

/** Every fill of one account, oldest first, from GET /fapi/v1/userTrades, page by page. */
async function userTrades(client: Rest): Promise<Fill[]> {
  const fills: Fill[] = [];
  for (let fromId = 0; ; ) {
    const reply = await client.signed('GET', '/fapi/v1/userTrades', {
      symbol: 'BTCUSDT',
      fromId,
      limit: 1000,
    });
    expect(reply.status).toBe(200);
    const page = reply.body as Json[];
    for (const row of page) {
      expect(row).toMatchObject({ symbol: 'BTCUSDT', commissionAsset: 'USDT', positionSide: 'BOTH' });
      expect(row.buyer).toBe(row.side === 'BUY');
      expect(scaled(row.quoteQty)).toBe(quote(row.price, row.qty));
      fills.push({
        tradeId: row.id,
        orderId: row.orderId,
        side: row.side,
        maker: row.maker,
        price: row.price,
        qty: row.qty,
        commission: row.commission,
        realizedPnl: row.realizedPnl,
      });
    }
    if (page.length < 1000) return fills;
    fromId = page[page.length - 1]!.id + 1;
  }
}

/** The market's trades, from both sides' fills on the traders' user data streams, by id. */
function tradesOf(sockets: readonly TestSocket[]): Trade[] {
  const sides = new Map<number, Frame[]>();
  for (const socket of sockets)
    for (const f of socket.all((f) => f.e === 'ORDER_TRADE_UPDATE' && f.o.x === 'TRADE'))
      sides.set(f.o.t, [...(sides.get(f.o.t) ?? []), f.o]);
  return [...sides]
    .sort(([a], [b]) => a - b)
    .map(([id, fills]) => {
      // One maker fill and one taker fill, on opposite sides, at one price and quantity.
      expect([id, fills.map((f) => f.m).sort()]).toEqual([id, [false, true]]);
      const maker = fills.find((f) => f.m)!;
      const taker = fills.find((f) => !f.m)!;
      expect([maker.S === taker.S, maker.L, maker.l, maker.T]).toEqual([false, taker.L, taker.l, taker.T]);
      return {
        id,
        price: taker.L,
        qty: taker.l,
        time: taker.T,
        isBuyerMaker: maker.S === 'BUY',
        takerOrderId: taker.i,
      };
    });
}
