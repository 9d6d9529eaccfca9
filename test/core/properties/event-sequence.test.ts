// Property 4: every command yields at least one event; sequence numbers run 1, 2, 3, … from SymbolListed
// with no gap; every event carries its command's id and time; and each command's events have the shape the
// matching-semantics table gives them.

import type { EngineCommand } from '../../../core/engine/commands';
import type { EngineEvent } from '../../../core/engine/events';
import { expectSame } from './support/expectSame';
import { runScenario } from './support/run';
import type { Scenario } from './support/scenario';
import { scenarioProperty } from './support/scenarioProperty';

const RUNS = 80;

/** One event as a letter (see GRAMMAR). */
function letter(e: EngineEvent): string {
  switch (e.type) {
    case 'SymbolListed':
      return 'L';
    case 'SymbolUpdated':
      return 'U';
    case 'OrderAccepted':
      return 'A';
    case 'OrderRejected':
      return 'J';
    case 'CommandRejected':
      return 'K';
    case 'OrderRested':
      return 'S';
    case 'Trade':
      return 'T';
    case 'OrderAmended':
      return 'D';
    case 'AllOrdersCanceled':
      return 'Z';
    case 'OrderCanceled':
      return `C(${e.reason})`;
    case 'OrderExpired':
      return e.levelQuantity === null ? 'X' : e.reason === 'REDUCE_ONLY' ? 'R' : 'M';
    case 'MarkPriceUpdated':
      return 'I';
    case 'FundingSettled':
      return 'F';
    case 'FundingPaid':
      return 'P';
    case 'AlgoOrderPlaced':
      return 'G';
    case 'AlgoOrderTriggered':
      return 'Y';
    case 'AlgoOrderCanceled':
      return `C(ALGO_${e.reason})`;
    case 'AlgoOrderExpired':
      return 'E';
  }
}

/** A command's events as a word over that alphabet, checked with one regular expression per command. */
function shape(events: readonly EngineEvent[]): string {
  return events.map(letter).join(' ');
}

// A accepted, J order rejected, K command rejected, D amended, T trade, M maker expired by self-trade
// prevention, R reduce-only maker expiry or knock-out, S the taker's rest rests, X it expires, I the mark from an
// index price, F a funding settlement and P its payments.
// Conditional orders: G placed, Y triggered (the order it becomes follows: J or A…), E expired (GTD, before any
// command), C(ALGO_…) canceled.
const ORDER = '(J|A( (T|M|R))*( (S|X))?( R)*)';
const TRIGGERED = `( Y ${ORDER})*`;
const grammar = (body: string) => new RegExp(`^(E )*(${body})$`);
const GRAMMAR: Record<EngineCommand['type'], RegExp> = {
  ListSymbol: grammar('L|K'),
  UpdateSymbol: grammar('U|K'),
  PlaceOrder: grammar(`${ORDER}${TRIGGERED}`),
  CancelOrder: grammar('C\\(USER\\)|K'),
  CancelAllOrders: grammar('(C\\(CANCEL_ALL\\) )*Z'),
  AmendOrder: grammar(`(K|C\\(AMEND\\)|D( (T|M|R))*( (S|X))?( R)*)${TRIGGERED}`),
  PlaceAlgoOrder: grammar('G|K'),
  CancelAlgoOrder: grammar('C\\(ALGO_USER\\)|K'),
  CancelAllAlgoOrders: grammar('(C\\(ALGO_CANCEL_ALL\\) )*Z'),
  RejectInvalidCommand: grammar('K'),
  UpdateIndexPrice: grammar(`(I${TRIGGERED}|K)`),
  SettleFunding: grammar('F( P)*|K'),
};

describe('the event log', () => {
  scenarioProperty(
    'is gap-free from seq 1, and every event carries its command’s id and time',
    RUNS,
    (scenario) => {
      let expectedSeq = 1;
      runScenario(scenario, {
        after({ command, events, engine }) {
          expectSame(
            { command: command.commandId, some: events.length > 0 },
            { command: command.commandId, some: true },
          );
          for (const event of events) {
            expectSame(
              { seq: event.seq, commandId: event.commandId, time: event.time },
              { seq: expectedSeq, commandId: command.commandId, time: command.time },
            );
            expectedSeq++;
          }
          expectSame(engine.seq, expectedSeq - 1);
        },
      });
      expect(expectedSeq).toBeGreaterThan(1);
    },
  );

  scenarioProperty(
    'each command’s events follow the table: outcome first, trades and expiries, then rest or expiry, then knock-outs',
    RUNS,
    (scenario) => checkShapes(scenario),
  );

  scenarioProperty(
    'with index prices and funding among the commands, they follow the table too',
    RUNS,
    (scenario) => checkShapes(scenario),
    { futures: true },
  );
});

function checkShapes(scenario: Scenario): void {
  runScenario(scenario, {
    after({ index, command, events }) {
      const word = shape(events);
      expectSame(
        { command: command.type, events: word, fits: GRAMMAR[command.type].test(word) },
        { command: command.type, events: word, fits: true },
      );
      if (index === 0) expectSame(word, 'L');
      const last = events[events.length - 1]!;
      if (command.type === 'CancelAllOrders' && last.type === 'AllOrdersCanceled') {
        const canceled = events.filter((e) => e.type === 'OrderCanceled');
        const ids = canceled.map((e) => e.orderId);
        expectSame(
          {
            accountId: last.accountId,
            count: last.count,
            ids,
            accounts: canceled.map((e) => e.accountId),
          },
          {
            accountId: command.accountId,
            count: canceled.length,
            ids: [...ids].sort((a, b) => a - b),
            accounts: canceled.map(() => command.accountId),
          },
        );
      }
      if (command.type === 'PlaceOrder') {
        // The outcome, the trades (as taker) and the rest's end all name the order placed.
        const named = events.flatMap((e) => {
          switch (e.type) {
            case 'OrderAccepted':
            case 'OrderRejected':
              return [e.order.orderId];
            case 'Trade':
              return [e.taker.orderId];
            case 'OrderRested':
              return [e.orderId];
            case 'OrderExpired':
              return e.levelQuantity === null ? [e.orderId] : [];
            default:
              return [];
          }
        });
        expectSame(
          named,
          named.map(() => command.order.orderId),
        );
      }
    },
  });
}
