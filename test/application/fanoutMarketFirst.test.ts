// The fan-out posts what needs no read as soon as it is built: a trade reaches the market streams, and the taker's
// ORDER_TRADE_UPDATEs his user data stream, while the read his ACCOUNT_UPDATE needs (his balance) is still out; the
// ACCOUNT_UPDATE follows once it is answered, after the order updates. The balances of the accounts a run concerns
// are read beside each other, not one after another, and, for a trader the fan-out remembers as listening, beside its
// look-up of who listens.

import { MemoryConnectionPoster } from '../../adapters/memory/connections';
import { openConnection } from '../../application/connections/connections';
import { createFanout } from '../../application/fanout/fanout';
import { INDEX_SETTLE_MS } from '../../application/fanout/listenerMemory';
import { openListenKey } from '../../application/listenKeys/listenKeys';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import type { AccountStore } from '../../application/ports/accountStore';
import type { SymbolBatch } from '../../application/ports/eventLog';
import { binanceStreams } from '../../binance/streams/streamFormat';
import type { MemoryExchange, Trader } from '../../local/memoryExchange';
import { eventually } from '../support/eventually';
import { callerOf, exchangeWithBtc, limit } from './support/memory';

/**
 * Given a taker who has just crossed a maker's ask, with a connection on the trade stream and a user data stream
 * for each trader in `listening`: a second fan-out over the same stores, handed that trade's batches, whose account
 * reads wait until `release()`.
 */
async function givenATradeAndASlowAccountStore(listening: readonly ('maker' | 'taker')[]) {
  const exchange = await exchangeWithBtc();
  const traders = { maker: await exchange.trader('1000000'), taker: await exchange.trader('1000000') };
  // The exchange's own fan-out posts to these connections too, so they are connected on both posters.
  const poster = new MemoryConnectionPoster();
  for (const connectionId of ['market', ...listening]) {
    poster.connect(connectionId);
    exchange.poster.connect(connectionId);
  }
  await exchange.ports.subscriptions.subscribe('market', ['btcusdt@trade'], false, 0);
  for (const name of listening) await listen(exchange, traders[name], name);
  await submitOrder(exchange.ctx, callerOf(traders.maker), limit('SELL', '60000', '0.1'), 'ask');
  await exchange.settle();
  const before = await lastSeq(exchange);
  const bid = limit('BUY', '60000', '0.1', { timeInForce: 'IOC' });
  await submitOrder(exchange.ctx, callerOf(traders.taker), bid, 'bid');
  await exchange.settle();

  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const reads: number[] = [];
  const store = exchange.ports.accountStore;
  const slowAccounts = withLoad(store, async (accountId) => {
    reads.push(accountId);
    await released;
    return store.load(accountId);
  });
  const fanOut = createFanout(
    { ...exchange.ports, accountStore: slowAccounts },
    { poster, format: binanceStreams },
  );
  return {
    traders,
    reads,
    release,
    done: fanOut(await batchesAfter(exchange, before)),
    kinds: (connectionId: string) => poster.received(connectionId).map((m) => JSON.parse(m).e as string),
  };
}

test('a trade is on the trade stream, and the taker’s order updates on his, before his balance is read; then his ACCOUNT_UPDATE', async () => {
  const { traders, reads, release, done, kinds } = await givenATradeAndASlowAccountStore(['taker']);
  await eventually(async () => {
    expect(kinds('market')).toEqual(['trade']);
    expect(kinds('taker')).toEqual(['ORDER_TRADE_UPDATE', 'ORDER_TRADE_UPDATE']);
  }, 2_000);
  expect(reads).toEqual([traders.taker.accountId]);

  release();
  expect(await done).toEqual({});
  expect(kinds('taker')).toEqual(['ORDER_TRADE_UPDATE', 'ORDER_TRADE_UPDATE', 'ACCOUNT_UPDATE']);
  expect(kinds('market')).toEqual(['trade']);
});

