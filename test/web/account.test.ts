// The account panel's state: REST gives the starting point, user data events (absolute values each) keep it live,
// and an event the REST answer already contains changes nothing, so replaying events over a fresh snapshot is safe.

import type { AccountUpdateEvent, Order, OrderTradeUpdateEvent, PositionRisk } from '../../web/src/api/wire';
import {
  type AccountSnapshot,
  accountFromRest,
  applyMarkPrice,
  applyUserEvent,
  marginSummary,
  openPositions,
} from '../../web/src/model/account';
import { toPlain } from '../../web/src/model/decimal';

const position = (overrides: Partial<PositionRisk> = {}): PositionRisk => ({
  symbol: 'BTCUSDT',
  positionAmt: '0.000',
  entryPrice: '0.0',
  breakEvenPrice: '0.0',
  markPrice: '65000.00000000',
  unRealizedProfit: '0.00000000',
  liquidationPrice: '0',
  leverage: '20',
  notional: '0',
  maintMargin: '0',
  initialMargin: '0',
  updateTime: 0,
  ...overrides,
});

const snapshot = (overrides: Partial<AccountSnapshot> = {}): AccountSnapshot => ({
  account: {
    totalMaintMargin: '0',
    totalMarginBalance: '100000.00000000',
    totalWalletBalance: '100000.00000000',
    totalUnrealizedProfit: '0',
    availableBalance: '100000.00000000',
    assets: [
      {
        asset: 'USDT',
        walletBalance: '100000.00000000',
        unrealizedProfit: '0',
        marginBalance: '100000.00000000',
        availableBalance: '100000.00000000',
        maintMargin: '0.00000000',
        initialMargin: '0',
      },
    ],
  },
  positions: [position()],
  openOrders: [],
  orders: [],
  trades: [],
  ...overrides,
});

const orderEvent = (
  o: Partial<OrderTradeUpdateEvent['o']> & Pick<OrderTradeUpdateEvent['o'], 'i' | 'x' | 'X'>,
): OrderTradeUpdateEvent => ({
  e: 'ORDER_TRADE_UPDATE',
  E: 0,
  T: o.T ?? 1000,
  o: {
    s: 'BTCUSDT',
    c: 'web1',
    S: 'BUY',
    o: 'LIMIT',
    f: 'GTC',
    q: '0.010',
    p: '64000.0',
    ap: '0',
    sp: '0',
    l: '0',
    z: '0',
    L: '0',
    T: 1000,
    t: 0,
    m: false,
    R: false,
    rp: '0',
    ...o,
  },
});

const accountEvent = (T: number, pa: string, ep: string, wb: string): AccountUpdateEvent => ({
  e: 'ACCOUNT_UPDATE',
  E: T,
  T,
  a: {
    m: 'ORDER',
    B: [{ a: 'USDT', wb, cw: wb, bc: '0' }],
    P: [{ s: 'BTCUSDT', pa, ep, bep: ep, cr: '0', up: '0', mt: 'cross', ps: 'BOTH' }],
  },
});

test('an order accepted, partly filled, then filled: open while working, in history and fills throughout', () => {
  let state = accountFromRest(snapshot());
  state = applyUserEvent(state, orderEvent({ i: 7, x: 'NEW', X: 'NEW', T: 1000 }));
  expect([...state.openOrders.keys()]).toEqual([7]);

  state = applyUserEvent(
    state,
    orderEvent({
      i: 7,
      x: 'TRADE',
      X: 'PARTIALLY_FILLED',
      z: '0.004',
      l: '0.004',
      L: '64000.0',
      t: 31,
      n: '0.0512',
      N: 'USDT',
      m: true,
      T: 1100,
    }),
  );
  expect(state.openOrders.get(7)?.executedQty).toBe('0.004');
  state = applyUserEvent(
    state,
    orderEvent({
      i: 7,
      x: 'TRADE',
      X: 'FILLED',
      z: '0.010',
      l: '0.006',
      L: '64000.0',
      t: 32,
      n: '0.0768',
      N: 'USDT',
      m: true,
      T: 1200,
    }),
  );

  expect(state.openOrders.size).toBe(0);
  expect(state.orders.map((o) => [o.orderId, o.status, o.executedQty])).toEqual([[7, 'FILLED', '0.010']]);
  expect(state.trades.map((t) => [t.id, t.qty, t.quoteQty, t.commission, t.maker])).toEqual([
    [32, '0.006', '384.0000', '0.0768', true],
    [31, '0.004', '256.0000', '0.0512', true],
  ]);
});

