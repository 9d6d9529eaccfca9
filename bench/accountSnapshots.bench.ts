/**
 * `npm run bench:account-snapshots`: what an order's margin reservation costs an account with many open orders,
 * with the account's state written on every append (the layout before snapshots were spaced: the peer) and every
 * SNAPSHOT_EVERY versions (adapters/aws/accounts/accountStore.ts), in the same run, alternated, on dynalite in its
 * child process with the real SDK.
 *
 * An account's state holds one reservation per open order. For each number of open orders (BENCH_OPEN_ORDERS,
 * default 0,100,450,1000) an account of each layout is given that many, then a market maker's steady state runs
 * for BENCH_ORDERS (default 400) orders: each new order's reservation, and one open order ending (its reservation
 * released, as settlement does), each a decision through Accounts (the state remembered, one conditional PutItem
 * per decision). Printed per order (two appends): bytes written (items' sizes as DynamoDB counts them: names and
 * values) and the write units they cost on DynamoDB (1 KB each, rounded up), the CPU of this process (decide,
 * encode, SDK) and of dynalite, and the wall time; then what one load of the account costs (another process's
 * read: the newest item, and if it holds no state a page back to the snapshot, whose events after it are folded
 * on): items and bytes read, read units (4 KB of a page each, strongly consistent), CPU.
 *
 * Then, without the emulators: a market maker's history of BENCH_HISTORY (default 20,000) events folded as
 * `account-at` folds it, one event at a time against all at once (foldAccount).
 *
 * Environment (optional): BENCH_OPEN_ORDERS, BENCH_ORDERS, BENCH_ROUNDS (default 2), BENCH_HISTORY.
 */
import {
  accountStreamQuery,
  DynamoAccountStore,
  SNAPSHOT_EVERY,
} from '../adapters/aws/accounts/accountStore';
import { createAwsClients } from '../adapters/aws/clients';
import { queryItems } from '../adapters/aws/queryPages';
import { Accounts } from '../application/accounts/accounts';
import { openedAccount } from '../core/accounts/account';
import type { AccountEvent } from '../core/accounts/accountEvents';
import { evolveAccount, foldAccount } from '../core/accounts/evolveAccount';
import { type LocalEmulators, startEmulators } from '../local/emulators';
import { envInt } from './env';
import { cpuDelta, cpuSnapshot } from './liveSupport';

const OPEN_ORDERS = (process.env.BENCH_OPEN_ORDERS ?? '0,100,450,1000').split(',').map(Number);
const ORDERS = envInt('BENCH_ORDERS', 400);
const ROUNDS = envInt('BENCH_ROUNDS', 2);
const HISTORY = envInt('BENCH_HISTORY', 20_000);

interface Layout {
  readonly name: string;
  readonly every: number;
}
const LAYOUTS: readonly Layout[] = [
  { name: 'state on every append (before)', every: 1 },
  { name: `snapshot every ${SNAPSHOT_EVERY} versions`, every: SNAPSHOT_EVERY },
];

let nextAccount = 1;
let nextOrder = 1;

/** Settlement of an order that ended (canceled or filled; no fill here): its reservation released. */
const released = (orderId: string): AccountEvent => ({
  type: 'SymbolEventsSettled',
  symbol: 'BTCUSDT',
  seq: nextOrder,
  changes: { walletDelta: 0n, realizedPnl: 0n, fees: 0n, position: null, reservations: { [orderId]: null } },
});

const reservation = (): AccountEvent => ({
  type: 'MarginReserved',
  orderId: nextOrder++,
  symbol: 'BTCUSDT',
  amount: 30_300_000_000n,
  openLots: 10,
  side: 'BUY',
});

/** An item's size as DynamoDB bills it: each attribute's name and value (strings by their UTF-8 bytes). */
function itemBytes(item: Record<string, unknown>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    bytes += Buffer.byteLength(name);
    if (typeof value === 'string') bytes += Buffer.byteLength(value);
    else if (typeof value === 'number') bytes += 8;
    else if (Array.isArray(value))
      bytes += 3 + value.reduce((n: number, v) => n + 1 + Buffer.byteLength(String(v)), 0);
  }
  return bytes;
}

/** The account's newest `count` items, newest first (paged: a Query answers at most 1 MB). */
function newestItems(
  local: LocalEmulators,
  accountId: number,
  count: number,
): Promise<Record<string, unknown>[]> {
  return queryItems(
    local.clients.documents,
    {
      ...accountStreamQuery(local.names.tables.accounts, accountId),
      ScanIndexForward: false,
      ConsistentRead: true,
    },
    count,
  );
}

interface Row {
  open: number;
  layout: string;
  bytes: number;
  wcu: number;
  cpuMs: number;
  dynaliteMs: number;
  wallMs: number;
  loadItems: number;
  loadBytes: number;
  loadRcu: number;
  loadCpuMs: number;
}

