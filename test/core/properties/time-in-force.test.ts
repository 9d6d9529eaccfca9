// Time in force. GTX never takes: it rests or is rejected (-5022) because its price crosses the book. FOK
// fills completely or is rejected (-5021) — and then the same order as IOC with STP NONE could not have
// filled completely either. IOC, FOK and MARKET never rest; their unfilled rest expires as IOC / MARKET
// unless self-trade prevention or reduce-only stopped them.

import type { PlaceOrder } from '../../../core/engine/commands';
import { MatchingEngine } from '../../../core/engine/matchingEngine';
import type { EngineSnapshot } from '../../../core/engine/snapshot';
import { BookModel, following, oppositeSide } from './support/bookModel';
import { expectSame } from './support/expectSame';
import { runScenario } from './support/run';
import { scenarioProperty } from './support/scenarioProperty';

const RUNS = 80;

describe('time in force', () => {
  scenarioProperty(
    'GTX rests without trading or is rejected for crossing; IOC, FOK and MARKET never rest and expire with the right reason',
    RUNS,
    (scenario) => {
      const model = new BookModel(scenario.market);
      runScenario(
        scenario,
        following(model, {
          beforeEvent(event, _model, { command }) {
            if (command.type !== 'PlaceOrder') return;
            const order = command.order;
            const flavor = order.type === 'MARKET' ? 'MARKET' : order.timeInForce;
            if (event.type === 'OrderRejected' && event.code === -5022) {
              const opposite = model.bestPrice(oppositeSide(order.side));
              const crosses =
                opposite !== undefined &&
                (order.side === 'BUY' ? opposite <= order.price : opposite >= order.price);
              expectSame(
                { rejected: order.orderId, flavor, crosses },
                { rejected: order.orderId, flavor: 'GTX', crosses: true },
              );
            }
            if (event.type === 'OrderRejected' && event.code === -5021)
              expectSame({ rejected: order.orderId, flavor }, { rejected: order.orderId, flavor: 'FOK' });
            if (event.type === 'Trade')
              expectSame(
                { taker: event.taker.orderId, postOnly: flavor === 'GTX' },
                { taker: event.taker.orderId, postOnly: false },
              );
            if (event.type === 'OrderRested') {
              expectSame(
                { rested: order.orderId, mayRest: flavor === 'GTC' || flavor === 'GTX' },
                { rested: order.orderId, mayRest: true },
              );
            }
            if (
              event.type === 'OrderExpired' &&
              event.levelQuantity === null &&
              (event.reason === 'IOC' || event.reason === 'MARKET')
            ) {
              const expected =
                flavor === 'MARKET' ? 'MARKET' : flavor === 'IOC' || flavor === 'FOK' ? 'IOC' : 'none';
              expectSame(
                { expired: order.orderId, flavor, reason: event.reason },
                { expired: order.orderId, flavor, reason: expected },
              );
            }
          },
          afterCommand({ command, events }) {
            if (command.type !== 'PlaceOrder' || command.order.type !== 'LIMIT') return;
            if (events[0]!.type !== 'OrderAccepted') return;
            const order = model.order(command.order.orderId);
            if (order.timeInForce === 'FOK') {
              expectSame(
                { fok: order.orderId, filled: order.filled, expired: order.expired },
                { fok: order.orderId, filled: order.total, expired: 0 },
              );
            }
            if (order.timeInForce === 'GTX') {
              const rested = events.some((e) => e.type === 'OrderRested' && e.orderId === order.orderId);
              expectSame({ gtx: order.orderId, rested }, { gtx: order.orderId, rested: true });
            }
          },
        }),
      );
    },
  );

  scenarioProperty(
    'a FOK is rejected only when the same order as an IOC (STP NONE) would not fill completely',
    RUNS,
    (scenario) => {
      let before: EngineSnapshot | undefined;
      runScenario(scenario, {
        before(engine, command) {
          before =
            command.type === 'PlaceOrder' && command.order.timeInForce === 'FOK'
              ? engine.snapshot()
              : undefined;
        },
        after({ command, events }) {
          const outcome = events[0]!;
          if (before === undefined || outcome.type !== 'OrderRejected' || outcome.code !== -5021) return;
          const fok = command as PlaceOrder;
          const probe = MatchingEngine.restore(before);
          const ioc = probe.execute({
            ...fok,
            order: { ...fok.order, timeInForce: 'IOC', selfTradePreventionMode: 'NONE' },
          });
          expect(ioc[0]!.type).toBe('OrderAccepted');
          const filled = ioc.reduce((sum, e) => sum + (e.type === 'Trade' ? e.quantity : 0), 0);
          const accepted = ioc[0]!.type === 'OrderAccepted' ? ioc[0]!.order.quantity : 0;
          expect({ fok: fok.order.orderId, fillsCompletely: filled === accepted }).toEqual({
            fok: fok.order.orderId,
            fillsCompletely: false,
          });
        },
      });
    },
  );
});