test('both traders listening: their balances are read at once, and each gets his ACCOUNT_UPDATE after his order updates', async () => {
  const { traders, reads, release, done, kinds } = await givenATradeAndASlowAccountStore(['maker', 'taker']);
  await eventually(
    async () => expect([...reads].sort()).toEqual([traders.maker.accountId, traders.taker.accountId].sort()),
    2_000,
  );
  expect(kinds('maker')).toEqual(['ORDER_TRADE_UPDATE']);
  expect(kinds('taker')).toEqual(['ORDER_TRADE_UPDATE', 'ORDER_TRADE_UPDATE']);

  release();
  expect(await done).toEqual({});
  expect(kinds('maker')).toEqual(['ORDER_TRADE_UPDATE', 'ACCOUNT_UPDATE']);
  expect(kinds('taker')).toEqual(['ORDER_TRADE_UPDATE', 'ORDER_TRADE_UPDATE', 'ACCOUNT_UPDATE']);
});

/** `store` with its reads made by `load` (which watches or holds them), everything else as it is. */
function withLoad(store: AccountStore, load: AccountStore['load']): AccountStore {
  return {
    load,
    append: (accountId, events, state) => store.append(accountId, events, state),
    history: (accountId) => store.history(accountId),
    nextAccountId: () => store.nextAccountId(),
  };
}

async function listen(exchange: MemoryExchange, trader: Trader, connectionId: string): Promise<void> {
  const key = await openListenKey(exchange.ctx, trader.accountId);
  await openConnection(exchange.ctx, {
    connectionId,
    user: { listenKey: key.listenKey, accountId: trader.accountId },
  });
}

async function lastSeq(exchange: MemoryExchange): Promise<number> {
  let last = 0;
  for await (const item of exchange.ports.events.itemsAfter('BTCUSDT', 0)) last = item.last;
  return last;
}

async function batchesAfter(exchange: MemoryExchange, seq: number): Promise<SymbolBatch[]> {
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

test('a trader the fan-out remembers as listening: his balance is read beside the listener look-up, not after it', async () => {
  const exchange = await exchangeWithBtc();
  const maker = await exchange.trader('1000000');
  const taker = await exchange.trader('1000000');
  const poster = new MemoryConnectionPoster();
  poster.connect('taker');
  exchange.poster.connect('taker');
  await listen(exchange, taker, 'taker');
  // A read of who listens made sooner than this after a binding serves its run but is not remembered.
  await new Promise((resolve) => setTimeout(resolve, INDEX_SETTLE_MS + 50));
  // The look-ups of the listener change log wait while `held`; each account read is recorded with the number of
  // look-ups answered when it was asked.
  let held = false;
  let release: () => void = () => undefined;
  let asked = 0;
  let answered = 0;
  const reads: string[] = [];
  const changes = exchange.ports.listenerChanges;
  const store = exchange.ports.accountStore;
  const fanOut = createFanout(
    {
      ...exchange.ports,
      listenerChanges: {
        since: async (at) => {
          asked++;
          if (held) await new Promise<void>((resolve) => (release = resolve));
          answered++;
          return changes.since(at);
        },
      },
      accountStore: withLoad(store, (accountId) => {
        reads.push(`${accountId} read after ${answered} look-up answers`);
        return store.load(accountId);
      }),
    },
    { poster, format: binanceStreams },
  );
  const trade = async (clientOrderId: string) => {
    const before = await lastSeq(exchange);
    await submitOrder(exchange.ctx, callerOf(maker), limit('SELL', '60000', '0.1'), `${clientOrderId}-ask`);
    await submitOrder(
      exchange.ctx,
      callerOf(taker),
      limit('BUY', '60000', '0.1', { timeInForce: 'IOC' }),
      `${clientOrderId}-bid`,
    );
    await exchange.settle();
    return batchesAfter(exchange, before);
  };

  // First sight of the taker: who listens is read after the look-up, and so is his balance.
  expect(await fanOut(await trade('first'))).toEqual({});
  expect({ asked, reads }).toEqual({ asked: 1, reads: [`${taker.accountId} read after 1 look-up answers`] });

  // Remembered as listening: his balance is asked for while the run's look-up is still out.
  const next = await trade('second');
  held = true;
  const done = fanOut(next);
  await eventually(async () => expect(asked).toBe(2), 2_000);
  expect(reads).toEqual([
    `${taker.accountId} read after 1 look-up answers`,
    `${taker.accountId} read after 1 look-up answers`,
  ]);
  release();
  expect(await done).toEqual({});
  expect(
    poster
      .received('taker')
      .map((m) => JSON.parse(m).e as string)
      .filter((e) => e === 'ACCOUNT_UPDATE'),
  ).toHaveLength(2);
});
