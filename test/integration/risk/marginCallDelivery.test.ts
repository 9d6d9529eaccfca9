// MARGIN_CALL delivery as the risk service composes it on AWS (adapters/aws/compose/marginCalls.ts): the WebSocket
// API's tables on DynamoDB (dynalite) and the API Gateway Management API (the local gateway's), to a real
// WebSocket client holding the account's listen key. A connection that went away is forgotten.
import { awsMarginCallPorts } from '../../../adapters/aws/compose/marginCalls';
import { UserStreamMarginCalls } from '../../../application/risk/userStreamMarginCalls';
import { binanceStreams } from '../../../binance/streams/streamFormat';
import { openedAccount } from '../../../core/accounts/account';
import { accountRisk } from '../../../core/risk/accountRisk';
import { compileInstrument } from '../../../core/symbol/instrument';
import { markPrice } from '../../../core/symbol/valuation';
import { type LocalExchange, startLocalExchange } from '../../../local/localExchange';
import { BTCUSDT } from '../../core/support/specs';
import { Rest } from '../../e2e/support/rest';
import { eventually } from '../../support/eventually';
import { TestSocket } from '../../ws/support/testSocket';

jest.setTimeout(60_000);

let exchange: LocalExchange;
beforeAll(async () => {
  exchange = await startLocalExchange({ logLevel: 'error', matcher: false });
});
afterAll(() => exchange?.stop());

test('a margin call reaches the account’s user data stream through DynamoDB and the management API', async () => {
  const trader = await exchange.trader('400');
  const listenKey = await new Rest(exchange.gateway.url, trader).listenKey();
  const socket = await TestSocket.open(`${exchange.gateway.wsUrl}/private/ws?listenKey=${listenKey}`);
  const { clients, names } = exchange.emulators;
  const ports = awsMarginCallPorts(clients, names, exchange.gateway.managementEndpoint);
  const calls = new UserStreamMarginCalls(ports, { poster: ports.poster, format: binanceStreams });
  // Long 0.1 BTC bought for 6,400 with 400 USDT, at a 60,300 mark.
  const btc = compileInstrument(BTCUSDT);
  const account = {
    ...openedAccount(trader.accountId),
    walletBalance: 40_000_000_000n,
    positions: { BTCUSDT: { size: 100, entryNotional: 640_000_000_000n, realizedPnl: 0n } },
  };
  const risk = accountRisk(account, { get: () => btc }, () => markPrice(6_030_000_000_000));
  try {
    await calls.marginCall(trader.accountId, risk);
    const call = await socket.next((f) => f.e === 'MARGIN_CALL');
    expect(call).toMatchObject({
      cw: '400.00000000',
      p: [{ s: 'BTCUSDT', ps: 'BOTH', pa: '0.100', mt: 'CROSSED', iw: '0', mp: '60300.00000000' }],
    });

    // The client goes away; the next call finds the connection gone and forgets it.
    socket.socket.close();
    await eventually(async () => {
      await calls.marginCall(trader.accountId, risk);
      expect(await exchange.ctx.connections.ofAccount(trader.accountId)).toEqual([]);
    });
  } finally {
    ports.poster.close();
  }
});