async function measure(local: LocalEmulators, layout: Layout, open: number): Promise<Row> {
  const store = new DynamoAccountStore(
    local.clients.documents,
    local.names.tables.accounts,
    Date.now,
    layout.every,
  );
  const accounts = new Accounts(store, Date.now, { cachedStates: 16 });
  const accountId = nextAccount++;
  await accounts.open(accountId);
  // The open orders, in appends of up to 32 (as a burst of orders groups them), to get there quickly.
  for (let placed = 0; placed < open; placed += 32) {
    const events = Array.from({ length: Math.min(32, open - placed) }, reservation);
    await accounts.decide(accountId, () => ({ events }));
  }

  // A market maker's steady state: each new order reserves its margin (ingress), and one of its open orders ends
  // and settlement releases its reservation, so the number of open orders stays where it is. Two appends an order.
  let oldest = nextOrder - open;
  const cpuBefore = cpuSnapshot();
  const started = performance.now();
  for (let i = 0; i < ORDERS; i++) {
    await accounts.decide(accountId, () => ({ events: [reservation()] }));
    const ended = String(oldest++);
    await accounts.decide(accountId, () => ({ events: [released(ended)] }));
  }
  const wallMs = performance.now() - started;
  const cpu = cpuDelta(cpuBefore, cpuSnapshot());

  const written = await newestItems(local, accountId, 2 * ORDERS);
  const bytes = written.reduce((n, item) => n + itemBytes(item), 0);
  const wcu = written.reduce((n, item) => n + Math.ceil(itemBytes(item) / 1024), 0);

  // A load, as another process (a Lambda, the risk service) reads the account: the pages its Query answers, counted
  // on a client of its own. A strongly consistent page costs a read unit per 4 KB of the items it returns.
  const reader = createAwsClients({ endpoints: local.endpoints, emulator: true });
  const pages: number[] = [];
  reader.documents.middlewareStack.add(
    (next) => async (args) => {
      const output = await next(args);
      const items = (output.output as { Items?: Record<string, unknown>[] }).Items ?? [];
      pages.push(items.reduce((n, item) => n + itemBytes(item), 0));
      readItems += items.length;
      return output;
    },
    { step: 'initialize', name: 'pagesRead' },
  );
  let readItems = 0;
  const loads = 50;
  const loading = new DynamoAccountStore(
    reader.documents,
    local.names.tables.accounts,
    Date.now,
    layout.every,
  );
  const loadCpu = process.cpuUsage();
  for (let i = 0; i < loads; i++) await loading.load(accountId);
  const loadCpuUs = process.cpuUsage(loadCpu);
  reader.destroy();
  const loadBytes = pages.reduce((n, bytes) => n + bytes, 0) / loads;
  const loadRcu = pages.reduce((n, bytes) => n + Math.max(1, Math.ceil(bytes / 4096)), 0) / loads;

  return {
    open,
    layout: layout.name,
    bytes: bytes / ORDERS,
    wcu: wcu / ORDERS,
    cpuMs: (cpu.get('stack main thread') ?? Number.NaN) / ORDERS,
    dynaliteMs: (cpu.get('dynalite') ?? Number.NaN) / ORDERS,
    wallMs: wallMs / ORDERS,
    loadItems: readItems / loads,
    loadBytes,
    loadRcu,
    loadCpuMs: (loadCpuUs.user + loadCpuUs.system) / 1000 / loads,
  };
}

function print(rows: readonly Row[]): void {
  const header = [
    'open orders',
    'layout',
    'bytes/order',
    'WCU/order',
    'CPU ms/order',
    'dynalite ms/order',
    'wall ms/order',
    'load: items',
    'bytes',
    'RCU',
    'CPU ms',
  ];
  const table = rows.map((r) => [
    String(r.open),
    r.layout,
    r.bytes.toFixed(0),
    r.wcu.toFixed(2),
    r.cpuMs.toFixed(3),
    r.dynaliteMs.toFixed(3),
    r.wallMs.toFixed(3),
    String(r.loadItems),
    r.loadBytes.toFixed(0),
    String(r.loadRcu),
    r.loadCpuMs.toFixed(3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) console.log(line(row));
}

async function main() {
  console.log(
    `account snapshots — ${ORDERS} orders per cell, each a reservation and a release (two appends), ${ROUNDS} rounds alternated; CPU from /proc (ticks of 10 ms)\n`,
  );
  const local = await startEmulators();
  try {
    const rows: Row[] = [];
    for (let round = 0; round < ROUNDS; round++)
      for (const open of OPEN_ORDERS)
        for (const layout of round % 2 === 0 ? LAYOUTS : [...LAYOUTS].reverse())
          rows.push(await measure(local, layout, open));
    rows.sort((a, b) => a.open - b.open || a.layout.localeCompare(b.layout));
    print(rows);
  } finally {
    await local.stop();
  }
  printHistoryFolds();
}

/**
 * A market maker's whole history folded, as `account-at` folds it: one event at a time (each copying the
 * reservations, as every fold did before foldAccount) against all at once (one copy), alternated, best of 3.
 */
function printHistoryFolds(): void {
  console.log(`\nthe fold of a market maker's history (${HISTORY} events), ms, best of 3:`);
  console.log('open orders  one event at a time  all at once');
  for (const open of OPEN_ORDERS) {
    const events: AccountEvent[] = [{ type: 'AccountOpened', accountId: 0 }];
    const first = nextOrder;
    for (let i = 0; i < open; i++) events.push(reservation());
    for (let i = 0; events.length < HISTORY; i++) events.push(reservation(), released(String(first + i)));
    const start = openedAccount(0);
    const best = (fold: () => unknown) => {
      let fastest = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 3; i++) {
        const began = performance.now();
        fold();
        fastest = Math.min(fastest, performance.now() - began);
      }
      return fastest.toFixed(1);
    };
    const oneByOne = best(() => events.reduce(evolveAccount, start));
    const atOnce = best(() => foldAccount(start, events));
    console.log(`${String(open).padStart(11)}  ${oneByOne.padStart(19)}  ${atOnce.padStart(11)}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
