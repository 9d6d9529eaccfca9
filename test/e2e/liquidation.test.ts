// The end-to-end scenario on the local stack (emulators, gateway, matcher, projector, the risk service as
// `npm start` runs it): several leveraged longs, the index falls 30 % through the operator's set-index-price, and
// the right accounts are liquidated through the command stream; every account ends ≥ 0, the insurance fund
// (GET /fapi/v1/insuranceBalance) moved by exactly the liquidation fees, and the survivors keep their positions.
// Over real WebSockets: the liquidated accounts get MARGIN_CALL and ACCOUNT_UPDATE (INSURANCE_CLEAR), and the
// market sees the liquidations on btcusdt@forceOrder and !forceOrder@arr.
import type { Liquidated } from '../../core/engine/events';
import { type LocalExchange, startLocalExchange, type Trader } from '../../local/localExchange';
import { startLocalRiskService } from '../../local/riskService';
import { BTCUSDT } from '../core/support/specs';
import { eventually } from '../support/eventually';
import { TestSocket } from '../ws/support/testSocket';
import { ccxtBinanceUsdm, ccxtProBinanceUsdm } from './support/ccxtClient';
import { scaled } from './support/ledger';
import { Rest } from './support/rest';

jest.setTimeout(120_000);

let exchange: LocalExchange;
let stopRisk: () => Promise<void>;
const sockets: TestSocket[] = [];
const proClients: ReturnType<typeof ccxtProBinanceUsdm>[] = [];
beforeAll(async () => {
  exchange = await startLocalExchange({ logLevel: 'error' });
  await exchange.listSymbol(BTCUSDT);
  stopRisk = startLocalRiskService(exchange.ctx, {
    intervalMs: 100,
    managementEndpoint: exchange.gateway.managementEndpoint,
  });
});
afterAll(async () => {
  for (const s of sockets) s.socket.close();
  for (const c of proClients) await c.close();
  await stopRisk?.();
  await exchange?.stop();
});

async function socket(path: string): Promise<TestSocket> {
  const opened = await TestSocket.open(`${exchange.gateway.wsUrl}${path}`);
  sockets.push(opened);
  return opened;
}

async function userStream(trader: Trader): Promise<TestSocket> {
  return socket(`/private/ws?listenKey=${await new Rest(exchange.gateway.url, trader).listenKey()}`);
}

