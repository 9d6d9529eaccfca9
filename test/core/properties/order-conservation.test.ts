// Property 3: no lot is created or lost. For every accepted order, at every moment between commands,
// filled + open + canceled + expired = its quantity, where the quantity is the accepted one until an
// amendment sets a new total. Each event's own numbers must agree: a fill's `remaining`, the quantity an
// OrderCanceled/OrderExpired removes (the whole open rest), an amendment's old and new quantities.

import { BookModel, following } from './support/bookModel';
import { expectSame } from './support/expectSame';
import { runScenario } from './support/run';
import { scenarioProperty } from './support/scenarioProperty';

const RUNS = 60;

describe('conservation per order', () => {
  scenarioProperty(
    'filled + open + canceled + expired = quantity (as last amended), for every order after every command',
    RUNS,
    (scenario) => {
      const model = new BookModel(scenario.market);
      runScenario(
        scenario,
        following(model, {
          afterCommand({ engine, command }) {
            const unbalanced: object[] = [];
            for (const order of model.orders.values()) {
              // `open` is the engine's word; the other three come from the events.
              const resting = engine.openOrder(order.orderId);
              const open = resting?.remaining ?? 0;
              const balanced = order.filled + open + order.canceled + order.expired === order.total;
              const agrees =
                open === order.open &&
                (resting === undefined || resting.filled === order.filled) &&
                (order.state === 'RESTING') === (resting !== undefined);
              if (!balanced || !agrees)
                unbalanced.push({ ...order, engineOpen: open, engineFilled: resting?.filled });
            }
            expectSame(
              { after: command.commandId, unbalanced },
              { after: command.commandId, unbalanced: [] },
            );
          },
        }),
      );
    },
  );

  scenarioProperty('every event states quantities consistent with the order it names', RUNS, (scenario) => {
    const model = new BookModel(scenario.market);
    runScenario(
      scenario,
      following(model, {
        beforeEvent(event) {
          switch (event.type) {
            case 'OrderAccepted': {
              // Only a reduce-only order is ever cut, and only down.
              const { order, requestedQuantity } = event;
              const cut = requestedQuantity !== null;
              expectSame(
                {
                  orderId: order.orderId,
                  positive: order.quantity > 0,
                  cutDown: cut && order.quantity < requestedQuantity,
                  reduceOnly: order.reduceOnly,
                },
                {
                  orderId: order.orderId,
                  positive: true,
                  cutDown: cut,
                  reduceOnly: cut ? true : order.reduceOnly,
                },
              );
              break;
            }
            case 'Trade': {
              const maker = model.order(event.maker.orderId);
              const taker = model.order(event.taker.orderId);
              expectSame(
                {
                  tradeId: event.tradeId,
                  positive: event.quantity > 0,
                  remaining: [event.maker.remaining, event.taker.remaining],
                },
                {
                  tradeId: event.tradeId,
                  positive: true,
                  remaining: [maker.open - event.quantity, taker.open - event.quantity],
                },
              );
              break;
            }
            case 'OrderCanceled':
            case 'OrderExpired': {
              // The whole open rest goes.
              const order = model.order(event.orderId);
              expectSame(
                {
                  seq: event.seq,
                  orderId: event.orderId,
                  quantity: event.quantity,
                  side: event.side,
                  accountId: event.accountId,
                },
                {
                  seq: event.seq,
                  orderId: order.orderId,
                  quantity: order.open,
                  side: order.side,
                  accountId: order.accountId,
                },
              );
              break;
            }
            case 'OrderAmended': {
              const order = model.order(event.orderId);
              expectSame(
                {
                  seq: event.seq,
                  old: [event.oldQuantity, event.oldPrice],
                  remaining: event.remaining,
                },
                {
                  seq: event.seq,
                  old: [order.total, order.price],
                  remaining: event.quantity - order.filled,
                },
              );
              expectSame(event.remaining > 0, true);
              break;
            }
            default:
              break;
          }
        },
      }),
    );
  });
});
