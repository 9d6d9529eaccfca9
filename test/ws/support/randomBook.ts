import type { EngineEvent } from '../../../core/engine/events';
import { MatchingEngine } from '../../../core/engine/matchingEngine';
import type { Side } from '../../../core/orders/order';
import type { SymbolSpec } from '../../../core/symbol/symbolSpec';
import { TESTUSDT } from '../../core/support/specs';

/** mulberry32: small, fast, the same sequence everywhere. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const BOOK_SPEC: SymbolSpec = { ...TESTUSDT, maxNumOrders: 10_000 };

/**
 * Drives one engine with a seeded mix of resting and crossing limit orders, IOC takers, market orders, cancels
 * and amends around a price of 1,000, and returns each command's events (in order).
 */
export function randomCommands(
  seed: number,
  commands: number,
): { engine: MatchingEngine; perCommand: EngineEvent[][] } {
  const random = prng(seed);
  const engine = MatchingEngine.create(BOOK_SPEC.symbol);
  const perCommand: EngineEvent[][] = [];
  let time = 1_700_000_000_000;
  const run = (command: Parameters<MatchingEngine['execute']>[0]) => perCommand.push(engine.execute(command));
  run({ type: 'ListSymbol', commandId: 'list', time, spec: BOOK_SPEC });
  const live: { orderId: number; accountId: number; side: Side }[] = [];
  for (let i = 1; i <= commands; i++) {
    time += Math.floor(random() * 50);
    const accountId = 1 + Math.floor(random() * 4);
    const side: Side = random() < 0.5 ? 'BUY' : 'SELL';
    const roll = random();
    if (roll < 0.12 && live.length > 0) {
      const target = live.splice(Math.floor(random() * live.length), 1)[0]!;
      run({
        type: 'CancelOrder',
        commandId: `c${i}`,
        time,
        accountId: target.accountId,
        orderId: target.orderId,
      });
    } else if (roll < 0.2 && live.length > 0) {
      const target = live[Math.floor(random() * live.length)]!;
      const price =
        target.side === 'BUY' ? 990 - Math.floor(random() * 10) : 1010 + Math.floor(random() * 10);
      run({
        type: 'AmendOrder',
        commandId: `c${i}`,
        time,
        accountId: target.accountId,
        orderId: target.orderId,
        side: target.side,
        price,
        quantity: 1 + Math.floor(random() * 5),
      });
    } else {
      const crossing = random() < 0.25;
      const market = crossing && random() < 0.3;
      const offset = Math.floor(random() * 12);
      const price = crossing
        ? side === 'BUY'
          ? 1002 + offset
          : 998 - offset
        : side === 'BUY'
          ? 999 - offset
          : 1001 + offset;
      run({
        type: 'PlaceOrder',
        commandId: `c${i}`,
        time,
        order: {
          orderId: i,
          accountId,
          clientOrderId: `o${i}`,
          side,
          type: market ? 'MARKET' : 'LIMIT',
          timeInForce: crossing && random() < 0.3 ? 'IOC' : 'GTC',
          price: market ? 0 : price,
          quantity: 1 + Math.floor(random() * 6),
          reduceOnly: false,
          selfTradePreventionMode: 'NONE',
        },
      });
      live.push({ orderId: i, accountId, side });
    }
  }
  return { engine, perCommand };
}

/**
 * Cuts the events into event-store items: mostly a few whole commands each, sometimes one command's events cut
 * in two (the matcher does that for huge commands), as the matcher commits them.
 */
export function cutIntoBatches(perCommand: readonly EngineEvent[][], random: () => number): EngineEvent[][] {
  const batches: EngineEvent[][] = [];
  let current: EngineEvent[] = [];
  for (const events of perCommand) {
    if (events.length > 2 && random() < 0.1) {
      const cut = 1 + Math.floor(random() * (events.length - 1));
      current.push(...events.slice(0, cut));
      batches.push(current);
      current = [...events.slice(cut)];
    } else current.push(...events);
    if (current.length > 0 && random() < 0.4) {
      batches.push(current);
      current = [];
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
