/**
 * `npm run bench:ledger`: what the account ledger (income history, admin `ledger`) costs per settled fill.
 *
 * The ledger is read from the account's own events: settlement records each fill of the account (trade, order,
 * PnL, fee, time, seq) in the SymbolEventsSettled event it appends anyway. So the write costs no extra request;
 * it costs bytes in the account item (event + state), i.e. DynamoDB write units. Measured over a session of
 * trades settled as the projector settles them (one batch per command, and batches of BENCH_BATCH events, as a
 * busy stream delivers them), against the same settlements with the fills left out (the peer: the code before
 * the ledger), in the same run:
 *
 *  - requests per settled fill: the account store's loads (one Query) and appends (one PutItem) per account a
 *    batch concerns, counted, with and without the ledger;
 *  - bytes and write units (1 KB each) of the account items those appends write, with and without;
 *  - CPU: settlement + evolve per settled fill, and reading the ledger back (ledgerOf) per entry (absolute;
 *    the peer strips the fills after recording them, so its CPU is no baseline).
 *
 * Environment (optional): BENCH_TRADES (default 20,000), BENCH_ACCOUNTS (default 20), BENCH_BATCH (default 500).
 */
import { encodeAccountEvent, encodeAccountState } from '../adapters/aws/accounts/accountCodec';
import { type AccountState, openedAccount } from '../core/accounts/account';
import type { AccountEvent } from '../core/accounts/accountEvents';
import { evolveAccount } from '../core/accounts/evolveAccount';
import { ledgerOf, type RecordedAccountEvent } from '../core/accounts/ledger';
import { accountsConcerned, settleSymbolEvents } from '../core/accounts/settlement';
import type { EngineCommand } from '../core/engine/commands';
import type { EngineEvent } from '../core/engine/events';
import { MatchingEngine } from '../core/engine/matchingEngine';
import { BTCUSDT } from '../test/core/support/specs';
import { gtcLimit } from './benchSymbol';
import { envInt } from './env';

const TRADES = envInt('BENCH_TRADES', 20_000);
const ACCOUNTS = envInt('BENCH_ACCOUNTS', 20);
const BATCH = envInt('BENCH_BATCH', 500);
const T0 = 1_765_000_000_000;

/** A session: makers rest asks and bids around 60,000, takers cross them one lot at a time; outcomes per command. */
function session(): EngineEvent[][] {
  const engine = MatchingEngine.create('BTCUSDT');
  const outcomes: EngineEvent[][] = [];
  let n = 0;
  const run = (command: EngineCommand) => outcomes.push(engine.execute(command));
  run({ type: 'ListSymbol', commandId: 'list', time: T0, spec: { ...BTCUSDT, maxNumOrders: 1_000_000 } });
  const order = (accountId: number, side: 'BUY' | 'SELL', price: number, quantity: number): EngineCommand => {
    n++;
    return gtcLimit({ commandId: `c${n}`, time: T0 + n }, { orderId: n, accountId, side, price, quantity });
  };
  for (let t = 0; t < TRADES; t++) {
    const maker = 1 + (t % (ACCOUNTS / 2));
    const taker = 1 + ACCOUNTS / 2 + (t % (ACCOUNTS / 2));
    const sell = t % 2 === 0;
    const price = 600_000 + (t % 7) - 3;
    run(order(maker, sell ? 'SELL' : 'BUY', price, 1));
    run(order(taker, sell ? 'BUY' : 'SELL', price, 1));
  }
  return outcomes;
}

interface Tally {
  loads: number;
  appends: number;
  bytes: number;
  writeUnits: number;
  fills: number;
  settleNs: bigint;
  histories: Map<number, RecordedAccountEvent[]>;
}

