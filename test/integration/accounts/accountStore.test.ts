// The accounts table under contention, on dynalite with the real SDK: two instances of the account decisions
// (application/accounts/accounts.ts), each over its own store, stand for two processes (two Lambdas, or a Lambda
// and the settler), each with many decisions in flight on one account. Then the table's layout: where the state
// snapshots are, and what an order's append weighs.

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { encodeAccountEvent, encodeAccountState } from '../../../adapters/aws/accounts/accountCodec';
import {
  accountStream,
  accountStreamQuery,
  carriesSnapshot,
  DynamoAccountStore,
  SNAPSHOT_EVERY,
} from '../../../adapters/aws/accounts/accountStore';
import { createAwsClients } from '../../../adapters/aws/clients';
import { queryAll } from '../../../adapters/aws/queryPages';
import { Accounts } from '../../../application/accounts/accounts';
import { AccountBusy } from '../../../application/ports/accountStore';
import { openedAccount } from '../../../core/accounts/account';
import type { AccountEvent } from '../../../core/accounts/accountEvents';
import { deposit, withdraw } from '../../../core/accounts/decideAccount';
import { evolveAccount } from '../../../core/accounts/evolveAccount';
import { type LocalEmulators, startEmulators } from '../../../local/emulators';

const USDT = 100_000_000n; // 10^8: money is in 10^-8 USDT
const noInstruments = new Map<string, never>(); // no positions or orders: no margin in use
const noMarks = () => undefined;

describe('account store: optimistic appends', () => {
  let local: LocalEmulators;
  let first: Accounts;
  let second: Accounts;

  beforeAll(async () => {
    local = await startEmulators();
    first = new Accounts(new DynamoAccountStore(local.clients.documents, local.names.tables.accounts));
    second = new Accounts(new DynamoAccountStore(local.clients.documents, local.names.tables.accounts));
  }, 60_000);

  afterAll(() => local?.stop());

  test('deposits racing from two processes are all applied, once each, at consecutive versions', async () => {
    await first.open(1);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? first : second).decide(1, (state) => deposit(state, USDT, `d${i}`), 60_000),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);

    const history = await first.store.history(1);
    expect(history.map((h) => h.version)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    const references = history.flatMap((h) =>
      h.event.type === 'CollateralDeposited' ? [h.event.reference] : [],
    );
    expect(references.sort()).toEqual(Array.from({ length: 40 }, (_, i) => `d${i}`).sort());
    expect((await first.load(1))?.walletBalance).toBe(40n * USDT);
  });

  test('withdrawals racing for the same balance never spend it twice', async () => {
    await first.open(2);
    await first.decide(2, (state) => deposit(state, 10n * USDT, 'seed'));
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        (i % 2 ? first : second).decide(2, (s) => withdraw(s, USDT, `w${i}`, noInstruments, noMarks), 60_000),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.rejection.code)).toEqual(Array(20).fill(-2018));
    expect((await first.load(2))?.walletBalance).toBe(0n);
  });

  test('a decision that keeps losing past its deadline gives up with AccountBusy and appends nothing', async () => {
    await first.open(3);
    // A third process whose every put is preceded by another process's append: it always loses the race.
    const loserClients = createAwsClients({ endpoints: local.endpoints });
    let interferences = 0;
    loserClients.documents.middlewareStack.add(
      (next) => async (args) => {
        interferences += 1;
        await second.decide(3, (s) => deposit(s, USDT, `other${interferences}`));
        return next(args);
      },
      { step: 'initialize', name: 'appendFirst' },
    );
    const loser = new Accounts(new DynamoAccountStore(loserClients.documents, local.names.tables.accounts));
    // Loads go through the same client, so the interference also runs before each load; that only adds versions.
    try {
      await expect(loser.decide(3, (state) => deposit(state, USDT, 'loser'), 300)).rejects.toBeInstanceOf(
        AccountBusy,
      );
    } finally {
      loserClients.destroy();
    }
    const history = await first.store.history(3);
    expect(interferences).toBeGreaterThan(1);
    expect(history.some((h) => h.event.type === 'CollateralDeposited' && h.event.reference === 'loser')).toBe(
      false,
    );
  });
});

