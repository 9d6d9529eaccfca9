import type { EngineCommand } from '../../../core/engine/commands';
import type { EngineEvent } from '../../../core/engine/events';
import { MatchingEngine } from '../../../core/engine/matchingEngine';
import type { NewOrder } from '../../../core/orders/order';
import { BTCUSDT } from '../../core/support/specs';

/**
 * A small BTCUSDT session whose read models the route tests check to the digit (tick 0.10, step 0.001, maker
 * 0.02 %, taker 0.05 %), ending at NOW:
 *
 *   T0       account 1 rests two asks at 65000.0 (0.010, 0.020), account 2 one at 65010.0 (0.005),
 *            account 3 a bid at 64990.0 (0.010)
 *   T1       account 2 buys 0.025 at market: trades 1 and 2 at 65000.0, one aggregate (the second ask keeps 0.005)
 *   T2       account 1 sells 0.004 IOC at 64990.0: trade 3, the bid keeps 0.006
 */
export const NOW = Date.UTC(2025, 4, 14, 12, 0, 30, 250);
export const T0 = NOW - 3 * 3_600_000;
export const T1 = NOW - 2 * 3_600_000;
export const T2 = NOW - 60_000;
export const ACCOUNTS = { one: 101, two: 102, three: 103, stranger: 104 } as const;

const limit = (
  orderId: number,
  accountId: number,
  side: 'BUY' | 'SELL',
  price: number,
  qty: number,
  tif: 'GTC' | 'IOC' = 'GTC',
): NewOrder => ({
  orderId,
  accountId,
  clientOrderId: `client-${orderId}`,
  side,
  type: 'LIMIT',
  timeInForce: tif,
  price,
  quantity: qty,
  reduceOnly: false,
  selfTradePreventionMode: 'EXPIRE_MAKER',
});

export function scriptedSession(): { outcomes: EngineEvent[][]; events: EngineEvent[] } {
  const engine = MatchingEngine.create('BTCUSDT');
  const a = ACCOUNTS;
  const commands: EngineCommand[] = [
    { type: 'ListSymbol', commandId: 'list', time: T0 - 1000, spec: BTCUSDT },
    { type: 'PlaceOrder', commandId: 'p11', time: T0, order: limit(11, a.one, 'SELL', 650_000, 10) },
    { type: 'PlaceOrder', commandId: 'p12', time: T0 + 1, order: limit(12, a.one, 'SELL', 650_000, 20) },
    { type: 'PlaceOrder', commandId: 'p13', time: T0 + 2, order: limit(13, a.two, 'SELL', 650_100, 5) },
    { type: 'PlaceOrder', commandId: 'p14', time: T0 + 3, order: limit(14, a.three, 'BUY', 649_900, 10) },
    {
      type: 'PlaceOrder',
      commandId: 'p15',
      time: T1,
      order: { ...limit(15, a.two, 'BUY', 0, 25), type: 'MARKET' },
    },
    { type: 'PlaceOrder', commandId: 'p16', time: T2, order: limit(16, a.one, 'SELL', 649_900, 4, 'IOC') },
  ];
  const outcomes = commands.map((c) => engine.execute(c));
  return { outcomes, events: outcomes.flat() };
}
