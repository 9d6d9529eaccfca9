// Property 9: reduce-only orders only ever reduce. After every command an account's resting reduce-only
// orders on a side add up to at most what its position can reduce on that side; no fill of a reduce-only
// order grows or flips a position; a new reduce-only order is cut to the position left after the reduce-only
// orders ahead of it; and the knock-out expires exactly the orders the priority rule names.

import type { Side } from '../../../core/orders/order';
import { BookModel, following, type ModelOrder, reducibleLots } from './support/bookModel';
import { expectSame } from './support/expectSame';
import { runScenario } from './support/run';
import { scenarioProperty } from './support/scenarioProperty';

const RUNS = 80;
const SIDES: readonly Side[] = ['BUY', 'SELL'];

/** The account's resting reduce-only orders on a side in the order they would fill: best price, then oldest id. */
function reduceOnlyQueue(model: BookModel, accountId: number, side: Side): ModelOrder[] {
  return model
    .resting()
    .filter((o) => o.accountId === accountId && o.side === side && o.reduceOnly)
    .sort((a, b) =>
      a.price !== b.price ? (side === 'SELL' ? a.price - b.price : b.price - a.price) : a.orderId - b.orderId,
    );
}

/** The knock-out rule: walking that queue, every order that does not fit in what is left expires. */
function knockOuts(model: BookModel): number[] {
  const expired: number[] = [];
  for (const accountId of model.accounts()) {
    for (const side of SIDES) {
      let allowance = reducibleLots(model.position(accountId), side);
      for (const order of reduceOnlyQueue(model, accountId, side)) {
        if (order.open <= allowance) allowance -= order.open;
        else expired.push(order.orderId);
      }
    }
  }
  return expired.sort((a, b) => a - b);
}

function neverGrows(before: { readonly size: number }, after: { readonly size: number }): boolean {
  return Math.abs(after.size) <= Math.abs(before.size) && after.size * before.size >= 0;
}

describe('reduce-only', () => {
  scenarioProperty(
    'resting reduce-only orders never exceed what the position can reduce, after every command',
    RUNS,
    (scenario) => {
      runScenario(scenario, {
        after({ engine, command }) {
          const over: object[] = [];
          for (const accountId of scenario.accounts) {
            const position = engine.position(accountId);
            for (const side of SIDES) {
              const resting = engine
                .openOrders(accountId)
                .filter((o) => o.reduceOnly && o.side === side)
                .reduce((sum, o) => sum + o.remaining, 0);
              const reducible = reducibleLots(position, side);
              if (resting > reducible)
                over.push({ accountId, side, resting, reducible, size: position.size });
            }
          }
          expectSame({ after: command.commandId, over }, { after: command.commandId, over: [] });
        },
      });
    },
  );

  scenarioProperty(
    'no fill of a reduce-only order grows or flips its account’s position',
    RUNS,
    (scenario) => {
      const model = new BookModel(scenario.market);
      runScenario(
        scenario,
        following(model, {
          beforeEvent(event) {
            if (event.type !== 'Trade') return;
            const maker = model.order(event.maker.orderId);
            const taker = model.order(event.taker.orderId);
            const makerBefore = model.position(maker.accountId);
            // One account on both sides: the taker's fill applies to the position after the maker's.
            const takerBefore =
              maker.accountId === taker.accountId ? event.maker.position : model.position(taker.accountId);
            for (const [order, before, after] of [
              [maker, makerBefore, event.maker.position],
              [taker, takerBefore, event.taker.position],
            ] as const) {
              if (!order.reduceOnly) continue;
              const sizes = {
                tradeId: event.tradeId,
                orderId: order.orderId,
                before: before.size,
                after: after.size,
              };
              expectSame(
                { ...sizes, onlyReduces: neverGrows(before, after) },
                { ...sizes, onlyReduces: true },
              );
            }
          },
        }),
      );
    },
  );

  scenarioProperty(
    'a new reduce-only order is admitted and cut by the position and the reduce-only orders ahead of it',
    RUNS,
    (scenario) => {
      const model = new BookModel(scenario.market);
      runScenario(
        scenario,
        following(model, {
          beforeEvent(event) {
            if (event.type !== 'OrderAccepted' && event.type !== 'OrderRejected') return;
            const order = event.order;
            if (!order.reduceOnly) return;
            const reducible = reducibleLots(model.position(order.accountId), order.side);
            // Ahead: better or equal price; a MARKET order is ahead of every resting one.
            const ahead = reduceOnlyQueue(model, order.accountId, order.side)
              .filter(
                (o) =>
                  order.type === 'LIMIT' &&
                  (order.side === 'SELL' ? o.price <= order.price : o.price >= order.price),
              )
              .reduce((sum, o) => sum + o.open, 0);
            const allowance = Math.max(0, reducible - ahead);
            if (event.type === 'OrderRejected') {
              // -2022: flat or on the order's side; -4118: the orders ahead already cover the position.
              if (event.code === -2022)
                expectSame({ orderId: order.orderId, reducible }, { orderId: order.orderId, reducible: 0 });
              if (event.code === -4118) {
                expectSame(
                  { orderId: order.orderId, reducible: reducible > 0, allowance },
                  { orderId: order.orderId, reducible: true, allowance: 0 },
                );
              }
              return;
            }
            const requested = event.requestedQuantity ?? order.quantity;
            expectSame(
              {
                orderId: order.orderId,
                quantity: order.quantity,
                requestedQuantity: event.requestedQuantity,
              },
              {
                orderId: order.orderId,
                quantity: Math.min(requested, allowance),
                requestedQuantity: Math.min(requested, allowance) === requested ? null : requested,
              },
            );
          },
        }),
      );
    },
  );

  scenarioProperty(
    'the knock-out expires exactly the reduce-only orders that no longer fit, in priority order',
    RUNS,
    (scenario) => {
      const model = new BookModel(scenario.market);
      let expected: number[] | undefined;
      let actual: number[] = [];
      runScenario(
        scenario,
        following(model, {
          beforeEvent(event) {
            // After matching (no order in hand), a reduce-only expiry of a resting order is a knock-out.
            const knockOut =
              event.type === 'OrderExpired' &&
              event.reason === 'REDUCE_ONLY' &&
              event.levelQuantity !== null &&
              model.inHand === undefined;
            if (!knockOut) return;
            expected ??= knockOuts(model);
            actual.push(event.orderId);
          },
          afterCommand({ command }) {
            // Without knock-outs, the rule must have nothing to expire once the command is done.
            expected ??= knockOuts(model);
            expectSame(
              { after: command.commandId, knockedOut: [...actual].sort((a, b) => a - b) },
              { after: command.commandId, knockedOut: expected },
            );
            expected = undefined;
            actual = [];
          },
        }),
      );
    },
  );
});