test('a cancel closes the order; the same event twice changes nothing', () => {
  let state = accountFromRest(snapshot());
  state = applyUserEvent(state, orderEvent({ i: 8, x: 'NEW', X: 'NEW' }));
  const canceled = orderEvent({ i: 8, x: 'CANCELED', X: 'CANCELED', T: 2000 });
  state = applyUserEvent(state, canceled);
  const again = applyUserEvent(state, canceled);
  expect(state.openOrders.size).toBe(0);
  expect(again.orders).toEqual(state.orders);
  expect(again.trades).toEqual(state.trades);
});

test('an event older than the REST answer does not reopen an order the answer has closed', () => {
  const closed: Order = {
    orderId: 9,
    symbol: 'BTCUSDT',
    status: 'CANCELED',
    clientOrderId: 'x',
    price: '64000.0',
    avgPrice: '0',
    origQty: '0.010',
    executedQty: '0',
    timeInForce: 'GTC',
    type: 'LIMIT',
    reduceOnly: false,
    side: 'BUY',
    time: 1000,
    updateTime: 3000,
  };
  let state = accountFromRest(snapshot({ orders: [closed] }));
  state = applyUserEvent(state, orderEvent({ i: 9, x: 'NEW', X: 'NEW', T: 1000 }));
  expect(state.openOrders.size).toBe(0);
  expect(state.orders[0]?.status).toBe('CANCELED');
});

test('a fill moves the wallet and the position; marks revalue the position exactly', () => {
  let state = accountFromRest(snapshot());
  state = applyMarkPrice(state, 'BTCUSDT', '64000.00000000');
  state = applyUserEvent(state, accountEvent(5000, '0.010', '64000.0000', '99999.87200000'));
  expect(openPositions(state).map((p) => [p.positionAmt, p.entryPrice, p.markPrice])).toEqual([
    ['0.010', '64000.0000', '64000.00000000'],
  ]);
  expect(state.balances.get('USDT')?.walletBalance).toBe('99999.87200000');

  state = applyMarkPrice(state, 'BTCUSDT', '64123.45000000');
  // 0.010 × (64123.45 − 64000) = 1.2345, exactly.
  expect(state.positions.get('BTCUSDT')?.unRealizedProfit).toBe('1.23450000');
  const summary = marginSummary(state);
  expect(toPlain(summary.marginBalance)).toBe('100001.10650000');
});

test('a short position loses when the mark rises', () => {
  let state = accountFromRest(snapshot());
  state = applyUserEvent(state, accountEvent(5000, '-0.500', '64000.0', '100000'));
  state = applyMarkPrice(state, 'BTCUSDT', '64100.0');
  expect(state.positions.get('BTCUSDT')?.unRealizedProfit).toBe('-50.00000000');
});

test('margin ratio = maintenance margin / margin balance, rounded up to 0.01%', () => {
  const state = accountFromRest(
    snapshot({
      account: {
        ...snapshot().account,
        assets: [{ ...snapshot().account.assets[0]!, walletBalance: '1000', maintMargin: '2.5' }],
      },
      positions: [position({ positionAmt: '0.100', entryPrice: '60000', unRealizedProfit: '-100' })],
    }),
  );
  const summary = marginSummary(state);
  expect(toPlain(summary.marginBalance)).toBe('900');
  expect(toPlain(summary.marginRatioPercent!)).toBe('0.28'); // 0.2777…% rounds up
});

test('positions without size are not listed', () => {
  const state = accountFromRest(
    snapshot({ positions: [position(), position({ symbol: 'ETHUSDT', positionAmt: '-1.000' })] }),
  );
  expect(openPositions(state).map((p) => p.symbol)).toEqual(['ETHUSDT']);
});
