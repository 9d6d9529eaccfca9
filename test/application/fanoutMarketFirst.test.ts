// The fan-out posts what needs no read as soon as it is built: a trade reaches the market streams, and the taker's
// ORDER_TRADE_UPDATEs his user data stream, while the read his ACCOUNT_UPDATE needs (his balance) is still out; the
// ACCOUNT_UPDATE follows once it is answered, after the order updates.

import { MemoryConnectionPoster } from '../../adapters/memory/connections';
import { openConnection } from '../../application/connections/connections';
import { createFanout } from '../../application/fanout/fanout';
import { openListenKey } from '../../application/listenKeys/listenKeys';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import type { AccountStore } from '../../application/ports/accountStore';
import type { SymbolBatch } from '../../application/ports/eventLog';
import { binanceStreams } from '../../binance/streams/streamFormat';
import { eventually } from '../support/eventually';
import { callerOf, exchangeWithBtc, limit } from './support/memory';

test('a trade is on the trade stream, and the taker’s order updates on his, before his balance is read; then his ACCOUNT_UPDATE', async () => {
  const exchange = await exchangeWithBtc();
  const maker = await exchange.trader('1000000');
  const taker = await exchange.trader('1000000');
  // A market data connection on the trade stream, and the taker's user data stream; the exchange's own fan-out
  // posts to them too, so they are connected on both posters.
  const poster = new MemoryConnectionPoster();
  for (const connectionId of ['market', 'taker']) {
    poster.connect(connectionId);
    exchange.poster.connect(connectionId);
  }
  await exchange.ports.subscriptions.subscribe('market', ['btcusdt@trade'], false, 0);
  const key = await openListenKey(exchange.ctx, taker.accountId);
  await openConnection(exchange.ctx, {
    connectionId: 'taker',
    user: { listenKey: key.listenKey, accountId: taker.accountId },
  });
  await submitOrder(exchange.ctx, callerOf(maker), limit('SELL', '60000', '0.1'), 'ask');
  await exchange.settle();
  const before = await lastSeq();
  await submitOrder(
    exchange.ctx,
    callerOf(taker),
    limit('BUY', '60000', '0.1', { timeInForce: 'IOC' }),
    'bid',
  );
  await exchange.settle();

  // A second fan-out over the same stores, whose account reads wait until the test lets them go.
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const reads: number[] = [];
  const store = exchange.ports.accountStore;
  const slowAccounts: AccountStore = {
    load: async (accountId) => {
      reads.push(accountId);
      await released;
      return store.load(accountId);
    },
    append: (accountId, event, state) => store.append(accountId, event, state),
    history: (accountId) => store.history(accountId),
    nextAccountId: () => store.nextAccountId(),
  };
  const fanOut = createFanout(
    { ...exchange.ports, accountStore: slowAccounts },
    { poster, format: binanceStreams },
  );
  const done = fanOut(await batchesAfter(before));

  const kinds = (connectionId: string) => poster.received(connectionId).map((m) => JSON.parse(m).e as string);
  await eventually(async () => {
    expect(kinds('market')).toEqual(['trade']);
    expect(kinds('taker')).toEqual(['ORDER_TRADE_UPDATE', 'ORDER_TRADE_UPDATE']);
  }, 2_000);
  expect(reads).toEqual([taker.accountId]);

  release();
  expect(await done).toEqual({});
  expect(kinds('taker')).toEqual(['ORDER_TRADE_UPDATE', 'ORDER_TRADE_UPDATE', 'ACCOUNT_UPDATE']);
  expect(kinds('market')).toEqual(['trade']);

  async function lastSeq(): Promise<number> {
    let last = 0;
    for await (const item of exchange.ports.events.itemsAfter('BTCUSDT', 0)) last = item.last;
    return last;
  }

  async function batchesAfter(seq: number): Promise<SymbolBatch[]> {
    const batches: SymbolBatch[] = [];
    for await (const item of exchange.ports.events.itemsAfter('BTCUSDT', seq))
      batches.push({
        symbol: 'BTCUSDT',
        firstSeq: item.seq,
        lastSeq: item.last,
        events: item.events ?? [],
        chain: item.chain,
        recordId: `BTCUSDT:${item.seq}`,
      });
    return batches;
  }
});