/** Settles batches into fresh accounts as the projector does; `ledger` false strips the fills (the peer). */
function settleAll(batches: readonly EngineEvent[][], ledger: boolean): Tally {
  const accounts = new Map<number, AccountState>();
  const tally: Tally = {
    loads: 0,
    appends: 0,
    bytes: 0,
    writeUnits: 0,
    fills: 0,
    settleNs: 0n,
    histories: new Map(),
  };
  for (const batch of batches) {
    for (const accountId of accountsConcerned(batch)) {
      tally.loads++;
      const state = accounts.get(accountId) ?? openedAccount(accountId);
      const started = process.hrtime.bigint();
      let event: AccountEvent | undefined = settleSymbolEvents(state, 'BTCUSDT', batch);
      if (event === undefined) continue;
      if (!ledger && event.type === 'SymbolEventsSettled') {
        const { fills: _dropped, ...changes } = event.changes;
        event = { ...event, changes };
      }
      const next = evolveAccount(state, event);
      tally.settleNs += process.hrtime.bigint() - started;
      if (event.type === 'SymbolEventsSettled') tally.fills += event.changes.fills?.length ?? 0;
      tally.appends++;
      const bytes = encodeAccountEvent(event).length + encodeAccountState(next).length + 40; // + keys, time
      tally.bytes += bytes;
      tally.writeUnits += Math.ceil(bytes / 1024);
      accounts.set(accountId, next);
      const history = tally.histories.get(accountId) ?? [];
      history.push({ version: next.version, event, time: T0 });
      tally.histories.set(accountId, history);
    }
  }
  return tally;
}

function rechunk(outcomes: readonly EngineEvent[][], size: number): EngineEvent[][] {
  const flat = outcomes.flat();
  const out: EngineEvent[][] = [];
  for (let i = 0; i < flat.length; i += size) out.push(flat.slice(i, i + size));
  return out;
}

function report(label: string, batches: readonly EngineEvent[][], fillsInSession: number): void {
  // Warm up both paths once, then measure the peer and the ledger interleaved.
  settleAll(batches, false);
  settleAll(batches, true);
  const peer = settleAll(batches, false);
  const withLedger = settleAll(batches, true);
  const perFill = (x: number) => (x / fillsInSession).toFixed(3);
  console.log(`\n${label}: ${batches.length} batches, ${fillsInSession} account fills settled`);
  console.log(
    `  requests per settled fill   peer ${perFill(peer.loads + peer.appends)}   ledger ${perFill(withLedger.loads + withLedger.appends)}`,
  );
  console.log(
    `  bytes written per fill      peer ${perFill(peer.bytes)}   ledger ${perFill(withLedger.bytes)}   ratio ${(withLedger.bytes / peer.bytes).toFixed(3)}`,
  );
  console.log(
    `  write units per fill        peer ${perFill(peer.writeUnits)}   ledger ${perFill(withLedger.writeUnits)}   ratio ${(withLedger.writeUnits / peer.writeUnits).toFixed(3)}`,
  );
  // The peer records the fills too and strips them before evolving: its CPU is no baseline, so only ours shows.
  console.log(`  settle + evolve CPU ns per fill (ledger)  ${perFill(Number(withLedger.settleNs))}`);
  let entries = 0;
  const started = process.hrtime.bigint();
  for (const history of withLedger.histories.values()) entries += ledgerOf(history).length;
  const readNs = Number(process.hrtime.bigint() - started);
  let historyBytes = 0;
  for (const history of withLedger.histories.values())
    for (const h of history) historyBytes += encodeAccountEvent(h.event).length;
  console.log(
    `  ledger read: ${entries} entries, ${(readNs / entries).toFixed(0)} ns per entry; event bytes per entry ${(historyBytes / entries).toFixed(1)} (a 1 MB Query page holds ~${Math.floor(1_048_576 / (historyBytes / entries))} entries' events, states aside)`,
  );
}

const outcomes = session();
const fills = outcomes.flat().filter((e) => e.type === 'Trade').length * 2;
console.log(`session: ${TRADES} trades between ${ACCOUNTS} accounts (${fills} account fills)`);
report('one batch per command', outcomes, fills);
report(`batches of ${BATCH} events`, rechunk(outcomes, BATCH), fills);
