// The end-to-end scenario on the local stack (emulators, gateway, matcher, projector, the risk service as
// `npm start` runs it): several leveraged longs, the index falls 30 % through the operator's set-index-price, and
// the right accounts are liquidated through the command stream; every account ends ≥ 0, the insurance fund
// (GET /fapi/v1/insuranceBalance) moved by exactly the liquidation fees, and the survivors keep their positions.
import { type LocalExchange, startLocalExchange } from '../../local/localExchange';
import { startLocalRiskService } from '../../local/riskService';
import { BTCUSDT } from '../core/support/specs';
import { eventually } from '../support/eventually';
import { ccxtBinanceUsdm } from './support/ccxtClient';
import { scaled } from './support/ledger';

jest.setTimeout(120_000);

let exchange: LocalExchange;
let stopRisk: () => Promise<void>;
beforeAll(async () => {
  exchange = await startLocalExchange({ logLevel: 'error' });
  await exchange.listSymbol(BTCUSDT);
  stopRisk = startLocalRiskService(exchange.ctx, { intervalMs: 100 });
});
afterAll(async () => {
  await stopRisk?.();
  await exchange?.stop();
});

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
  expect((await insurance()) - insuranceBefore).toBe(fees);
});

async function insurance(): Promise<bigint> {
  const reply = await fetch(`${exchange.gateway.url}/fapi/v1/insuranceBalance?symbol=BTCUSDT`);
  const body = (await reply.json()) as { assets: { marginBalance: string }[] };
  return scaled(body.assets[0]!.marginBalance);
}
