// Property 8: depth updates are derived from events alone. Applying depthChanges(a command's events) to the
// depth before the command gives exactly engine.depth() after it, on both sides, every level; and every
// level quantity an event carries is that level's total right after the event.

import type { EngineEvent } from '../../../core/engine/events';
import { depthChanges } from '../../../core/marketData/depthChanges';
import type { Side } from '../../../core/orders/order';
import { BookModel, following, oppositeSide } from './support/bookModel';
import { expectSame } from './support/expectSame';
import { runScenario } from './support/run';
import { scenarioProperty } from './support/scenarioProperty';

const RUNS = 60;
const SIDES: readonly Side[] = ['BUY', 'SELL'];

function bestFirst(levels: Map<number, number>, side: Side): [number, number][] {
  return [...levels].sort(([a], [b]) => (side === 'BUY' ? b - a : a - b));
}

describe('depth from events', () => {
  scenarioProperty(
    'depth before + depthChanges(events) = depth after, for every command',
    RUNS,
    (scenario) => {
      let before: Record<Side, Map<number, number>> = { BUY: new Map(), SELL: new Map() };
      runScenario(scenario, {
        before(engine) {
          before = { BUY: new Map(engine.depth('BUY')), SELL: new Map(engine.depth('SELL')) };
        },
        after({ engine, events, command }) {
          const changes = depthChanges(events);
          for (const change of changes) {
            if (change.quantity === 0) before[change.side].delete(change.price);
            else before[change.side].set(change.price, change.quantity);
          }
          // One entry per touched level, never negative, bids before asks.
          const keys = changes.map((c) => `${c.side}:${c.price}`);
          const sides = changes.map((c) => c.side);
          expectSame(
            {
              unique: new Set(keys).size === keys.length,
              negative: changes.filter((c) => c.quantity < 0),
              sides,
            },
            { unique: true, negative: [], sides: [...sides].sort() },
          );
          for (const side of SIDES) {
            expectSame(
              { after: command.commandId, side, depth: bestFirst(before[side], side) },
              { after: command.commandId, side, depth: engine.depth(side) },
            );
          }
        },
      });
    },
  );

  scenarioProperty(
    'each levelQuantity an event carries is the level’s total right after that event',
    RUNS,
    (scenario) => {
      const model = new BookModel(scenario.market);
      let pending: ((model: BookModel) => void) | undefined;
      const check = (event: EngineEvent, side: Side, price: number, claimed: number) => (m: BookModel) =>
        expectSame(
          { seq: event.seq, type: event.type, side, price, level: claimed },
          { seq: event.seq, type: event.type, side, price, level: m.levelQuantity(side, price) },
        );
      runScenario(
        scenario,
        following(model, {
          // Checked against the model once it has applied the event: the hook for event n+1 runs then.
          beforeEvent(event) {
            pending?.(model);
            pending = undefined;
            const checks: ((m: BookModel) => void)[] = [];
            switch (event.type) {
              case 'OrderRested':
              case 'OrderCanceled':
                checks.push(check(event, event.side, event.price, event.levelQuantity));
                break;
              case 'OrderExpired':
                if (event.levelQuantity !== null)
                  checks.push(check(event, event.side, event.price, event.levelQuantity));
                break;
              case 'Trade':
                checks.push(
                  check(event, oppositeSide(event.takerSide), event.price, event.makerLevelQuantity),
                );
                break;
              case 'OrderAmended':
                if (event.levelQuantity !== null)
                  checks.push(check(event, event.side, event.price, event.levelQuantity));
                if (event.oldPrice !== event.price || event.levelQuantity === null) {
                  checks.push(check(event, event.side, event.oldPrice, event.oldLevelQuantity));
                } else if (event.priority === 'LOST') {
                  // Re-queued at the same price: the old level's quantity is the level without the order,
                  // before it joins the back again.
                  expectSame(event.oldLevelQuantity + event.remaining, event.levelQuantity);
                } else {
                  expectSame(event.oldLevelQuantity, event.levelQuantity);
                }
                break;
              default:
                break;
            }
            pending = (m) => {
              for (const c of checks) c(m);
            };
          },
          afterCommand() {
            pending?.(model);
            pending = undefined;
          },
        }),
      );
    },
  );
});