describe('account store: snapshots every SNAPSHOT_EVERY versions', () => {
  let local: LocalEmulators;
  let store: DynamoAccountStore;

  beforeAll(async () => {
    local = await startEmulators();
    store = new DynamoAccountStore(local.clients.documents, local.names.tables.accounts);
  }, 60_000);

  afterAll(() => local?.stop());

  const valueBytes = (value: unknown): number =>
    typeof value === 'number'
      ? 21
      : Array.isArray(value)
        ? 3 + value.reduce((n: number, v) => n + 1 + valueBytes(v), 0)
        : Buffer.byteLength(String(value));

  /** The account's stored items, oldest first, as the table holds them. */
  async function items(accountId: number) {
    const stored = await queryAll(local.clients.documents, {
      ...accountStreamQuery(local.names.tables.accounts, accountId),
      ConsistentRead: true,
    });
    return stored.map((item) => ({
      first: item.version as number,
      last: (item.version as number) + ((item.events as string[] | undefined)?.length ?? 1) - 1,
      // As DynamoDB sizes an item: its attributes' names and values (a number as at most 21 bytes, a list as its
      // strings and 1 byte each, + 3).
      bytes: Object.entries(item).reduce((n, [name, value]) => n + name.length + valueBytes(value), 0),
      state: item.state as string | undefined,
    }));
  }

  const reserved = (orderId: number): AccountEvent => ({
    type: 'MarginReserved',
    orderId,
    symbol: 'BTCUSDT',
    amount: 30_300_000_000n,
    openLots: 10,
    side: 'BUY',
  });

  /** Opens `accountId` in `into` and appends `events` one at a time; the state after them. */
  async function appendEach(into: DynamoAccountStore, accountId: number, events: readonly AccountEvent[]) {
    const opened: AccountEvent = { type: 'AccountOpened', accountId };
    let state = evolveAccount(openedAccount(accountId), opened);
    expect(await into.append(accountId, [opened], state)).toBe(true);
    for (const event of events) {
      state = evolveAccount(state, event);
      expect(await into.append(accountId, [event], state)).toBe(true);
    }
    return state;
  }

  test('a market maker with 300 open orders appends each new order as its event alone', async () => {
    const state = await appendEach(
      store,
      101,
      Array.from({ length: 300 }, (_, i) => reserved(i + 1)),
    );
    expect(await store.load(101)).toEqual(state);

    const stored = await items(101);
    expect(stored).toHaveLength(301);
    // Version v holds v − 1 open orders. Up to 8 the state fits beside the event in one write unit (1 KB), so it
    // rides along; past that, only the appends that reach a multiple of SNAPSHOT_EVERY carry it.
    expect(stored.filter((i) => i.state !== undefined).map((i) => i.last)).toEqual([
      ...Array.from({ length: 9 }, (_, v) => v + 1),
      ...Array.from({ length: Math.floor(301 / SNAPSHOT_EVERY) }, (_, k) => (k + 1) * SNAPSHOT_EVERY),
    ]);
    for (const item of stored.filter((i) => i.last > 9))
      expect(item.state !== undefined).toBe(carriesSnapshot(item.first, item.last));
    for (const item of stored.filter((i) => i.last <= 9)) expect(item.bytes).toBeLessThanOrEqual(1024);
    // An order's own append stays small however many orders are open; the snapshot holds them all.
    const eventOnly = stored.filter((i) => i.state === undefined);
    expect(Math.max(...eventOnly.map((i) => i.bytes))).toBeLessThan(400);
    expect(stored.find((i) => i.last === 288)!.bytes).toBeGreaterThan(20_000);
  });

  test('a small state rides on every append and loads from the newest item; a large one in one page once known', async () => {
    const deposits = Array.from(
      { length: 40 },
      (_, i): AccountEvent => ({ type: 'CollateralDeposited', amount: BigInt(i + 1), reference: `d${i}` }),
    );
    const state = await appendEach(store, 104, deposits);
    expect((await items(104)).every((i) => i.state !== undefined)).toBe(true);
    // Its newest item alone: a reader that sees every item read pays for one.
    const reads: number[] = [];
    const counting = createAwsClients({ endpoints: local.endpoints });
    counting.documents.middlewareStack.add(
      (next) => async (args) => {
        const output = await next(args);
        reads.push(((output.output as { Items?: unknown[] }).Items ?? []).length);
        return output;
      },
      { step: 'initialize', name: 'countItemsRead' },
    );
    try {
      const reader = new DynamoAccountStore(counting.documents, local.names.tables.accounts);
      expect(await reader.load(104)).toEqual(state);
      expect(reads).toEqual([1]);
      // A market maker's account, whose newest item is its event alone, reads on to its snapshot; known as such,
      // its next load asks for the page at once.
      const maker = await store.load(101);
      reads.length = 0;
      expect(await reader.load(101)).toEqual(maker);
      expect(reads).toEqual([1, SNAPSHOT_EVERY]);
      reads.length = 0;
      expect(await reader.load(101)).toEqual(maker);
      expect(reads).toEqual([SNAPSHOT_EVERY]);
      // The small account is still read as one item.
      reads.length = 0;
      expect(await reader.load(104)).toEqual(state);
      expect(reads).toEqual([1]);
      // An account once seen large keeps its one-page load when its state shrinks and rides along again: at the
      // size where it crosses back and forth, every crossing would cost a second read.
      const large = await appendEach(
        store,
        105,
        Array.from({ length: 10 }, (_, i) => reserved(1_001 + i)),
      );
      reads.length = 0;
      expect(await reader.load(105)).toEqual(large);
      expect(reads).toEqual([1, 10]);
      const released: AccountEvent = {
        type: 'SymbolEventsSettled',
        symbol: 'BTCUSDT',
        seq: 1,
        changes: {
          walletDelta: 0n,
          realizedPnl: 0n,
          fees: 0n,
          position: null,
          reservations: Object.fromEntries(Array.from({ length: 6 }, (_, i) => [String(1_001 + i), null])),
        },
      };
      const small = evolveAccount(large, released);
      expect(await store.append(105, [released], small)).toBe(true);
      expect((await items(105)).at(-1)!.state).toBeDefined();
      reads.length = 0;
      expect(await reader.load(105)).toEqual(small);
      expect(reads).toEqual([12]);
      // Grown past the size again: still one read.
      let grown = small;
      for (const event of Array.from({ length: 5 }, (_, i) => reserved(1_011 + i))) {
        grown = evolveAccount(grown, event);
        expect(await store.append(105, [event], grown)).toBe(true);
      }
      expect((await items(105)).at(-1)!.state).toBeUndefined();
      reads.length = 0;
      expect(await reader.load(105)).toEqual(grown);
      expect(reads).toEqual([SNAPSHOT_EVERY]);
    } finally {
      counting.destroy();
    }
  });

  test("items written with a wider spacing than the reader's are read page by page back to the snapshot", async () => {
    const wide = new DynamoAccountStore(local.clients.documents, local.names.tables.accounts, Date.now, 64);
    const state = await appendEach(
      wide,
      103,
      Array.from({ length: 100 }, (_, i) => reserved(i + 1)),
    );
    // Past the small states, the newest snapshot is at version 64, 37 items back: pages of 1, 16, 16 and 16.
    expect((await items(103)).filter((i) => i.state !== undefined && i.last > 9).map((i) => i.last)).toEqual([
      64,
    ]);
    expect(await store.load(103)).toEqual(state);
  });

  test('an account written before snapshots were spaced (the state on every item) loads, and goes on', async () => {
    // Versions 1–20 as the store used to write them: every item with its state, 19 open orders by the last.
    let state = openedAccount(102);
    const old: AccountEvent[] = [
      { type: 'AccountOpened', accountId: 102 },
      ...Array.from({ length: 19 }, (_, i) => reserved(i + 1)),
    ];
    for (const event of old) {
      state = evolveAccount(state, event);
      await local.clients.documents.send(
        new PutCommand({
          TableName: local.names.tables.accounts,
          Item: {
            stream: accountStream(102),
            version: state.version,
            event: encodeAccountEvent(event),
            state: encodeAccountState(state),
            time: 1,
          },
        }),
      );
    }
    expect(await store.load(102)).toEqual(state);
    const next = reserved(20);
    state = evolveAccount(state, next);
    expect(await store.append(102, [next], state)).toBe(true);
    expect((await items(102)).at(-1)!.state).toBeUndefined();
    expect(await store.load(102)).toEqual(state);
    expect(Object.keys(state.reservations)).toHaveLength(20);
  });
});
