// Pre-trade margin under concurrency, over real HTTP: many orders from one account at once, more than its
// balance covers. Each reservation is an optimistic append to the account's event stream, so the account can
// never reserve more than it has: checked from the API afterwards, from every version the account has been in (its
// stored events folded, against the snapshots the store kept), and from the commands stream (exactly the accepted
// orders reached it).
// E2E_CONCURRENT_ORDERS=<n> changes the number of simultaneous orders (default 200).

import { decodeAccountState } from '../../adapters/aws/accounts/accountCodec';
import { accountStreamQuery, DynamoAccountStore } from '../../adapters/aws/accounts/accountStore';
import { queryAll } from '../../adapters/aws/queryPages';
import { type AccountState, openedAccount, totalReserved } from '../../core/accounts/account';
import { evolveAccount } from '../../core/accounts/evolveAccount';
import { type LocalExchange, startLocalExchange, type Trader } from '../../local/localExchange';
import { BTCUSDT } from '../core/support/specs';
import { commandRecords, newCommandRecords } from './support/commandStream';
import { scaled } from './support/ledger';
import { limitOrder, type Reply, Rest } from './support/rest';

const ORDERS = Number(process.env.E2E_CONCURRENT_ORDERS ?? 200);
jest.setTimeout(120_000 + ORDERS * 300);

