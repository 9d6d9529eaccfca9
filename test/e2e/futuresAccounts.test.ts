// Accounts and funding end to end on the local stack, over real HTTP and WebSocket: a long and a short trade at
// an index, funding is settled, both owners' user data streams get ACCOUNT_UPDATE reason FUNDING_FEE, and their
// income shows the payments (summing to zero); ccxt's fetchBalance shows the real USDT balance (updateTime set),
// and fetchLedger the account's wallet changes.
import { type LocalExchange, startLocalExchange, type Trader } from '../../local/localExchange';
import { BTCUSDT } from '../core/support/specs';
import { TestSocket } from '../ws/support/testSocket';
import { ccxtBinanceUsdm } from './support/ccxtClient';
import { scaled } from './support/ledger';
import { limitOrder, Rest } from './support/rest';

jest.setTimeout(120_000);

let exchange: LocalExchange;
let long: Trader;
let short: Trader;
const sockets: TestSocket[] = [];

beforeAll(async () => {
  exchange = await startLocalExchange({ logLevel: 'error' });
  await exchange.listSymbol(BTCUSDT);
  [long, short] = [await exchange.trader('10000'), await exchange.trader('10000')];
});
afterAll(async () => {
  for (const s of sockets) s.socket.close();
  await exchange?.stop();
});

async function userStream(trader: Trader): Promise<TestSocket> {
  const listenKey = await new Rest(exchange.gateway.url, trader).listenKey();
  const socket = await TestSocket.open(`${exchange.gateway.wsUrl}/private/ws?listenKey=${listenKey}`);
  sockets.push(socket);
  return socket;
}

test('funding reaches both accounts: ACCOUNT_UPDATE FUNDING_FEE, income, ccxt balance and ledger', async () => {
  await exchange.operator.setIndexPrice('BTCUSDT', '60000');
  const [longStream, shortStream] = [await userStream(long), await userStream(short)];
  const [longRest, shortRest] = [new Rest(exchange.gateway.url, long), new Rest(exchange.gateway.url, short)];
  expect((await shortRest.order(limitOrder('BTCUSDT', 'SELL', '60000.0', '0.100'))).status).toBe(200);
  expect((await longRest.order(limitOrder('BTCUSDT', 'BUY', '60000.0', '0.100'))).status).toBe(200);
  await exchange.settle();

  // The due funding time (the last of 00:00, 08:00, 16:00 UTC): the long pays the short.
  const settled = await exchange.operator.settleFunding('BTCUSDT');
  expect(settled.map((e) => e.type)).toEqual(['FundingSettled', 'FundingPaid']);
  const isFunding = (f: { e?: string; a?: { m?: string } }) =>
    f.e === 'ACCOUNT_UPDATE' && f.a?.m === 'FUNDING_FEE';
  const [paid, received] = await Promise.all([
    longStream.next(isFunding, 30_000),
    shortStream.next(isFunding, 30_000),
  ]);
  const paidChange = scaled(paid.a.B[0].bc);
  expect(paidChange).toBeLessThan(0n);
  expect(scaled(received.a.B[0].bc)).toBe(-paidChange);
  expect(paid.a.P).toEqual([]);

  await exchange.settle();
  const fundingIncome = async (rest: Rest) =>
    (await rest.signed('GET', '/fapi/v1/income', { incomeType: 'FUNDING_FEE' })).body as {
      income: string;
      symbol: string;
    }[];
  const [longIncome, shortIncome] = [await fundingIncome(longRest), await fundingIncome(shortRest)];
  expect(longIncome).toMatchObject([{ symbol: 'BTCUSDT', income: paid.a.B[0].bc }]);
  expect(shortIncome).toMatchObject([{ symbol: 'BTCUSDT', income: received.a.B[0].bc }]);
  expect(scaled(longIncome[0]!.income) + scaled(shortIncome[0]!.income)).toBe(0n);

  // ccxt: the USDT balance is there (its updateTime is not 0), and equals the wallet the stream reported.
  const client = ccxtBinanceUsdm(exchange.gateway.url, long);
  const balance = await client.fetchBalance();
  expect(balance.USDT?.total).toBe(Number(paid.a.B[0].wb));
  const ledger = await client.fetchLedger('USDT', undefined, 100);
  const types = ledger.map((e) => e.info?.incomeType);
  expect(types).toEqual(expect.arrayContaining(['TRANSFER', 'COMMISSION', 'FUNDING_FEE']));
  // fetchFundingHistory reads income FUNDING_FEE of the symbol.
  const history = await client.fetchFundingHistory('BTC/USDT:USDT');
  expect(history.map((h) => [h.symbol, h.amount])).toEqual([['BTC/USDT:USDT', Number(paid.a.B[0].bc)]]);
  const funding = ledger.find((e) => e.info?.incomeType === 'FUNDING_FEE');
  expect(funding).toMatchObject({ currency: 'USDT', direction: 'out', amount: -Number(paid.a.B[0].bc) });
});

test('over HTTP: an order past the leverage cap is -2027; a leverage the margin cannot carry is -2028', async () => {
  const poor = await exchange.trader('40');
  const [poorRest, shortRest] = [new Rest(exchange.gateway.url, poor), new Rest(exchange.gateway.url, short)];
  // BTCUSDT here has no bracket table: one tier, cap 50,000,000 ÷ leverage (400,000 USDT at 125).
  const leverage = (value: number, rest = poorRest) =>
    rest.signed('POST', '/fapi/v1/leverage', { symbol: 'BTCUSDT', leverage: value });
  expect((await leverage(125, shortRest)).body).toEqual({
    leverage: 125,
    maxNotionalValue: '400000',
    symbol: 'BTCUSDT',
  });
  const tooBig = await shortRest.order(limitOrder('BTCUSDT', 'SELL', '60000.0', '6.700'));
  expect(tooBig).toMatchObject({
    status: 400,
    body: { code: -2027, msg: 'Exceeded the maximum allowable position at current leverage.' },
  });
  expect((await leverage(20, shortRest)).status).toBe(200);

  // The poor account buys 0.010 (600 USDT: 30 of margin at 20×); at 1× it would need 600 of its 39.70.
  expect((await shortRest.order(limitOrder('BTCUSDT', 'SELL', '60000.0', '0.010'))).status).toBe(200);
  expect((await poorRest.order(limitOrder('BTCUSDT', 'BUY', '60000.0', '0.010'))).status).toBe(200);
  await exchange.settle();
  expect(await leverage(1)).toMatchObject({
    status: 400,
    body: { code: -2028, msg: 'Leverage is smaller than permitted: insufficient margin balance.' },
  });
  // At 16× the position holds 37.5 of the 39.70 left after the taker fee: allowed; 15× (40) is not.
  expect((await leverage(15)).body.code).toBe(-2028);
  expect((await leverage(16)).status).toBe(200);
});