test('a 30 % fall of the index liquidates the leveraged longs, and only them; nobody ends below zero', async () => {
  const BTC = 'BTC/USDT:USDT';
  await exchange.operator.setIndexPrice('BTCUSDT', '64000');
  const maker = await exchange.trader('10000000');
  const makerClient = ccxtBinanceUsdm(exchange.gateway.url, maker);
  // Longs of 0.1 BTC at 64,000 with 400, 500 and 700 USDT (liquidation prices about 60,240, 59,240 and 57,230: the
  // smaller the wallet, the higher), and one with 10,000 USDT that survives the fall to 44,800.
  const wallets = ['400', '500', '700', '10000'];
  const longs = await Promise.all(wallets.map((funds) => exchange.trader(funds)));
  await makerClient.createOrder(BTC, 'limit', 'sell', 0.4, 64000);
  for (const long of longs) {
    await ccxtBinanceUsdm(exchange.gateway.url, long).createOrder(BTC, 'limit', 'buy', 0.1, 64000);
  }
  // Bids the liquidation orders sell into, inside the price band of the 64,000 mark.
  await makerClient.createOrder(BTC, 'limit', 'buy', 0.3, 61000);
  const insuranceBefore = await insurance();
  const streams = await Promise.all(longs.map(userStream));
  // A combined-stream connection: each frame names its stream.
  const market = await socket('/stream?streams=btcusdt@forceOrder/!forceOrder@arr');
  // And ccxt pro, as a bot would watch: the market's liquidations, and the first long's own.
  const watcher = ccxtProBinanceUsdm(exchange.gateway.url, exchange.gateway.wsUrl, maker);
  const mine = ccxtProBinanceUsdm(exchange.gateway.url, exchange.gateway.wsUrl, longs[0]!);
  proClients.push(watcher, mine);
  // ccxt wants its proxy agent loaded before a plain ws:// URL.
  await Promise.all([watcher.loadHttpProxyAgent(), mine.loadHttpProxyAgent()]);
  const watchedLiquidations = watcher.watchLiquidations(BTC);
  const watchedMine = mine.watchMyLiquidations(BTC);
  // ccxt subscribes in the background: wait until both are listening before the fall.
  await eventually(async () => {
    const subscribers = await exchange.ctx.subscriptions.subscribersOf('btcusdt@forceOrder');
    expect(subscribers.length).toBeGreaterThanOrEqual(2);
    expect((await exchange.ctx.connections.ofAccount(longs[0]!.accountId)).length).toBe(2);
  }, 10_000);

  for (let step = 1; step <= 30; step++) {
    await exchange.operator.setIndexPrice('BTCUSDT', String(64000 - step * 640));
  }

  const positionOf = async (trader: (typeof longs)[number]) => {
    const positions = await ccxtBinanceUsdm(exchange.gateway.url, trader).fetchPositions([BTC]);
    return Number(positions.find((p) => p.symbol === BTC)?.contracts ?? 0);
  };
  await eventually(async () => {
    for (const long of longs.slice(0, 3)) expect(await positionOf(long)).toBe(0);
  }, 60_000);
  expect(await positionOf(longs[3]!)).toBeCloseTo(0.1);

  for (const long of longs) {
    const balance = await ccxtBinanceUsdm(exchange.gateway.url, long).fetchBalance();
    expect(Number(balance.USDT?.total ?? 0)).toBeGreaterThanOrEqual(0);
  }
  // The fund moved by exactly the liquidation fees of the log's Liquidated events (each sold at 61,000, better
  // than its bankruptcy price, so each paid one).
  let fees = 0n;
  let liquidations = 0;
  for await (const item of exchange.ctx.events.itemsAfter('BTCUSDT', 0))
    for (const event of item.events ?? [])
      if (event.type === 'Liquidated') {
        liquidations++;
        fees += BigInt(event.liquidationFee);
      }
  expect(liquidations).toBe(3);
  expect(fees).toBeGreaterThan(0n);
  // Every fill beat its bankruptcy price (a surplus, of which the fee goes to the fund) and nothing was left for
  // the fund to take over (no shortfall): the fund moved by the fees alone.
  // The projector writes an account's settlement before the batch's market-data items (the fund's balance is on
  // the ticker): read the fund once everything is projected.
  await exchange.settle();
  expect((await insurance()) - insuranceBefore).toBe(fees);

  // Each liquidated long heard of it: MARGIN_CALL first (once), then ACCOUNT_UPDATE INSURANCE_CLEAR with its
  // position closed and the fee as bc; the survivor heard nothing of the kind.
  const events: Liquidated[] = [];
  for await (const item of exchange.ctx.events.itemsAfter('BTCUSDT', 0))
    for (const event of item.events ?? []) if (event.type === 'Liquidated') events.push(event);
  for (const [i, long] of longs.slice(0, 3).entries()) {
    const stream = streams[i]!;
    const call = await stream.next((f) => f.e === 'MARGIN_CALL', 30_000);
    expect(call.p).toEqual([
      expect.objectContaining({ s: 'BTCUSDT', ps: 'BOTH', pa: '0.100', mt: 'CROSSED' }),
    ]);
    const cleared = await stream.next((f) => f.e === 'ACCOUNT_UPDATE' && f.a.m === 'INSURANCE_CLEAR', 30_000);
    const event = events.find((e) => e.accountId === long.accountId)!;
    expect(cleared.a.P[0]).toMatchObject({ s: 'BTCUSDT', pa: '0.000' });
    expect(scaled(cleared.a.B[0].bc)).toBe(-BigInt(event.liquidationFee));
    expect(stream.all((f) => f.e === 'MARGIN_CALL')).toHaveLength(1);
    const order = await stream.next(
      (f) => f.e === 'ORDER_TRADE_UPDATE' && f.o.c === event.clientOrderId && f.o.X === 'FILLED',
      30_000,
    );
    expect(order.o).toMatchObject({ c: event.clientOrderId, o: 'LIQUIDATION', f: 'IOC', S: 'SELL' });
  }
  expect(streams[3]!.all((f) => f.e === 'MARGIN_CALL' || f.a?.m === 'INSURANCE_CLEAR')).toEqual([]);

  // The market saw the liquidations on both streams, at most one per second (Binance's snapshot), each one of
  // the log's liquidation orders.
  const forceOrder = (stream: string) => (f: { stream?: string; data?: { e?: string } }) =>
    f.stream === stream && f.data?.e === 'forceOrder';
  await market.next(forceOrder('btcusdt@forceOrder'), 30_000);
  await market.next(forceOrder('!forceOrder@arr'), 30_000);
  const pushed = market.all(forceOrder('btcusdt@forceOrder')).map((f) => f.data);
  const seconds = pushed.map((p) => Math.floor(p.o.T / 1_000));
  expect(new Set(seconds).size).toBe(seconds.length);
  for (const p of pushed) {
    expect(p.o).toMatchObject({ s: 'BTCUSDT', S: 'SELL', o: 'LIMIT', f: 'IOC', q: '0.100', X: 'FILLED' });
    expect(events.map((e) => e.time)).toContain(p.o.T);
  }

  // ccxt pro parses both: a market liquidation (forceOrder) and the long's own (ORDER_TRADE_UPDATE LIQUIDATION).
  const [seen] = await watchedLiquidations;
  expect(seen).toMatchObject({ symbol: BTC, side: 'sell', contracts: 0.1, price: 61000 });
  const [own] = await watchedMine;
  expect(own).toMatchObject({ symbol: BTC, side: 'sell' });
  expect(own!.info.c).toBe(events.find((e) => e.accountId === longs[0]!.accountId)!.clientOrderId);
});

async function insurance(): Promise<bigint> {
  const reply = await fetch(`${exchange.gateway.url}/fapi/v1/insuranceBalance?symbol=BTCUSDT`);
  const body = (await reply.json()) as { assets: { marginBalance: string }[] };
  return scaled(body.assets[0]!.marginBalance);
}
