// Admission: the checks of "New orders", "Cancel" and "Amend" on the matching-semantics page, in their order,
// written out as an oracle over the book the events describe. For every command the engine's outcome (accepted,
// or the code of the first failing check) is the oracle's. The one check the oracle cannot make without
// matching, FOK fillability (-5021), is allowed wherever every other check passes; time-in-force.test.ts
// checks it by other means.

import type { AmendOrder, CancelOrder, PlaceOrder } from '../../../core/engine/commands';
import type { EngineEvent } from '../../../core/engine/events';
import type { SymbolStatus } from '../../../core/symbol/symbolSpec';
import { BookModel, following, type ModelOrder, oppositeSide, reducibleLots } from './support/bookModel';
import { expectSame } from './support/expectSame';
import { bandCeiling, bandFloor, type Market, notional } from './support/markets';
import { runScenario } from './support/run';
import { scenarioProperty } from './support/scenarioProperty';

const RUNS = 80;

const ACCEPT = 'accepted';
type Outcome = number | typeof ACCEPT;

function outcomeOf(events: readonly EngineEvent[]): Outcome {
  const first = events[0]!;
  return first.type === 'OrderRejected' || first.type === 'CommandRejected' ? first.code : ACCEPT;
}

/** Checks 1–10 for a new order, in order; FOK fillability (11) is left open. */
function admitOrder(model: BookModel, market: Market, status: SymbolStatus, command: PlaceOrder): Outcome {
  const order = command.order;
  const isMarket = order.type === 'MARKET';
  const ref = model.lastPrice;
  const bestOpposite = model.bestPrice(oppositeSide(order.side));
  if (status !== 'TRADING') return -1122;
  if (!isMarket) {
    if (order.price <= 0) return -4001;
    if (order.price < market.minPriceTicks) return -4013;
    if (order.price > market.maxPriceTicks) return -4002;
  }
  const maxQty = isMarket ? market.marketMaxQtyLots : market.maxQtyLots;
  if (order.quantity <= 0) return -4003;
  if (order.quantity < 1) return -4004;
  if (order.quantity > maxQty) return -4005;
  if (!isMarket && ref !== undefined) {
    if (order.side === 'BUY' && order.price > bandCeiling(market, ref)) return -4016;
    if (order.side === 'SELL' && order.price < bandFloor(market, ref)) return -4024;
  }
  if (isMarket && ref !== undefined && bestOpposite !== undefined) {
    const outside =
      order.side === 'BUY' ? bestOpposite > bandCeiling(market, ref) : bestOpposite < bandFloor(market, ref);
    if (outside) return -4131;
  }
  const notionalPrice = isMarket ? (ref ?? bestOpposite) : order.price;
  if (
    !order.reduceOnly &&
    notionalPrice !== undefined &&
    notional(market, notionalPrice, order.quantity) < market.minNotional
  ) {
    return -4164;
  }
  const resting = model.resting();
  if (resting.some((o) => o.orderId === order.orderId)) return -2010;
  const own = resting.filter((o) => o.accountId === order.accountId);
  if (own.some((o) => o.clientOrderId === order.clientOrderId)) return -4116;
  if (order.reduceOnly) {
    const reducible = reducibleLots(model.position(order.accountId), order.side);
    if (reducible === 0) return -2022;
    const ahead = own
      .filter((o) => o.reduceOnly && o.side === order.side)
      .filter((o) => !isMarket && (order.side === 'SELL' ? o.price <= order.price : o.price >= order.price))
      .reduce((sum, o) => sum + o.open, 0);
    if (reducible - ahead <= 0) return -4118;
  }
  const mayRest = !isMarket && (order.timeInForce === 'GTC' || order.timeInForce === 'GTX');
  if (mayRest && own.length >= market.spec.maxNumOrders) return -2025;
  if (!isMarket && order.timeInForce === 'GTX' && bestOpposite !== undefined) {
    if (order.side === 'BUY' ? bestOpposite <= order.price : bestOpposite >= order.price) return -5022;
  }
  return ACCEPT;
}

/** The account's open order a cancel or amendment names: by order id, or by client order id without one. */
function named(model: BookModel, command: CancelOrder | AmendOrder): ModelOrder | undefined {
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

/** Amend step 1, in order (the amendment-count limit is out of reach of these runs). */
function admitAmendment(
  model: BookModel,
  market: Market,
  status: SymbolStatus,
  command: AmendOrder,
): Outcome {
  if (status !== 'TRADING') return -5024;
  const order = named(model, command);
  if (order === undefined) return -2013;
  if (command.side !== order.side) return -1130;
  const { price, quantity } = command;
  if (price <= 0) return -4001;
  if (price < market.minPriceTicks) return -4013;
  if (price > market.maxPriceTicks) return -4002;
  if (quantity <= 0) return -4003;
  if (quantity > market.maxQtyLots) return -4005;
  const ref = model.lastPrice;
  if (ref !== undefined) {
    if (order.side === 'BUY' && price > bandCeiling(market, ref)) return -4016;
    if (order.side === 'SELL' && price < bandFloor(market, ref)) return -4024;
  }
  if (price === order.price && quantity === order.total) return -5027;
  if (!order.reduceOnly && notional(market, price, quantity) < market.minNotional) return -5029;
  return ACCEPT;
}

describe('admission', () => {
  scenarioProperty(
    'every order, cancel and amendment is accepted or refused with the code of the first check it fails',
    RUNS,
    (scenario) => {
      const { market } = scenario;
      const model = new BookModel(market);
      let status: SymbolStatus = 'TRADING';
      runScenario(
        scenario,
        following(model, {
          beforeEvent(event, _model, { command, events }) {
            if (event === events[0]) {
              let expected: Outcome | undefined;
              if (command.type === 'PlaceOrder') expected = admitOrder(model, market, status, command);
              if (command.type === 'CancelOrder')
                expected = named(model, command) === undefined ? -2011 : ACCEPT;
              if (command.type === 'AmendOrder') expected = admitAmendment(model, market, status, command);
              const actual = outcomeOf(events);
              const fokMayFail =
                command.type === 'PlaceOrder' && command.order.timeInForce === 'FOK' && expected === ACCEPT;
              if (expected !== undefined && !(fokMayFail && actual === -5021)) {
                expectSame({ command, outcome: actual }, { command, outcome: expected });
              }
            }
            if (event.type === 'SymbolListed' || event.type === 'SymbolUpdated') status = event.spec.status;
          },
        }),
      );
    },
  );
});
