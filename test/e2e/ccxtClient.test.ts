// ccxt's binanceusdm, the contract's reference client, against the running local stack: it loads the markets and
// reads its own open orders with a signed call, so the other end-to-end tests can trust the client helper.
import { type LocalExchange, startLocalExchange } from '../../local/localExchange';
import { BTCUSDT } from '../core/support/specs';
import { eventually } from '../support/eventually';
import { ccxtBinanceUsdm } from './support/ccxtClient';

jest.setTimeout(60_000);

let exchange: LocalExchange;
beforeAll(async () => {
  exchange = await startLocalExchange({ logLevel: 'error' });
  await exchange.listSymbol(BTCUSDT);
});
afterAll(() => exchange?.stop());

test('loadMarkets lists the symbol; a signed call answers', async () => {
  const trader = await exchange.trader('1000');
  const client = ccxtBinanceUsdm(exchange.gateway.url, trader);
  const markets = await client.loadMarkets();
  expect(markets['BTC/USDT:USDT']?.id).toBe('BTCUSDT');
  const order = await client.createOrder('BTC/USDT:USDT', 'limit', 'buy', 0.01, 60000);
  // The open orders are a read model: the order shows once the projector has it.
  await eventually(async () => {
    const open = await client.fetchOpenOrders('BTC/USDT:USDT');
    expect(open.map((o) => o.id)).toEqual([order.id]);
  });
});
