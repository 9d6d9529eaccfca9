// Property 1: after every command the book is a proper book: never crossed, levels strictly ordered and
// non-empty, and no account holds more open orders than MAX_NUM_ORDERS allows.

import type { Side } from '../../../core/orders/order';
import { expectSame } from './support/expectSame';
import { runScenario } from './support/run';
import { scenarioProperty } from './support/scenarioProperty';

const RUNS = 60;

/** Strictly better to worse, every level holding something. */
function wellOrdered(levels: [number, number][], side: Side): boolean {
  return levels.every(
    ([price, quantity], i) =>
      quantity > 0 && (i === 0 || (side === 'BUY' ? price < levels[i - 1]![0] : price > levels[i - 1]![0])),
  );
}

describe('the book after every command', () => {
  scenarioProperty(
    'best bid < best ask, levels strictly ordered and non-empty, open orders within MAX_NUM_ORDERS',
    RUNS,
    (scenario) => {
      runScenario(scenario, {
        after({ engine, command }) {
          const bids = engine.depth('BUY');
          const asks = engine.depth('SELL');
          const bestBid = bids[0]?.[0];
          const bestAsk = asks[0]?.[0];
          const crossed = bestBid !== undefined && bestAsk !== undefined && bestBid >= bestAsk;
          expectSame(
            { after: command.commandId, bestBid, bestAsk, crossed },
            { after: command.commandId, bestBid, bestAsk, crossed: false },
          );
          expectSame([engine.bestPrice('BUY'), engine.bestPrice('SELL')], [bestBid, bestAsk]);
          expectSame({ bids, ordered: wellOrdered(bids, 'BUY') }, { bids, ordered: true });
          expectSame({ asks, ordered: wellOrdered(asks, 'SELL') }, { asks, ordered: true });

          const maxNumOrders = engine.instrument!.spec.maxNumOrders;
          const over = scenario.accounts
            .map((accountId) => ({ accountId, open: engine.openOrders(accountId).length }))
            .filter(({ open }) => open > maxNumOrders);
          expectSame({ maxNumOrders, over }, { maxNumOrders, over: [] });
        },
      });
    },
  );
});
