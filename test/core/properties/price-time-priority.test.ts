// Property 2: price-time priority. Every trade is at the maker's price, with the order first in line at the
// best opposite level (makers expired on the way leave the line first, by their own events); a taker stops
// only when no level within its limit is left; and the queues the engine holds are exactly the queues its
// events describe (OrderRested at the back, KEPT amendments in place, LOST ones to the back, removals).

import type { Side } from '../../../core/orders/order';
import { BookModel, crossesLimit, following, oppositeSide } from './support/bookModel';
import { expectSame } from './support/expectSame';
import { runScenario } from './support/run';
import { scenarioProperty } from './support/scenarioProperty';

const RUNS = 60;

describe('price-time priority', () => {
  scenarioProperty(
    'each trade takes the oldest order of the best opposite level, at that order’s price, within the taker’s limit',
    RUNS,
    (scenario) => {
      const model = new BookModel(scenario.market);
      runScenario(
        scenario,
        following(model, {
          beforeEvent(event) {
            if (event.type !== 'Trade') return;
            const makerSide = oppositeSide(event.takerSide);
            const head = model.head(makerSide);
            const taker = model.inHand;
            expectSame(
              {
                tradeId: event.tradeId,
                maker: event.maker.orderId,
                price: event.price,
                best: model.bestPrice(makerSide),
                withinLimit: taker !== undefined && crossesLimit(event.takerSide, taker.limit, event.price),
              },
              {
                tradeId: event.tradeId,
                maker: head?.orderId,
                price: head?.price,
                best: event.price,
                withinLimit: true,
              },
            );
          },
        }),
      );
    },
  );

  scenarioProperty(
    'makers expire while matching only from the head of the best level; takers stop only when nothing within their limit is left',
    RUNS,
    (scenario) => {
      const model = new BookModel(scenario.market);
      runScenario(
        scenario,
        following(model, {
          beforeEvent(event) {
            const inHand = model.inHand;
            if (inHand === undefined) return;
            const takerSide = inHand.order.side;
            const opposite = model.bestPrice(oppositeSide(takerSide));
            const liquidityLeft = opposite !== undefined && crossesLimit(takerSide, inHand.limit, opposite);
            if (event.type === 'OrderExpired' && event.levelQuantity !== null) {
              // A maker expired in the middle of matching (self-trade prevention or reduce-only).
              expectSame(
                { expired: event.orderId, side: event.side, liquidityLeft },
                {
                  expired: model.head(oppositeSide(takerSide))?.orderId,
                  side: oppositeSide(takerSide),
                  liquidityLeft: true,
                },
              );
            }
            if (event.type === 'OrderRested') {
              expectSame(
                { rested: event.orderId, liquidityLeft },
                { rested: event.orderId, liquidityLeft: false },
              );
            }
            if (event.type === 'OrderExpired' && (event.reason === 'IOC' || event.reason === 'MARKET')) {
              expectSame(
                { expired: event.orderId, liquidityLeft },
                { expired: event.orderId, liquidityLeft: false },
              );
            }
          },
        }),
      );
    },
  );

  scenarioProperty('the engine’s queue at every level is the queue the events describe', RUNS, (scenario) => {
    const model = new BookModel(scenario.market);
    runScenario(
      scenario,
      following(model, {
        afterCommand({ engine, command }) {
          for (const side of ['BUY', 'SELL'] as Side[]) {
            const queues = (prices: number[], queueAt: (price: number) => number[][]) =>
              prices.map((price) => ({ price, queue: queueAt(price) }));
            expectSame(
              {
                after: command.commandId,
                side,
                levels: queues(
                  engine.depth(side).map(([price]) => price),
                  (price) => engine.queueAt(side, price).map((o) => [o.orderId, o.remaining]),
                ),
              },
              {
                after: command.commandId,
                side,
                levels: queues(model.prices(side), (price) =>
                  model.queue(side, price).map((id) => [id, model.order(id).open]),
                ),
              },
            );
          }
        },
      }),
    );
  });
});
