// Amend (modify order), rules 2–6 of the matching-semantics page: a new quantity at or below the filled one
// cancels (AMEND); a post-only order re-priced through the book cancels (AMEND); same price and a smaller
// quantity keeps priority, anything else loses it; a price through the book leaves the book
// (levelQuantity null) and trades; the order keeps its id, side and fills, with the new price and total.

import type { AmendOrder } from '../../../core/engine/commands';
import { BookModel, following, type ModelOrder, oppositeSide } from './support/bookModel';
import { expectSame } from './support/expectSame';
import { runScenario } from './support/run';
import { scenarioProperty } from './support/scenarioProperty';

const RUNS = 80;

/** The account's resting order the amendment names: by order id, or by client order id without one. */
function target(model: BookModel, command: AmendOrder): ModelOrder | undefined {
  return model
    .resting()
    .find(
      (o) =>
        o.accountId === command.accountId &&
        (command.orderId !== undefined
          ? o.orderId === command.orderId
          : o.clientOrderId === command.clientOrderId),
    );
}

describe('amendments', () => {
  scenarioProperty(
    'an amendment cancels, keeps or loses priority, or crosses, exactly as the rules say',
    RUNS,
    (scenario) => {
      const model = new BookModel(scenario.market);
      let outcome: { orderId: number; price: number; total: number; filled: number } | undefined;
      runScenario(
        scenario,
        following(model, {
          beforeEvent(event, _model, { command, events }) {
            if (command.type !== 'AmendOrder' || event !== events[0]) return;
            outcome = undefined;
            if (event.type === 'CommandRejected') return;
            const order = target(model, command);
            if (order === undefined)
              throw new Error(`${command.commandId} amended an order that is not open`);
            const opposite = model.bestPrice(oppositeSide(order.side));
            const crosses =
              opposite !== undefined &&
              (order.side === 'BUY' ? opposite <= command.price : opposite >= command.price);
            const postOnly = order.timeInForce === 'GTX';
            const cancels = command.quantity <= order.filled || (postOnly && crosses);
            const kept = command.price === order.price && command.quantity < order.total;
            expectSame(
              {
                command: command.commandId,
                type: event.type,
                orderId: 'orderId' in event ? event.orderId : undefined,
                reason: event.type === 'OrderCanceled' ? event.reason : undefined,
                priority: event.type === 'OrderAmended' ? event.priority : undefined,
                leavesBook: event.type === 'OrderAmended' ? event.levelQuantity === null : undefined,
              },
              {
                command: command.commandId,
                type: cancels ? 'OrderCanceled' : 'OrderAmended',
                orderId: order.orderId,
                reason: cancels ? 'AMEND' : undefined,
                priority: cancels ? undefined : kept ? 'KEPT' : 'LOST',
                leavesBook: cancels ? undefined : crosses,
              },
            );
            if (event.type === 'OrderAmended') {
              expectSame(
                { side: event.side, price: event.price, quantity: event.quantity },
                { side: order.side, price: command.price, quantity: command.quantity },
              );
              outcome = {
                orderId: order.orderId,
                price: command.price,
                total: command.quantity,
                filled: order.filled,
              };
            }
          },
          afterCommand({ engine, command }) {
            if (command.type !== 'AmendOrder' || outcome === undefined) return;
            // Still resting (unless it traded away or was knocked out): same id, the new price and total.
            const resting = engine.openOrder(outcome.orderId);
            const order = model.order(outcome.orderId);
            expectSame(
              { total: order.total, price: order.price, stillFilled: order.filled >= outcome.filled },
              { total: outcome.total, price: outcome.price, stillFilled: true },
            );
            if (resting !== undefined) {
              expectSame(
                { price: resting.price, total: resting.filled + resting.remaining },
                { price: outcome.price, total: outcome.total },
              );
            }
          },
        }),
      );
    },
  );
});