describe('many simultaneous orders from one account', () => {
  let exchange: LocalExchange;

  beforeAll(async () => {
    exchange = await startLocalExchange();
    await exchange.listSymbol({ ...BTCUSDT, maxNumOrders: 10_000 });
  });

  afterAll(async () => {
    await exchange?.stop();
  });

  /**
   * Every state the account has been in, version by version: its events, as the account store holds them, folded
   * from the start. Decisions that waited for the same turn are appended together, and the store holds the state
   * after some appends only (its snapshots): each of those must be the fold's state at its version, and the appends
   * must follow one another with no version missing or written twice.
   */
  async function versions(accountId: number): Promise<AccountState[]> {
    const appended: { first: number; last: number; state: AccountState | undefined }[] = [];
    const stored = await queryAll(exchange.emulators.clients.documents, {
      ...accountStreamQuery(exchange.emulators.names.tables.accounts, accountId),
      ConsistentRead: true,
    });
    for (const item of stored)
      appended.push({
        first: item.version as number,
        last: (item.version as number) + ((item.events as string[] | undefined)?.length ?? 1) - 1,
        state: item.state === undefined ? undefined : decodeAccountState(item.state as string),
      });
    expect(appended.map((a) => a.first)).toEqual([1, ...appended.slice(0, -1).map((a) => a.last + 1)]);

    const history = await new DynamoAccountStore(
      exchange.emulators.clients.documents,
      exchange.emulators.names.tables.accounts,
    ).history(accountId);
    const states: AccountState[] = [];
    let state = openedAccount(accountId);
    for (const { event } of history) {
      state = evolveAccount(state, event);
      states.push(state);
    }
    expect(states.map((s) => s.version)).toEqual(states.map((_, i) => i + 1));
    // The appends that carry a snapshot (adapters/aws/accounts/accountStore.ts) carry the state after their last.
    const snapshots = appended.filter((a) => a.state !== undefined);
    expect(snapshots.length).toBeGreaterThan(0);
    for (const { last, state: stored } of snapshots) {
      expect(stored!.version).toBe(last);
      expect(stored).toEqual(states[last - 1]);
    }
    return states;
  }

  function tally(replies: readonly Reply[]) {
    const outcomes = new Map<string, number>();
    for (const r of replies) {
      const key = r.status === 200 ? '200 NEW' : `${r.status} ${r.body?.code}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    return Object.fromEntries(outcomes);
  }

  /** Never more reserved than the wallet holds (no positions here: available = wallet − reserved). */
  function expectNeverOverReserved(states: readonly AccountState[]) {
    for (const state of states) {
      if (totalReserved(state) > state.walletBalance)
        throw new Error(
          `version ${state.version}: ${totalReserved(state)} reserved of ${state.walletBalance}`,
        );
    }
  }

  // 200 orders at once queue behind each other on a busy machine; the widest window Binance allows keeps this test
  // about margin, not about the time window (-1021 has its own tests).
  const PATIENT = '60000';

  test(`${ORDERS} equal orders at once: exactly as many accepted as the margin allows`, async () => {
    const trader: Trader = await exchange.trader('1000');
    const client = new Rest(exchange.gateway.url, trader);
    const stream = await commandRecords(exchange);
    // 0.010 × 60,000 = 600 notional: 600 / 20 (default leverage) + 0.05% taker fee = 30.3 USDT each; 1,000 USDT
    // covers 33 of them (999.9), leaving 0.1.
    const started = Date.now();
    const replies = await Promise.all(
      Array.from({ length: ORDERS }, (_, i) =>
        client.order(
          limitOrder('BTCUSDT', 'BUY', '60000.0', '0.010', {
            newClientOrderId: `burst-${i}`,
            recvWindow: PATIENT,
          }),
        ),
      ),
    );
    const elapsed = Date.now() - started;
    const fits = Math.min(ORDERS, 33);
    expect(tally(replies)).toEqual({
      '200 NEW': fits,
      ...(ORDERS > fits ? { '400 -2019': ORDERS - fits } : {}),
    });
    console.info(
      `${ORDERS} simultaneous orders answered in ${elapsed} ms: ${JSON.stringify(tally(replies))}`,
    );

    const accepted = replies.filter((r) => r.status === 200).map((r) => r.body.orderId as number);
    const account = (await client.signed('GET', '/fapi/v3/account')).body;
    expect(account).toMatchObject({
      totalWalletBalance: '1000.00000000',
      totalOpenOrderInitialMargin: (fits * 30.3).toFixed(8),
      availableBalance: (1000 - fits * 30.3).toFixed(8),
    });

    const states = await versions(trader.accountId);
    expectNeverOverReserved(states);
    // Opened, deposited, then one reservation per accepted order and nothing for the refused ones.
    expect(states).toHaveLength(2 + fits);
    expect(
      Object.keys(states[states.length - 1]!.reservations)
        .map(Number)
        .sort(),
    ).toEqual([...accepted].sort());
    // The accepted orders, and only they, went on the stream; all of them rest.
    const added = (await newCommandRecords(exchange, stream)) as { order: { orderId: number } }[];
    expect(added.map((c) => c.order.orderId).sort()).toEqual([...accepted].sort());
    await exchange.settle();
    const open = (await client.signed('GET', '/fapi/v1/openOrders', { symbol: 'BTCUSDT' })).body;
    expect(open.map((o: { orderId: number }) => o.orderId).sort()).toEqual([...accepted].sort());
  });

  test('orders of every size, both sides, at once: whatever was refused did not fit at the end either', async () => {
    const trader: Trader = await exchange.trader('5000');
    const client = new Rest(exchange.gateway.url, trader);
    const orders = Array.from({ length: ORDERS }, (_, i) => {
      const side = i % 2 === 0 ? 'BUY' : 'SELL';
      const lots = 1 + ((i * 37) % 97);
      const price = side === 'BUY' ? 58_000 + ((i * 13) % 900) : 62_000 + ((i * 17) % 900);
      return limitOrder('BTCUSDT', side, `${price}.0`, (lots / 1000).toFixed(3), { recvWindow: PATIENT });
    });
    const replies = await Promise.all(orders.map((o) => client.order(o)));
    console.info(`mixed orders: ${JSON.stringify(tally(replies))}`);
    for (const r of replies) expect([200, -2019]).toContain(r.status === 200 ? 200 : r.body.code);

    // Initial margin of an order, in 10^-8 USDT: notional / 20 (rounded up) + ceil(notional × 0.0005).
    const marginOf = (o: (typeof orders)[number]) => {
      const notional = scaled(String(o.price), 2) * scaled(String(o.quantity), 3) * 1_000n;
      return (notional + 19n) / 20n + (notional * 5n + 9_999n) / 10_000n;
    };
    const accepted = orders.filter((_, i) => replies[i]!.status === 200);
    const refused = orders.filter((_, i) => replies[i]!.status !== 200);
    const reserved = accepted.reduce((sum, o) => sum + marginOf(o), 0n);
    const wallet = scaled('5000');
    expect(reserved).toBeLessThanOrEqual(wallet);
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    // Reservations only grew during the burst, so a refused order had even less room when it was decided.
    for (const o of refused) expect(marginOf(o)).toBeGreaterThan(wallet - reserved);

    const account = (await client.signed('GET', '/fapi/v3/account')).body;
    expect(scaled(account.totalOpenOrderInitialMargin)).toBe(reserved);
    expect(scaled(account.availableBalance)).toBe(wallet - reserved);
    const states = await versions(trader.accountId);
    expectNeverOverReserved(states);
    expect(states).toHaveLength(2 + accepted.length);
  });
});
