// ALGO_UPDATE as Binance pushes it: once a conditional order has triggered and its order is in the matching
// engine, `ai` names that order and `ap` / `aq` / `act` appear (nothing filled yet at the trigger: the order's
// fills are its own ORDER_TRADE_UPDATEs), `act` the type it became; FINISHED carries that order's average price and
// executed quantity. `ap` has the price's precision plus three digits, as Binance's example ("0.00000" for BNBUSDT).

import { algoUpdateJson } from '../../binance/streams/algoPayloads';
import { MatchingEngine } from '../../core/engine/matchingEngine';
import { type AlgoOrderView, algoOrderOf, applyToAlgoOrder } from '../../core/projections/algoOrderView';
import { NO_ORDERS, orderFold } from '../../core/projections/orderFold';
import { foldEvents } from '../../core/projections/readModelFold';
import { compileInstrument } from '../../core/symbol/instrument';
import { A, algo, B, C, limit, listSymbol } from '../core/support/scenario';
import { TESTUSDT } from '../core/support/specs';

const instrument = compileInstrument(TESTUSDT);

test.each([
  ['STOP_MARKET', 'MARKET'],
  ['STOP', 'LIMIT'],
] as const)('a %s buy: NEW without ap/aq/act, TRIGGERED with them and act %s', (type, act) => {
  const engine = MatchingEngine.create(TESTUSDT.symbol);
  const events = [
    listSymbol(TESTUSDT),
    limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 10 }),
    algo({
      id: 7,
      account: C,
      side: 'BUY',
      type,
      trigger: 101,
      price: type === 'STOP' ? 102 : undefined,
      qty: 2,
    }),
    // A trade at 101 reaches the trigger (CONTRACT_PRICE: the last trade).
    limit({ id: 2, account: B, side: 'BUY', price: 101, qty: 1, tif: 'IOC' }),
  ].flatMap((command) => engine.execute(command));
  let view: AlgoOrderView | undefined;
  const updates = [];
  for (const event of events) {
    if (algoOrderOf(event)?.algoId !== 7) continue;
    view = applyToAlgoOrder(view, event, TESTUSDT.symbol);
    updates.push(algoUpdateJson(instrument, view!, event.time, 0).o);
  }
  expect(updates.map((o) => o.X)).toEqual(['NEW', 'TRIGGERED']);
  expect(updates[0]).not.toHaveProperty('ap');
  expect(updates[0]).not.toHaveProperty('act');
  expect(updates[1]).toMatchObject({ ai: String(view!.actualOrderId), ap: '0.000', aq: '0', act });
});

test('FINISHED: the average price and executed quantity of the order it became, which filled at 101 and 102', () => {
  const engine = MatchingEngine.create(TESTUSDT.symbol);
  const events = [
    listSymbol(TESTUSDT),
    limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 2 }),
    limit({ id: 3, account: A, side: 'SELL', price: 102, qty: 10 }),
    algo({ id: 7, account: C, side: 'BUY', type: 'STOP_MARKET', trigger: 101, qty: 3 }),
    limit({ id: 2, account: B, side: 'BUY', price: 101, qty: 1, tif: 'IOC' }),
  ].flatMap((command) => engine.execute(command));
  const state = foldEvents(orderFold, NO_ORDERS, events, instrument);
  const finished = algoUpdateJson(instrument, state.algos.get(7)!, 0, 0).o;
  // 1 at 101 (what was left of the ask) and 2 at 102: 305 / 3.
  expect(finished).toMatchObject({ X: 'FINISHED', ap: '101.667', aq: '3', act: 'MARKET' });
  expect(finished).not.toHaveProperty('rm');
});
