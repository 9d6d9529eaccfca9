// One account trading two symbols at once, over real HTTP and WebSocket on the local stack: the projector settles
// each symbol on its own, so the account's state the fan-out reads for a fill in one symbol may not hold yet the
// fill in the other that the account's stream was just sent. Every ACCOUNT_UPDATE's wallet balance still counts
// every fill sent before it (application/fanout/accountUpdates.ts, walletAfterRun), and the last one is the
// account's balance. Before that was so, most of them left out the other symbol's last fill, the last one too.

import { type LocalExchange, startLocalExchange, type Trader } from '../../local/localExchange';
import { BTCUSDT } from '../core/support/specs';
import { type Frame, TestSocket } from '../ws/support/testSocket';
import { scaled, unscaled } from './support/ledger';
import { limitOrder, Rest } from './support/rest';

jest.setTimeout(120_000);

const ETHUSDT = { ...BTCUSDT, symbol: 'ETHUSDT', baseAsset: 'ETH' };
const SYMBOLS = [BTCUSDT.symbol, ETHUSDT.symbol];
const DEPOSIT = '10000000';
const ROUNDS = 40;

let exchange: LocalExchange;
let maker: Trader;
let taker: Trader;
let stream: TestSocket | undefined;

beforeAll(async () => {
  exchange = await startLocalExchange({ logLevel: 'error' });
  await exchange.listSymbol(BTCUSDT);
  await exchange.listSymbol(ETHUSDT);
  [maker, taker] = [await exchange.trader(DEPOSIT), await exchange.trader(DEPOSIT)];
});
afterAll(async () => {
  stream?.socket.close();
  await exchange?.stop();
});

test('every ACCOUNT_UPDATE counts every fill its stream was sent before it, in either symbol', async () => {
  const makerRest = new Rest(exchange.gateway.url, maker);
  const takerRest = new Rest(exchange.gateway.url, taker);
  for (const symbol of SYMBOLS)
    expect((await makerRest.order(limitOrder(symbol, 'SELL', '60000.0', '1.000'))).status).toBe(200);
  await exchange.settle();
  stream = await TestSocket.open(
    `${exchange.gateway.wsUrl}/private/ws?listenKey=${await takerRest.listenKey()}`,
  );

  // The taker buys in both symbols at once, round after round: its only wallet moves are its taker fees.
  for (let round = 0; round < ROUNDS; round++) {
    const replies = await Promise.all(
      SYMBOLS.map((symbol) => takerRest.order({ symbol, side: 'BUY', type: 'MARKET', quantity: '0.010' })),
    );
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
  }
  await exchange.settle();
  const isFill = (f: Frame) => f.e === 'ORDER_TRADE_UPDATE' && f.o.x === 'TRADE';
  const isAccountUpdate = (f: Frame) => f.e === 'ACCOUNT_UPDATE';
  // Every fill sent, and the account update of the last one after it.
  await stream.next(() => {
    const frames = stream!.frames as Frame[];
    const fills = frames.filter(isFill).length;
    return fills === 2 * ROUNDS && lastIndex(frames, isAccountUpdate) > lastIndex(frames, isFill);
  }, 30_000);
  const balance = (await takerRest.signed('GET', '/fapi/v2/balance')).body as {
    asset: string;
    balance: string;
  }[];
  const final = scaled(balance.find((b) => b.asset === 'USDT')!.balance);

  // Each ACCOUNT_UPDATE: at most the deposit less the fees of the fills sent before it (a fill the projector
  // settled before its own update was sent may already count), at least the final balance.
  const frames = stream.frames as Frame[];
  let feesSent = 0n;
  const leftOut: string[] = [];
  for (const frame of frames) {
    if (isFill(frame)) feesSent += scaled(frame.o.n);
    if (!isAccountUpdate(frame)) continue;
    const wallet = scaled(frame.a.B[0].wb);
    if (wallet > scaled(DEPOSIT) - feesSent || wallet < final)
      leftOut.push(`${frame.a.P[0]?.s} wb ${frame.a.B[0].wb} after fills with fees ${unscaled(feesSent)}`);
  }
  expect(leftOut).toEqual([]);
  expect(feesSent).toBe(scaled(DEPOSIT) - final);
  const last = frames[lastIndex(frames, isAccountUpdate)];
  expect(scaled(last.a.B[0].wb)).toBe(final);
});

function lastIndex(frames: readonly Frame[], match: (frame: Frame) => boolean): number {
  for (let i = frames.length - 1; i >= 0; i--) if (match(frames[i])) return i;
  return -1;
}
