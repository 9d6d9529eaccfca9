import type { Trader } from '../../../local/localExchange';
import { prng } from '../../ws/support/randomBook';
import { type Json, type Params, Rest } from './rest';

/**
 * A busy random trading session over REST: several traders at once, each placing resting orders, crossing ones
 * (GTC, IOC, FOK, post-only), market orders, cancelling and amending its own, around a mid of 60,000 (within the
 * PERCENT_PRICE band of any trade it makes). Every answer is kept for the checks; an error outside the codes a
 * busy book explains (the order filled or was canceled meanwhile, post-only would take, FOK could not fill, no
 * price yet for a market order) is recorded as unexpected.
 */

export interface SessionTrader {
  readonly trader: Trader;
  readonly rest: Rest;
  readonly deposit: string;
}

export interface PlacedOrder {
  readonly accountId: number;
  readonly orderId: number;
  readonly respType: 'ACK' | 'RESULT';
  readonly params: Params;
  readonly body: Json;
}

export interface SessionLog {
  readonly placed: PlacedOrder[];
  /** Replies of the cancels that succeeded. */
  readonly canceled: Json[];
  /** The amendments that succeeded: what was asked and the reply. */
  readonly amended: { readonly params: Params; readonly body: Json }[];
  /** Client order id → error code, of the orders refused. */
  readonly refused: Map<string, number>;
  readonly errors: Map<number, number>;
  readonly unexpected: string[];
  operations: number;
}

/** Codes a concurrent session answers legitimately. */
export const EXPLAINED = new Set([
  -2011, // cancel: the order filled or was canceled meanwhile
  -2013, // amend: likewise
  -5027, // amend: nothing changed
  -5022, // post-only would take
  -5021, // FOK could not fill
  -4131, // MARKET before the book has a price
]);

const MID = 60_000;

export async function runSession(
  traders: readonly SessionTrader[],
  operationsPerTrader: number,
  seed: number,
  /** Called by the first trader before each of its operations (e.g. to let clients join mid-session). */
  beforeOperation?: (index: number) => Promise<void>,
): Promise<SessionLog> {
  const log: SessionLog = {
    placed: [],
    canceled: [],
    amended: [],
    refused: new Map(),
    errors: new Map(),
    unexpected: [],
    operations: 0,
  };
  await Promise.all(
    traders.map(async (t, n) => {
      const random = prng(seed * 1_009 + n);
      const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
      const open: { orderId: number; side: 'BUY' | 'SELL' }[] = [];
      const qty = () => (int(1, 30) / 1000).toFixed(3);
      const makerPrice = (side: 'BUY' | 'SELL') =>
        `${side === 'BUY' ? MID - int(1, 30) : MID + int(1, 30)}.0`;
      const takerPrice = (side: 'BUY' | 'SELL') =>
        `${side === 'BUY' ? MID + int(0, 30) : MID - int(0, 30)}.0`;

      const outcome = (what: string, reply: { status: number; body: Json }): boolean => {
        log.operations++;
        if (reply.status === 200) return true;
        const code = reply.body?.code as number;
        log.errors.set(code, (log.errors.get(code) ?? 0) + 1);
        if (reply.status !== 400 || !EXPLAINED.has(code))
          log.unexpected.push(`${what}: ${reply.status} ${JSON.stringify(reply.body)}`);
        return false;
      };
      let placed = 0;
      const place = async (params: Params) => {
        const respType = params.newOrderRespType === 'RESULT' ? 'RESULT' : 'ACK';
        const newClientOrderId = `${clientOrderIdPrefix(t.trader.accountId)}${placed++}`;
        const reply = await t.rest.order({ symbol: 'BTCUSDT', newClientOrderId, ...params });
        if (!outcome(`place ${JSON.stringify(params)}`, reply)) {
          log.refused.set(newClientOrderId, reply.body?.code);
          return;
        }
        const orderId = reply.body.orderId as number;
        log.placed.push({ accountId: t.trader.accountId, orderId, respType, params, body: reply.body });
        if (['NEW', 'PARTIALLY_FILLED'].includes(reply.body.status))
          open.push({ orderId, side: params.side as 'BUY' | 'SELL' });
      };

      for (let i = 0; i < operationsPerTrader; i++) {
        if (n === 0) await beforeOperation?.(i);
        const side = random() < 0.5 ? 'BUY' : 'SELL';
        const roll = random();
        if (roll < 0.4) {
          await place({ side, type: 'LIMIT', timeInForce: 'GTC', price: makerPrice(side), quantity: qty() });
        } else if (roll < 0.55) {
          await place({
            side,
            type: 'LIMIT',
            timeInForce: 'GTC',
            price: takerPrice(side),
            quantity: qty(),
            newOrderRespType: 'RESULT',
          });
        } else if (roll < 0.63) {
          await place({
            side,
            type: 'LIMIT',
            timeInForce: 'IOC',
            price: takerPrice(side),
            quantity: qty(),
            newOrderRespType: 'RESULT',
          });
        } else if (roll < 0.7) {
          await place({ side, type: 'MARKET', quantity: qty(), newOrderRespType: 'RESULT' });
        } else if (roll < 0.73) {
          await place({
            side,
            type: 'LIMIT',
            timeInForce: 'GTX',
            price: takerPrice(side),
            quantity: qty(),
            newOrderRespType: 'RESULT',
          });
        } else if (roll < 0.75) {
          await place({
            side,
            type: 'LIMIT',
            timeInForce: 'FOK',
            price: takerPrice(side),
            quantity: qty(),
            newOrderRespType: 'RESULT',
          });
        } else if (roll < 0.88 && open.length > 0) {
          const target = open.splice(int(0, open.length - 1), 1)[0]!;
          const reply = await t.rest.signed('DELETE', '/fapi/v1/order', {
            symbol: 'BTCUSDT',
            orderId: target.orderId,
          });
          if (outcome(`cancel ${target.orderId}`, reply)) log.canceled.push(reply.body);
        } else if (open.length > 0) {
          const target = open[int(0, open.length - 1)]!;
          // Now and then a price on the other side of the mid: the amended order crosses and trades.
          const price = random() < 0.2 ? takerPrice(target.side) : makerPrice(target.side);
          const params = {
            symbol: 'BTCUSDT',
            orderId: target.orderId,
            side: target.side,
            price,
            quantity: qty(),
          };
          const reply = await t.rest.signed('PUT', '/fapi/v1/order', params);
          if (outcome(`amend ${target.orderId}`, reply)) log.amended.push({ params, body: reply.body });
        } else {
          await place({ side, type: 'LIMIT', timeInForce: 'GTC', price: makerPrice(side), quantity: qty() });
        }
      }
    }),
  );
  return log;
}

/** Every order of the session carries its owner in its client order id. */
export function clientOrderIdPrefix(accountId: number): string {
  return `s${accountId}-`;
}

/** Opens `count` funded traders with REST clients. */
export async function sessionTraders(
  baseUrl: string,
  open: (funds: string) => Promise<Trader>,
  count: number,
  deposit: string,
): Promise<SessionTrader[]> {
  const traders: SessionTrader[] = [];
  for (let i = 0; i < count; i++) {
    const trader = await open(deposit);
    traders.push({ trader, rest: new Rest(baseUrl, trader), deposit });
  }
  return traders;
}
