// The futures market data end to end on the local stack (gateway, Kinesis, matcher, event store, projector,
// fan-out): an operator sets the index, `markPrice@1s` moves to the engine's mark, funding is settled and its
// rate is in the `fundingRate` history; ccxt's binanceusdm reads the real values (fetchFundingRate,
// fetchFundingRateHistory, fetchMarkOHLCV, fetchLeverageTiers).
import { SYMBOL_PRESETS } from '../../bin/symbolPresets';
import type { FundingSettled, MarkPriceUpdated } from '../../core/engine/events';
import { type LocalExchange, startLocalExchange, type Trader } from '../../local/localExchange';
import { eventually } from '../support/eventually';
import { type Frame, TestSocket } from '../ws/support/testSocket';
import { ccxtBinanceUsdm } from './support/ccxtClient';

jest.setTimeout(90_000);

const BTCUSDT = SYMBOL_PRESETS.BTCUSDT!;
const MARKET = 'BTC/USDT:USDT';
/** 10^-8 units as the decimal number ccxt parses them to. */
const units8 = (units: number) => Number((units / 1e8).toFixed(8));
const text8 = (units: number) => (units / 1e8).toFixed(8);

let exchange: LocalExchange;
let socket: TestSocket;
let long: Trader;
let short: Trader;

beforeAll(async () => {
  exchange = await startLocalExchange({ logLevel: 'error' });
  await exchange.listSymbol(BTCUSDT);
  [long, short] = await Promise.all([exchange.trader('100000'), exchange.trader('100000')]);
  socket = await TestSocket.open(`${exchange.gateway.wsUrl}/ws`);
  expect(await socket.control('SUBSCRIBE', ['btcusdt@markPrice@1s', '!markPrice@arr@1s'])).toEqual({
    result: null,
    id: 1,
  });
});
afterAll(async () => {
  socket?.socket.close();
  await exchange?.stop();
});

test("an index price moves markPrice@1s to the engine's mark; funding settles into the fundingRate history", async () => {
  const mark: MarkPriceUpdated = await exchange.operator.setIndexPrice('BTCUSDT', '60000.5');
  const frame: Frame = await socket.next((f) => f.e === 'markPriceUpdate' && f.i === '60000.50000000');
  expect(frame).toMatchObject({
    s: 'BTCUSDT',
    p: text8(mark.markPrice),
    P: text8(mark.markPrice),
    r: text8(mark.estimatedFundingRate),
    T: mark.nextFundingTime,
  });
  const all: Frame = await socket.next((f) => Array.isArray(f) && f[0]?.i === '60000.50000000');
  expect(all).toEqual([frame]);

  const [longClient, shortClient] = [
    ccxtBinanceUsdm(exchange.gateway.url, long),
    ccxtBinanceUsdm(exchange.gateway.url, short),
  ];
  await shortClient.createOrder(MARKET, 'limit', 'sell', 0.1, 60000);
  await longClient.createOrder(MARKET, 'limit', 'buy', 0.1, 60000);
  const again: MarkPriceUpdated = await exchange.operator.setIndexPrice('BTCUSDT', '60010');
  const events = await exchange.operator.settleFunding('BTCUSDT');
  const settled = events.find((e): e is FundingSettled => e.type === 'FundingSettled')!;
  expect(settled).toMatchObject({ payers: 1, receivers: 1 });

  const history = await eventually(async () => {
    const found = await longClient.fetchFundingRateHistory(MARKET);
    expect(found).toHaveLength(1);
    return found;
  });
  expect(history[0]).toMatchObject({
    symbol: MARKET,
    fundingRate: units8(settled.fundingRate),
    timestamp: settled.fundingTime,
  });
  const rest = await fetch(`${exchange.gateway.url}/fapi/v1/fundingRate?symbol=BTCUSDT`);
  expect(await rest.json()).toEqual([
    {
      symbol: 'BTCUSDT',
      fundingTime: settled.fundingTime,
      fundingRate: text8(settled.fundingRate),
      markPrice: text8(settled.markPrice),
    },
  ]);

  // The mark of the last index update, as ccxt reads premiumIndex and the mark price klines.
  const rate = await eventually(async () => {
    const found = await longClient.fetchFundingRate(MARKET);
    expect(found.indexPrice).toBe(60010);
    return found;
  });
  expect(rate).toMatchObject({
    markPrice: units8(again.markPrice),
    indexPrice: 60010,
    interestRate: 0.0001,
    fundingRate: units8(again.estimatedFundingRate),
    fundingTimestamp: expect.any(Number),
  });
  // The funding time after the settled one; or the one after that, if a funding time (00:00, 08:00, 16:00 UTC)
  // passed between the settlement and this read, which take their times from the clock a moment apart.
  const interval = 8 * 3_600_000;
  expect([settled.fundingTime + interval, settled.fundingTime + 2 * interval]).toContain(
    rate.fundingTimestamp,
  );
  const candles = await longClient.fetchMarkOHLCV(MARKET, '1m');
  expect(candles.at(-1)?.[4]).toBe(units8(again.markPrice));
  expect(candles.flatMap((c) => [c[2], c[3]])).toContain(units8(Math.max(mark.markPrice, again.markPrice)));
});

test('fetchLeverageTiers reads every BTCUSDT bracket', async () => {
  const client = ccxtBinanceUsdm(exchange.gateway.url, long);
  const tiers = (await client.fetchLeverageTiers([MARKET]))[MARKET]!;
  expect(
    tiers.map((t) => [t.tier, t.minNotional, t.maxNotional, t.maintenanceMarginRate, t.maxLeverage]),
  ).toEqual(
    BTCUSDT.leverageBrackets!.map((b) => [
      b.bracket,
      Number(b.notionalFloor),
      Number(b.notionalCap),
      Number(b.maintMarginRatio),
      b.initialLeverage,
    ]),
  );
});
